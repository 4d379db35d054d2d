package app_test

import (
	"database/sql"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/payments"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/events"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// Back from onboarding, the organizer's account is checked with Stripe, and its
// events take cards only when Stripe says it can take charges (stripe-mock's
// accounts cannot).
func TestRefreshStripeAccountRecordsWhatStripeSays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		blobs, err := blob.NewFolder(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		c := &clock{t: time.Now().UTC()}
		st := sqlstore.New(d)
		ev := app.New(app.Config{Store: st, TxStore: func(tx *sql.Tx) app.Store { return st.WithTx(tx) }, DB: d,
			Blobs: blobs, Payments: payments.New(paymentstest.Config(t), d, nil), Now: c.Now})
		e, tier := publishedEvent(t, ev, c, 2000, 10)
		if err := ev.SetStripeAccount(ctx, organizer, "acct_1"); err != nil {
			t.Fatal(err)
		}
		if full, _ := ev.PublicEvent(ctx, nil, e.ID); !full.CardPayments {
			t.Fatal("an account recorded as able to charge: no cardPayments")
		}
		ready, err := ev.RefreshStripeAccount(ctx, organizer)
		if err != nil || ready {
			t.Fatalf("refresh: %v %v, want not ready", ready, err)
		}
		if full, _ := ev.PublicEvent(ctx, nil, e.ID); full.CardPayments {
			t.Fatal("cardPayments after Stripe said the account cannot charge")
		}
		if _, err := buy(ev, e, tier, 1, domain.PayCard); codeOf(err) != errs.CodeConflict {
			t.Fatalf("a card purchase: %v", err)
		}
	}, host.KitMigrations, events.Migrations, audit.Migrations)
}
