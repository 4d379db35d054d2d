package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"stepperslife/internal/kit/notify"
)

// OrderEvent tells a restaurant's open dashboards that an order changed.
type OrderEvent struct {
	RestaurantID string `json:"restaurantId"`
	OrderID      string `json:"orderId"`
	OrderNumber  string `json:"orderNumber"`
	Status       string `json:"status"`
	// Kind is created, status, payment, kitchen or menu; reload when events may have
	// been missed (this replica lost the database's notifications for a while).
	Kind string `json:"kind"`
}

// hubTopic is the hub's topic on the service's notification bus.
const hubTopic = "orders"

// Hub fans order events out to the dashboards watching a restaurant. Events go
// through the service's notification bus, so a board open on one replica hears of an
// order taken by another. A slow watcher loses events rather than slowing the
// sender: each event only prompts the board to reload, so the next one (or a
// reconnect) catches up.
type Hub struct {
	bus  *notify.Bus
	log  *slog.Logger
	mu   sync.Mutex
	subs map[string]map[chan OrderEvent]struct{}
}

// newHub makes an empty hub listening on bus.
func newHub(bus *notify.Bus, log *slog.Logger) *Hub {
	h := &Hub{bus: bus, log: log, subs: map[string]map[chan OrderEvent]struct{}{}}
	bus.Subscribe(hubTopic, h.heard)
	return h
}

// Subscribe watches one restaurant until cancel is called.
func (h *Hub) Subscribe(restaurantID string) (events <-chan OrderEvent, cancel func()) {
	ch := make(chan OrderEvent, 16)
	h.mu.Lock()
	if h.subs[restaurantID] == nil {
		h.subs[restaurantID] = map[chan OrderEvent]struct{}{}
	}
	h.subs[restaurantID][ch] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[restaurantID], ch)
			if len(h.subs[restaurantID]) == 0 {
				delete(h.subs, restaurantID)
			}
			h.mu.Unlock()
		})
	}
}

// Publish announces ev to the watchers of its restaurant on every replica. It is
// called after the change is committed; a failure to announce is logged, not
// returned, since the change stands and boards also refresh on their own.
func (h *Hub) Publish(ctx context.Context, ev OrderEvent) {
	b, err := json.Marshal(ev)
	if err == nil {
		// The announcement goes out even if the caller has just gone away.
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		err = h.bus.Publish(pctx, hubTopic, b)
		cancel()
	}
	if err != nil {
		h.log.Warn("order event not announced", slog.String("restaurant", ev.RestaurantID), slog.String("error", err.Error()))
	}
}

// heard hands an event from the bus to this replica's watchers without waiting.
func (h *Hub) heard(m notify.Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m.Reload {
		for id, subs := range h.subs {
			for ch := range subs {
				send(ch, OrderEvent{RestaurantID: id, Kind: "reload"})
			}
		}
		return
	}
	var ev OrderEvent
	if json.Unmarshal(m.Payload, &ev) != nil {
		return
	}
	for ch := range h.subs[ev.RestaurantID] {
		send(ch, ev)
	}
}

func send(ch chan OrderEvent, ev OrderEvent) {
	select {
	case ch <- ev:
	default:
	}
}

// Watchers counts the open subscriptions of a restaurant, for tests and metrics.
func (h *Hub) Watchers(restaurantID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[restaurantID])
}
