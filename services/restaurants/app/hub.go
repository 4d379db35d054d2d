package app

import "sync"

// OrderEvent tells a restaurant's open dashboards that an order changed.
type OrderEvent struct {
	RestaurantID string `json:"restaurantId"`
	OrderID      string `json:"orderId"`
	OrderNumber  string `json:"orderNumber"`
	Status       string `json:"status"`
	Kind         string `json:"kind"` // created, status, payment
}

// Hub fans order events out to the dashboards watching a restaurant, within this
// process. A slow watcher loses events rather than slowing the sender: each event
// only prompts the board to reload, so the next one (or a reconnect) catches up.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan OrderEvent]struct{}
}

// newHub makes an empty hub.
func newHub() *Hub { return &Hub{subs: map[string]map[chan OrderEvent]struct{}{}} }

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

// Publish sends ev to every watcher of its restaurant without waiting.
func (h *Hub) Publish(ev OrderEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[ev.RestaurantID] {
		select {
		case ch <- ev:
		default:
		}
	}
}

// Watchers counts the open subscriptions of a restaurant, for tests and metrics.
func (h *Hub) Watchers(restaurantID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[restaurantID])
}
