package payments

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// MaxWebhookBytes bounds a webhook body; Stripe's events are far smaller.
const MaxWebhookBytes = 1 << 20

// webhookProvider is this kit's provider name in processed_events.
const webhookProvider = "stripe"

// HandleFunc reacts to one verified event inside the transaction that records it as
// handled; an error rolls both back and Stripe delivers the event again. It must do
// all its writes through tx.
type HandleFunc func(ctx context.Context, tx *sql.Tx, ev Event) error

// WebhookHandler serves POST /api/webhooks/stripe: it verifies the Stripe-Signature
// with this service's webhook secret and handles each event id once, however often
// and however concurrently Stripe delivers it.
//
// afterCommit, when not nil, runs once the event's transaction has committed and
// the answer is written: the place to kick an outbox or tell listeners, since only
// then do other connections see what handle wrote. It does not run for an event that
// failed, nor for a duplicate delivery, which has nothing new to tell.
func (p *Payments) WebhookHandler(handle HandleFunc, afterCommit func()) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			web.WriteError(w, r, errs.Errorf(errs.CodeMethodNotAllowed, "Send webhooks with POST."))
			return
		}
		if !p.cfg.WebhookSecret.Set() || p.store == nil {
			web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "Stripe webhooks are not configured for this service."))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBytes))
		if err != nil {
			web.WriteError(w, r, readError(err))
			return
		}
		raw, err := webhook.ConstructEventWithOptions(body, r.Header.Get("Stripe-Signature"), p.cfg.WebhookSecret.Reveal(),
			// Fixtures and older endpoints may render another API version; the kit
			// reads the few fields it needs from the raw object either way.
			webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
		if err != nil {
			p.log.LogAttrs(r.Context(), slog.LevelWarn, "stripe webhook refused", slog.String("error", err.Error()))
			web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The webhook signature could not be verified."))
			return
		}
		ev := ParseEvent(raw)
		if ev.ID == "" {
			web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The webhook event has no id."))
			return
		}
		fresh, err := p.handleOnce(r.Context(), ev, handle)
		if err != nil {
			p.log.LogAttrs(r.Context(), slog.LevelError, "stripe webhook failed; Stripe will retry",
				slog.String("event", ev.ID), slog.String("type", ev.Type), slog.String("error", err.Error()))
			web.WriteError(w, r, errs.Errorf(errs.CodeInternal, "The event could not be handled; it will be retried."))
			return
		}
		web.WriteJSON(w, http.StatusOK, map[string]any{"received": true, "duplicate": !fresh})
		if fresh && afterCommit != nil {
			afterCommit()
		}
	}
}

// handleOnce records the event and runs handle in one transaction. The primary key
// of processed_events makes a concurrent second delivery wait for the first and then
// insert nothing, so handle runs once; a failed handle rolls its row back too.
func (p *Payments) handleOnce(ctx context.Context, ev Event, handle HandleFunc) (fresh bool, err error) {
	err = p.store.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO processed_events (provider, event_id, received_at) VALUES ($1, $2, $3)
			 ON CONFLICT (provider, event_id) DO NOTHING`,
			webhookProvider, ev.ID, time.Now().UTC())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		fresh = true
		if handle == nil {
			return nil
		}
		return handle(ctx, tx, ev)
	})
	if err != nil {
		return false, err
	}
	return fresh, nil
}

func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errs.Errorf(errs.CodePayloadTooLarge, "The webhook body is too large.")
	}
	return errs.Errorf(errs.CodeValidation, "The webhook body could not be read.")
}

// Handled reports whether the event with this id was already handled, for tests and
// for reconciling by hand.
func (p *Payments) Handled(ctx context.Context, eventID string) (bool, error) {
	var n int
	err := p.store.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM processed_events WHERE provider = $1 AND event_id = $2`, webhookProvider, eventID).Scan(&n)
	return n > 0, err
}
