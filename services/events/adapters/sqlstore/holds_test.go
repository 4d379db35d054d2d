package sqlstore_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/holds"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/domain"
)

func isHoldLimit(err error) (holds.Held, bool) {
	var e *domain.HoldLimitError
	if errors.As(err, &e) {
		return e.Held, true
	}
	return holds.Held{}, false
}

// One buyer's unpaid orders at an event are bounded in number and in tickets; paid
// orders, other buyers, other events and lapsed holds do not count.
func TestHoldLimitPerBuyerAndEvent(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Hoarded Ball", domain.EventPublished, 48*time.Hour)
		other := seedEvent(t, s, "Other Ball", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 2000, 120)
		otherTier := seedTier(t, s, other.ID, 2000, 120)
		limit := holds.Limit{Orders: 2, Units: 10}
		place := func(e domain.Event, tr domain.Tier, n int, status domain.OrderStatus, buyer string, at time.Time) error {
			o, q := order(e, tr, n, domain.PayCash, status, domain.TicketPending)
			o.BuyerID = buyer
			return s.PlaceOrder(ctx, o, q, limit, at)
		}
		if err := place(ev, tier, 4, domain.OrderPendingPayment, "buyer", now); err != nil {
			t.Fatal(err)
		}
		if err := place(ev, tier, 7, domain.OrderPendingPayment, "buyer", now); err == nil {
			t.Fatal("11 tickets held unpaid")
		} else if held, ok := isHoldLimit(err); !ok || held.Orders != 1 || held.Units != 4 || !held.Until.Equal(now.Add(domain.HoldFor)) {
			t.Fatalf("over the ticket limit: %v %+v", err, held)
		}
		if err := place(ev, tier, 6, domain.OrderPendingPayment, "buyer", now); err != nil {
			t.Fatalf("up to the ticket limit: %v", err)
		}
		if err := place(ev, tier, 1, domain.OrderPending, "buyer", now); err == nil {
			t.Fatal("a third unpaid order")
		} else if held, ok := isHoldLimit(err); !ok || held.Orders != 2 || held.Units != 10 {
			t.Fatalf("over the order limit: %v %+v", err, held)
		}
		// A free (completed) order holds nothing; another buyer and another event have their own room.
		for name, err := range map[string]error{
			"paid":        place(ev, tier, 10, domain.OrderCompleted, "buyer", now),
			"other buyer": place(ev, tier, 10, domain.OrderPendingPayment, "someone", now),
			"other event": place(other, otherTier, 10, domain.OrderPendingPayment, "buyer", now),
			"lapsed":      place(ev, tier, 1, domain.OrderPendingPayment, "buyer", now.Add(domain.HoldFor)),
		} {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		if sold(t, s, ev.ID) != 31 {
			t.Fatalf("sold %d, want 31: a refused order took seats", sold(t, s, ev.ID))
		}
	})
}

// Twelve unpaid orders from one buyer at once: exactly the limit gets through.
func TestHoldLimitHoldsUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Raced Ball", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 2000, 120)
		limit := holds.Limit{Orders: 2, Units: 50}
		var wg sync.WaitGroup
		var mu sync.Mutex
		placed, refused := 0, 0
		for range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, q := order(ev, tier, 10, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
				err := s.PlaceOrder(ctx, o, q, limit, now)
				mu.Lock()
				defer mu.Unlock()
				if _, ok := isHoldLimit(err); ok {
					refused++
				} else if err == nil {
					placed++
				} else {
					t.Errorf("place: %v", err)
				}
			}()
		}
		wg.Wait()
		if placed != 2 || refused != 10 || sold(t, s, ev.ID) != 20 {
			t.Fatalf("placed %d, refused %d, sold %d; want 2, 10, 20", placed, refused, sold(t, s, ev.ID))
		}
	})
}

// An organizer's account takes card sales only once Stripe lets it take charges.
func TestOrganizersWhoCanCharge(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		if err := s.SetStripeAccount(ctx, "org", "o@example.com", domain.PayoutAccount{ID: "acct_1"}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.SetStripeAccount(ctx, "ready", "r@example.com", domain.PayoutAccount{ID: "acct_2", ChargesEnabled: true}, now); err != nil {
			t.Fatal(err)
		}
		can, err := s.OrganizersWhoCanCharge(ctx, []string{"org", "ready", "nobody"})
		if err != nil || len(can) != 1 || !can["ready"] {
			t.Fatalf("before onboarding: %v %v", can, err)
		}
		if err := s.SetChargesEnabled(ctx, "acct_1", true, now); err != nil {
			t.Fatal(err)
		}
		if acct, err := s.StripeAccount(ctx, "org"); err != nil || !acct.CanCharge() {
			t.Fatalf("after onboarding: %+v %v", acct, err)
		}
		if err := s.SetChargesEnabled(ctx, "acct_unknown", true, now); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("an account no organizer has: %v", err)
		}
		if err := s.SetChargesEnabled(ctx, "acct_2", false, now); err != nil {
			t.Fatal(err)
		}
		if can, _ := s.OrganizersWhoCanCharge(ctx, []string{"org", "ready"}); !can["org"] || can["ready"] {
			t.Fatalf("after Stripe paused one: %v", can)
		}
	})
}
