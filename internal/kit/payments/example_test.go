package payments_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/payments"
)

// A service builds one Payments from its own keys, sells through CreateCheckout and
// confirms orders only in the webhook.
func Example() {
	var (
		cfg   config.Stripe // the service's cfg.Stripe
		store *db.DB        // the service's database, migrated with app.KitMigrations
		mux   = http.NewServeMux()
	)
	pay := payments.New(cfg, store, slog.Default())

	mux.HandleFunc("POST /api/webhooks/stripe", pay.WebhookHandler(
		func(ctx context.Context, tx *sql.Tx, ev payments.Event) error {
			switch {
			case ev.Paid():
				_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'CONFIRMED' WHERE id = $1`, ev.ClientReferenceID)
				return err
			case ev.Type == payments.CheckoutSessionExpired:
				_, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'CANCELLED' WHERE id = $1`, ev.ClientReferenceID)
				return err
			}
			return nil // other kinds: acknowledged, nothing to do
		},
		nil, // or a func to run once an event has committed, such as an outbox kick
	))

	if !pay.Enabled() {
		return // offer pay at pickup, cash, free; card answers payments.ErrCardPaymentsOff
	}
	total := int64(2 * 1450)
	_, _ = pay.CreateCheckout(context.Background(), payments.Checkout{
		ConnectedAccount:    "acct_…", // the business's Express account
		Lines:               []payments.Line{{Name: "Jerk chicken", UnitCents: 1450, Quantity: 2}},
		ApplicationFeeCents: payments.PercentFee(total, 500),
		SuccessURL:          "https://restaurants.example.com/orders/o1",
		ClientReferenceID:   "o1",
		IdempotencyKey:      "checkout-o1",
	})
}
