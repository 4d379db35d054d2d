package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/app"
)

// Heartbeat keeps idle streams open through proxies, notices gone clients and asks
// again whether the listener is still on the team. Tests shorten it.
var Heartbeat = 20 * time.Second

// orderStream is a server-sent event stream of a restaurant's order changes for its
// team. It ends when the client leaves or the server begins to stop.
func (h *Handlers) orderStream(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	// allowed is asked at the start and again at every heartbeat, so someone removed
	// from the team stops hearing about orders within one heartbeat.
	allowed := func() error {
		_, _, err := h.App.RestaurantOrders(r.Context(), user(r), id, nil, app.Page{Limit: 1})
		return err
	}
	if err := allowed(); err != nil {
		web.WriteError(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	// The server's write timeout is for ordinary answers; a stream lives longer.
	_ = rc.SetWriteDeadline(time.Time{})
	events, cancel := h.App.Hub().Subscribe(id)
	defer cancel()
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n: connected\n\n")
	if err := rc.Flush(); err != nil {
		return
	}
	tick := time.NewTicker(Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-web.Stopping(r.Context()):
			return
		case <-tick.C:
			if allowed() != nil {
				return
			}
			fmt.Fprint(w, ": ping\n\n")
		case ev := <-events:
			b, _ := json.Marshal(ev)
			fmt.Fprintf(w, "event: order\ndata: %s\n\n", b)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
