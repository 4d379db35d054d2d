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

// webhook verifies and applies Stripe events through the kit (each event once). The
// kit commits an event's transaction after the handler returns, so the dashboards
// hear of a change, and the outbox is kicked for its e-mail, only after that commit.
func (h *Handlers) webhook(w http.ResponseWriter, r *http.Request) {
	var changed []*domain.Order
	h.Payments.WebhookHandler(func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
		o, err := h.App.HandlePayment(ctx, h.TxStore(tx), ev)
		if err != nil {
			return err
		}
		if o != nil {
			changed = append(changed, o)
		}
		return nil
	}, func() {
		for _, o := range changed {
			h.App.Announce(r.Context(), o)
		}
	})(w, r)
}
