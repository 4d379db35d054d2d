package app_test

import (
	"strconv"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// Wrong guesses from many accounts close an event's codes for a while; the codes
// open again when the window has passed.
func TestWrongCodesFromManyAccountsCloseAnEventsCodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 2000, 100)
		if _, err := ev.AddDiscount(ctx, organizer, e.ID, domain.DiscountInput{Code: "REAL20", Kind: domain.DiscountPercent, Amount: 20}); err != nil {
			t.Fatal(err)
		}
		withCode := func(u *auth.User, code string) error {
			_, err := ev.Purchase(ctx, u, app.PurchaseRequest{EventID: e.ID, Method: domain.PayCash, DiscountCode: code,
				Items: []domain.Item{{TierID: tier.ID, Quantity: 1}}})
			return err
		}
		for a := range 10 {
			u := &auth.User{ID: "guesser-" + strconv.Itoa(a), Email: "g" + strconv.Itoa(a) + "@example.com", Name: "G"}
			for i := range 10 {
				if err := withCode(u, "GUESS"+strconv.Itoa(i)); codeOf(err) != errs.CodeConflict {
					t.Fatalf("account %d, guess %d: %v", a, i, err)
				}
			}
		}
		honest := &auth.User{ID: "honest", Email: "honest@example.com", Name: "Hon"}
		if err := withCode(honest, "REAL20"); codeOf(err) != errs.CodeRateLimited {
			t.Fatalf("the event's codes after 100 wrong guesses: %v", err)
		}
		if _, err := buy(ev, e, tier, 1, domain.PayCash); err != nil {
			t.Fatalf("a purchase without a code: %v", err)
		}
		c.Add(15 * time.Minute)
		if err := withCode(honest, "REAL20"); err != nil {
			t.Fatalf("the real code after the window: %v", err)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}
