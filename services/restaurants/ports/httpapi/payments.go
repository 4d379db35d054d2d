package httpapi

import (
	"context"
	"database/sql"
	"net/http"

	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/domain"
)

func (h *Handlers) onboard(w http.ResponseWriter, r *http.Request) {
	url, err := h.App.Onboard(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"url": url})
}

func (h *Handlers) paymentSetup(w http.ResponseWriter, r *http.Request) {
	s, err := h.App.PaymentSetup(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s)
}

type changedKey struct{}

// webhook verifies and applies Stripe events through the kit (each event once). The
// kit commits an event's transaction after the handler below returns and before it
// answers, so the dashboards hear of a change, and the outbox is kicked for its
// e-mail, only once the kit has answered with success.
func (h *Handlers) webhook(w http.ResponseWriter, r *http.Request) {
	var changed []*domain.Order
	ctx := context.WithValue(r.Context(), changedKey{}, &changed)
	rec := &statusRecorder{ResponseWriter: w}
	h.webhookHandler()(rec, r.WithContext(ctx))
	if rec.status < 200 || rec.status >= 300 {
		return
	}
	for _, o := range changed {
		h.App.Announce(o)
	}
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (h *Handlers) webhookHandler() http.HandlerFunc {
	return h.Payments.WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
		o, err := h.App.HandlePayment(ctx, h.TxStore(tx), ev)
		if err != nil {
			return err
		}
		if list, ok := ctx.Value(changedKey{}).(*[]*domain.Order); ok && o != nil {
			*list = append(*list, o)
		}
		return nil
	})
}
