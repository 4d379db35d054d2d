package app

import (
	"context"
	"encoding/json"
	"log/slog"
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

// topicOf is a restaurant's topic on the service's notification bus.
func topicOf(restaurantID string) string { return "orders/" + restaurantID }

// Hub tells the dashboards watching a restaurant of its order events. Events go
// through the service's notification bus, so a board open on one replica hears of an
// order taken by another. A slow watcher loses events rather than slowing the
// sender: each event only prompts the board to reload, so the next one (or a
// reconnect) catches up.
type Hub struct {
	bus *notify.Bus
	log *slog.Logger
}

// newHub makes a hub on bus.
func newHub(bus *notify.Bus, log *slog.Logger) *Hub { return &Hub{bus: bus, log: log} }

// Subscribe watches one restaurant until cancel is called.
func (h *Hub) Subscribe(restaurantID string) (events <-chan OrderEvent, cancel func()) {
	ch := make(chan OrderEvent, 16)
	cancel = h.bus.Subscribe(topicOf(restaurantID), func(m notify.Message) {
		ev := OrderEvent{RestaurantID: restaurantID, Kind: "reload"}
		if !m.Reload && json.Unmarshal(m.Payload, &ev) != nil {
			return
		}
		select { // never wait on a slow board
		case ch <- ev:
		default:
		}
	})
	return ch, cancel
}

// Publish announces ev to the watchers of its restaurant on every replica. It is
// called after the change is committed; a failure to announce is logged, not
// returned, since the change stands and boards also refresh on their own.
func (h *Hub) Publish(ctx context.Context, ev OrderEvent) {
	b, err := json.Marshal(ev)
	if err == nil {
		// The announcement goes out even if the caller has just gone away.
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		err = h.bus.Publish(pctx, topicOf(ev.RestaurantID), b)
		cancel()
	}
	if err != nil {
		h.log.Warn("order event not announced", slog.String("restaurant", ev.RestaurantID), slog.String("error", err.Error()))
	}
}

// Watchers counts this replica's open subscriptions to a restaurant, for tests and
// metrics.
func (h *Hub) Watchers(restaurantID string) int { return h.bus.Subscribers(topicOf(restaurantID)) }
