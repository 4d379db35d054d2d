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

// webhook verifies and applies Stripe events through the kit (each event once), then
// tells the dashboards about what changed, after the change is committed.
func (h *Handlers) webhook(w http.ResponseWriter, r *http.Request) {
	var changed []*domain.Order
	ctx := context.WithValue(r.Context(), changedKey{}, &changed)
	h.webhookHandler()(w, r.WithContext(ctx))
	for _, o := range changed {
		h.App.Announce(o)
	}
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
