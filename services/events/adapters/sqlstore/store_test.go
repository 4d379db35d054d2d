package sqlstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/holds"
	"stepperslife/services/events"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/domain"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)
)

func each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, sqlstore.New(d)) }, events.Migrations)
}

func isSoldOut(err error) bool {
	var e *domain.SoldOutError
	return errors.As(err, &e)
}

// refusal is the check-in answer the use cases give when the store did not scan tk.
func refusal(tk domain.Ticket, eventID string, err error) errs.Code {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return domain.CodeTicketNotFound
	case !errors.Is(err, domain.ErrWrongState):
		return ""
	}
	if r := domain.CheckinRefusal(tk, eventID); r != nil {
		return r.Code
	}
	return ""
}

func seedEvent(t *testing.T, s *sqlstore.Store, title string, status domain.EventStatus, startsIn time.Duration) domain.Event {
	t.Helper()
	ev := domain.Event{ID: domain.NewID(), Slug: domain.Slugify(title), OrganizerID: "org", OrganizerEmail: "o@example.com",
		Title: title, Description: "Dance all night", Category: "BALL", Venue: "South Shore Cultural Center",
		StartsAt: now.Add(startsIn), EndsAt: now.Add(startsIn + 4*time.Hour), Status: status, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

func seedTier(t *testing.T, s *sqlstore.Store, eventID string, price int64, capacity int) domain.Tier {
	t.Helper()
	tier := domain.Tier{ID: domain.NewID(), EventID: eventID, Name: "General", PriceCents: price, Capacity: capacity,
		MaxPerOrder: 10, CreatedAt: now}
	if err := s.CreateTier(ctx, tier); err != nil {
		t.Fatal(err)
	}
	return tier
}

// order builds an order of n tickets of tier in status, as app does.
func order(ev domain.Event, tier domain.Tier, n int, method domain.PaymentMethod, status domain.OrderStatus, ts domain.TicketStatus) (domain.Order, domain.Quote) {
	o := domain.Order{ID: domain.NewID(), EventID: ev.ID, BuyerID: "buyer", BuyerName: "Bea", BuyerEmail: "bea@example.com",
		Method: method, Status: status, SubtotalCents: tier.PriceCents * int64(n), TotalCents: tier.PriceCents * int64(n),
		Currency: "usd", CreatedAt: now}
	if status.Holding() {
		exp := now.Add(domain.HoldFor)
		o.HoldExpiresAt = &exp
	}
	for range n {
		o.Tickets = append(o.Tickets, domain.Ticket{ID: domain.NewID(), Code: domain.NewTicketCode(), OrderID: o.ID,
			EventID: ev.ID, TierID: tier.ID, OwnerID: "buyer", AttendeeName: "Bea", AttendeeEmail: "bea@example.com",
			PriceCents: tier.PriceCents, Status: ts, CreatedAt: now})
	}
	return o, domain.Quote{Lines: []domain.Line{{Tier: tier, Quantity: n, UnitCents: tier.PriceCents}}, Tickets: n}
}

func sold(t *testing.T, s *sqlstore.Store, eventID string) int {
	t.Helper()
	tiers, err := s.TiersOf(ctx, eventID)
	if err != nil {
		t.Fatal(err)
	}
	return tiers[0].Sold
}

func TestEventsAndPublicList(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		a := seedEvent(t, s, "Winter Steppers Ball", domain.EventPublished, 48*time.Hour)
		b := seedEvent(t, s, "Sunday Set", domain.EventPublished, 24*time.Hour)
		seedEvent(t, s, "Draft Night", domain.EventDraft, 24*time.Hour)
		seedEvent(t, s, "Last Week", domain.EventPublished, -7*24*time.Hour)
		got, total, err := s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, Limit: 10})
		if err != nil || total != 2 || len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
			t.Fatalf("list: %v total %d %+v", err, total, got)
		}
		got, total, _ = s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, Q: "WINTER", Limit: 10})
		if total != 1 || got[0].ID != a.ID {
			t.Fatalf("q=winter: %d", total)
		}
		got, total, _ = s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, Q: "100%_", Limit: 10})
		if total != 0 {
			t.Fatalf("LIKE wildcards must be literal: %d", total)
		}
		from := now.Add(36 * time.Hour)
		_, total, _ = s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, From: &from, Limit: 10})
		if total != 1 {
			t.Fatalf("from: %d", total)
		}
		_, total, _ = s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, Category: "workshop", Limit: 10})
		if total != 0 {
			t.Fatalf("category: %d", total)
		}
		// Free: an event with a free ticket, whatever else it sells.
		seedTier(t, s, a.ID, 4500, 10)
		seedTier(t, s, b.ID, 2000, 10)
		seedTier(t, s, b.ID, 0, 10)
		got, total, _ = s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, Free: true, Limit: 10})
		if total != 1 || got[0].ID != b.ID {
			t.Fatalf("free: %d %+v", total, got)
		}
		got, total, _ = s.PublicEvents(ctx, domain.EventFilter{EndsAfter: now, Limit: 1, Offset: 1})
		if total != 2 || len(got) != 1 || got[0].ID != a.ID {
			t.Fatalf("page 2: %d %+v", total, got)
		}
		ok, err := s.MoveEvent(ctx, a.ID, domain.EventDraft, domain.EventCancelled, now)
		if err != nil || ok {
			t.Fatalf("move from the wrong state must not happen: %v %v", ok, err)
		}
		if ok, _ := s.MoveEvent(ctx, a.ID, domain.EventPublished, domain.EventCancelled, now); !ok {
			t.Fatal("move")
		}
		if n, _ := s.CompletePastEvents(ctx, now); n != 1 {
			t.Fatalf("completed %d, want the one in the past", n)
		}
		bySlug, err := s.EventBySlug(ctx, b.Slug)
		if err != nil || bySlug.ID != b.ID || !bySlug.StartsAt.Equal(b.StartsAt) {
			t.Fatalf("by slug: %v %+v", err, bySlug)
		}
		if _, err := s.EventByID(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("missing: %v", err)
		}
	})
}

// The conditional UPDATE alone keeps the tier whole: 200 concurrent orders that all
// passed the price check (stale Left) for 5 seats.
func TestPlaceOrderIsAtomicUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Race", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 0, 5)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, soldOut := 0, 0
		var other []error
		for range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, q := order(ev, tier, 1, domain.PayFree, domain.OrderCompleted, domain.TicketValid)
				err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case isSoldOut(err):
					soldOut++
				default:
					other = append(other, err)
				}
			}()
		}
		wg.Wait()
		if ok != 5 || soldOut != 195 || len(other) > 0 {
			t.Fatalf("ok %d soldOut %d other %v", ok, soldOut, other)
		}
		var orders, tickets int
		_ = s.DB().QueryRow(`SELECT COUNT(*) FROM orders`).Scan(&orders)
		_ = s.DB().QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&tickets)
		if orders != 5 || tickets != 5 || sold(t, s, ev.ID) != 5 {
			t.Fatalf("orders %d tickets %d sold %d: a refused purchase left rows behind", orders, tickets, sold(t, s, ev.ID))
		}
	})
}

func TestHoldsCloseAndGiveSeatsBack(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Holds", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 2000, 4)
		d := domain.Discount{ID: domain.NewID(), EventID: ev.ID, Code: "ONCE", Kind: domain.DiscountFixed, Amount: 500, UsageLimit: 1, CreatedAt: now}
		if err := s.CreateDiscount(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateDiscount(ctx, d); !errors.Is(err, domain.ErrDuplicate) {
			t.Fatalf("duplicate code: %v", err)
		}
		cash, q := order(ev, tier, 3, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
		cash.DiscountID = d.ID
		if err := s.PlaceOrder(ctx, cash, q, holds.Limit{}, now); err != nil {
			t.Fatal(err)
		}
		// The code's single use is taken: another order with it is refused whole.
		again, q2 := order(ev, tier, 1, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
		again.DiscountID = d.ID
		if err := s.PlaceOrder(ctx, again, q2, holds.Limit{}, now); !errors.Is(err, domain.ErrDiscountUsedUp) {
			t.Fatalf("used-up code: %v", err)
		}
		if sold(t, s, ev.ID) != 3 {
			t.Fatalf("sold %d", sold(t, s, ev.ID))
		}
		if ids, _ := s.ExpiredHolds(ctx, now.Add(29*time.Minute), 10); len(ids) != 0 {
			t.Fatalf("expired too early: %v", ids)
		}
		ids, err := s.ExpiredHolds(ctx, now.Add(domain.HoldFor), 10)
		if err != nil || len(ids) != 1 || ids[0] != cash.ID {
			t.Fatalf("expired: %v %v", ids, err)
		}
		if ok, err := s.CloseOrder(ctx, cash.ID, domain.OrderCancelled, now); !ok || err != nil {
			t.Fatalf("close: %v %v", ok, err)
		}
		if ok, _ := s.CloseOrder(ctx, cash.ID, domain.OrderCancelled, now); ok {
			t.Fatal("closing twice must do nothing")
		}
		if sold(t, s, ev.ID) != 0 {
			t.Fatalf("seats not given back: sold %d", sold(t, s, ev.ID))
		}
		o, _ := s.OrderByID(ctx, cash.ID)
		if o.Status != domain.OrderCancelled || o.Tickets[0].Status != domain.TicketCancelled || o.HoldExpiresAt != nil {
			t.Fatalf("order %+v", o)
		}
		if got, _ := s.DiscountByCode(ctx, ev.ID, "ONCE"); got.UsedCount != 0 {
			t.Fatalf("discount use not given back: %d", got.UsedCount)
		}
	})
}

func TestCompleteRefundAndScan(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Scan", domain.EventPublished, 48*time.Hour)
		other := seedEvent(t, s, "Other", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 2500, 10)
		o, q := order(ev, tier, 2, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
		if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); err != nil {
			t.Fatal(err)
		}
		code0, code1 := o.Tickets[0].Code, o.Tickets[1].Code
		if tk, err := s.Scan(ctx, ev.ID, code0, "Tasha", now); refusal(tk, ev.ID, err) != domain.CodePendingPayment {
			t.Fatalf("pending: %v", err)
		}
		if ok, err := s.CompleteOrder(ctx, o.ID, "", now); !ok || err != nil {
			t.Fatalf("complete: %v %v", ok, err)
		}
		if ok, _ := s.CompleteOrder(ctx, o.ID, "", now); ok {
			t.Fatal("completing twice must do nothing")
		}
		if tk, err := s.Scan(ctx, other.ID, code0, "Tasha", now); refusal(tk, other.ID, err) != domain.CodeWrongEvent {
			t.Fatalf("wrong event: %v", err)
		}
		tk, err := s.Scan(ctx, ev.ID, code0, "Tasha", now)
		if err != nil || tk.Status != domain.TicketScanned || tk.ScannedAt == nil {
			t.Fatalf("admit: %v %+v", err, tk)
		}
		if tk, err := s.Scan(ctx, ev.ID, code0, "Tasha", now); refusal(tk, ev.ID, err) != domain.CodeAlreadyScanned {
			t.Fatalf("again: %v", err)
		}
		if _, err := s.Unscan(ctx, ev.ID, code0); err != nil {
			t.Fatalf("undo: %v", err)
		}
		if tk, err := s.Unscan(ctx, ev.ID, code0); !errors.Is(err, domain.ErrWrongState) || tk.Status != domain.TicketValid {
			t.Fatalf("undo twice: %v", err)
		}
		if _, err := s.Scan(ctx, ev.ID, code0, "Tasha", now); err != nil {
			t.Fatalf("admit after undo: %v", err)
		}
		if tk, err := s.Scan(ctx, ev.ID, "A"+code1[1:]+"zz", "Tasha", now); refusal(tk, ev.ID, err) != domain.CodeTicketNotFound {
			t.Fatalf("unknown: %v", err)
		}
		sales, err := s.SalesOf(ctx, ev.ID)
		if err != nil || sales.RevenueCents != 5000 || sales.Tiers[0].Sold != 2 || sales.Tiers[0].Scanned != 1 {
			t.Fatalf("sales %v %+v", err, sales)
		}
		// Refund: the unused ticket is refunded and its seat goes back; the used one stays.
		if ok, err := s.RefundOrder(ctx, o.ID, now); !ok || err != nil {
			t.Fatalf("refund: %v %v", ok, err)
		}
		if tk, err := s.Scan(ctx, ev.ID, code1, "Tasha", now); refusal(tk, ev.ID, err) != domain.CodeRefunded {
			t.Fatalf("refunded: %v", err)
		}
		if sold(t, s, ev.ID) != 1 {
			t.Fatalf("sold after refund %d, want 1 (the scanned ticket)", sold(t, s, ev.ID))
		}
		// The used ticket of a refunded order cannot be made VALID again.
		if tk, err := s.Unscan(ctx, ev.ID, code0); !errors.Is(err, domain.ErrWrongState) || tk.Status != domain.TicketScanned {
			t.Fatalf("undo a scan of a refunded order: %v", err)
		}
		if tk, _ := s.TicketByCode(ctx, code0); tk.Status != domain.TicketScanned {
			t.Fatalf("the refunded order's used ticket became %s", tk.Status)
		}
		orders, err := s.OrdersOfEvent(ctx, ev.ID, domain.OrderRefunded)
		if err != nil || len(orders) != 1 || len(orders[0].Tickets) != 2 {
			t.Fatalf("orders of the event: %v %+v", err, orders)
		}
		as, err := s.Attendees(ctx, ev.ID)
		if err != nil || len(as) != 2 {
			t.Fatalf("attendees %v %+v", err, as)
		}
		mine, total, err := s.TicketsOfOwner(ctx, "buyer", "", now, 10, 0)
		if err != nil || total != 2 || mine[0].EventTitle != "Scan" || mine[0].TierName != "General" {
			t.Fatalf("mine %v %d %+v", err, total, mine)
		}
	})
}

func TestLatePaymentRevivesOrRefuses(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Late", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 2500, 1)
		o, q := order(ev, tier, 1, domain.PayCard, domain.OrderPending, domain.TicketPending)
		if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CloseOrder(ctx, o.ID, domain.OrderCancelled, now); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.ReviveOrder(ctx, o.ID, "pi_1", now); !ok || err != nil {
			t.Fatalf("revive with the seat free: %v %v", ok, err)
		}
		got, _ := s.OrderByID(ctx, o.ID)
		if got.Status != domain.OrderCompleted || got.Tickets[0].Status != domain.TicketValid || sold(t, s, ev.ID) != 1 {
			t.Fatalf("revived %+v", got)
		}
		// A second order whose seat was taken meanwhile cannot revive.
		o2, q2 := order(ev, tier, 1, domain.PayCard, domain.OrderPending, domain.TicketPending)
		o2.Tickets[0].TierID = tier.ID
		q2.Lines[0].Tier.Sold = 0
		if err := s.PlaceOrder(ctx, o2, q2, holds.Limit{}, now); !isSoldOut(err) {
			t.Fatalf("second order: %v", err)
		}
	})
}

func TestStaffAndOrganizers(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Staffed", domain.EventPublished, 48*time.Hour)
		st := domain.Staff{ID: domain.NewID(), EventID: ev.ID, Email: "sam@example.com", AddedAt: now}
		if err := s.AddStaff(ctx, st); err != nil {
			t.Fatal(err)
		}
		if err := s.AddStaff(ctx, domain.Staff{ID: domain.NewID(), EventID: ev.ID, Email: "sam@example.com", AddedAt: now}); !errors.Is(err, domain.ErrDuplicate) {
			t.Fatalf("twice: %v", err)
		}
		if ok, _ := s.IsStaff(ctx, ev.ID, "sam@example.com"); !ok {
			t.Fatal("staff")
		}
		if evs, _ := s.EventsStaffedBy(ctx, "sam@example.com"); len(evs) != 1 {
			t.Fatalf("staffed %d", len(evs))
		}
		if err := s.RemoveStaff(ctx, ev.ID, st.ID); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.IsStaff(ctx, ev.ID, "sam@example.com"); ok {
			t.Fatal("removed staff still scans")
		}
		if acct, err := s.StripeAccount(ctx, "org"); acct.ID != "" || err != nil {
			t.Fatalf("no account yet: %q %v", acct.ID, err)
		}
		_ = s.SetStripeAccount(ctx, "org", "o@example.com", domain.PayoutAccount{ID: "acct_1"}, now)
		_ = s.SetStripeAccount(ctx, "org", "o@example.com", domain.PayoutAccount{ID: "acct_2"}, now)
		if acct, _ := s.StripeAccount(ctx, "org"); acct.ID != "acct_2" {
			t.Fatalf("account %q", acct.ID)
		}
	})
}

// Single-tier orders (one statement on PostgreSQL) and two-tier orders (a
// transaction) race together: every tier's sold count matches its tickets and
// never passes its capacity.
func TestMixedOrdersKeepEveryTierWhole(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Mixed", domain.EventPublished, 48*time.Hour)
		a := seedTier(t, s, ev.ID, 1000, 7)
		b := seedTier(t, s, ev.ID, 2000, 4)
		var wg sync.WaitGroup
		for i := range 150 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, q := order(ev, a, 1, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
				if i%2 == 0 {
					// Add a second line of tier b: the transaction path.
					t2 := o.Tickets[0]
					t2.ID, t2.Code, t2.TierID = domain.NewID(), domain.NewTicketCode(), b.ID
					o.Tickets = append(o.Tickets, t2)
					q.Lines = append(q.Lines, domain.Line{Tier: b, Quantity: 1, UnitCents: b.PriceCents})
				}
				if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); err != nil && !isSoldOut(err) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for _, tier := range []domain.Tier{a, b} {
			var soldN, tickets int
			_ = s.DB().QueryRow(`SELECT sold FROM tiers WHERE id = $1`, tier.ID).Scan(&soldN)
			_ = s.DB().QueryRow(`SELECT COUNT(*) FROM tickets WHERE tier_id = $1`, tier.ID).Scan(&tickets)
			// Tier a always sells out (every order wants it); tier b only sells with it.
			if soldN != tickets || soldN > tier.Capacity || (tier.ID == a.ID && soldN != a.Capacity) {
				t.Errorf("tier %s: sold %d, tickets %d, capacity %d", tier.ID, soldN, tickets, tier.Capacity)
			}
		}
		var orphans int
		_ = s.DB().QueryRow(`SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.id)`).Scan(&orphans)
		if orphans != 0 {
			t.Errorf("%d orders without tickets", orphans)
		}
	})
}

func TestClosedTierRefusesEvenAStaleQuote(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Closed", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 0, 10)
		if ok, err := s.MoveEvent(ctx, ev.ID, domain.EventPublished, domain.EventCancelled, now); !ok || err != nil {
			t.Fatalf("cancel: %v %v", ok, err)
		}
		for _, n := range []int{1, 2} {
			o, q := order(ev, tier, n, domain.PayFree, domain.OrderCompleted, domain.TicketValid)
			if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); !errors.Is(err, domain.ErrTierClosed) {
				t.Fatalf("buying %d from a closed tier: %v", n, err)
			}
		}
	})
}

// A late payment that finds its seats gone is refunded inside the webhook's
// transaction, which then commits: the failed revive must leave nothing behind (no
// COMPLETED order with cancelled tickets, no seat taken from another tier).
func TestFailedReviveInACallersTransactionChangesNothing(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Late", domain.EventPublished, 48*time.Hour)
		a := seedTier(t, s, ev.ID, 1000, 1)
		b := seedTier(t, s, ev.ID, 2000, 1)
		o, q := order(ev, a, 1, domain.PayCard, domain.OrderPending, domain.TicketPending)
		tb := o.Tickets[0]
		tb.ID, tb.Code, tb.TierID = domain.NewID(), domain.NewTicketCode(), b.ID
		o.Tickets = append(o.Tickets, tb)
		q.Lines = append(q.Lines, domain.Line{Tier: b, Quantity: 1, UnitCents: b.PriceCents})
		if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.CloseOrder(ctx, o.ID, domain.OrderCancelled, now); !ok || err != nil {
			t.Fatalf("close: %v %v", ok, err)
		}
		// Both tiers' seats go to others meanwhile, one of them then given back.
		for _, tier := range []domain.Tier{a, b} {
			other, oq := order(ev, tier, 1, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
			if err := s.PlaceOrder(ctx, other, oq, holds.Limit{}, now); err != nil {
				t.Fatal(err)
			}
			if tier.ID == a.ID {
				if ok, err := s.CloseOrder(ctx, other.ID, domain.OrderCancelled, now); !ok || err != nil {
					t.Fatalf("close other: %v %v", ok, err)
				}
			}
		}
		tx, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := s.WithTx(tx).ReviveOrder(ctx, o.ID, "pi_late", now); ok || !isSoldOut(err) {
			t.Fatalf("revive without seats: %v %v", ok, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		got, _ := s.OrderByID(ctx, o.ID)
		if got.Status != domain.OrderCancelled || got.PaymentIntentID != "" {
			t.Errorf("order after a failed revive: %s %q", got.Status, got.PaymentIntentID)
		}
		tiers, _ := s.TiersOf(ctx, ev.ID)
		for _, tier := range tiers {
			want := map[string]int{a.ID: 0, b.ID: 1}[tier.ID]
			if tier.Sold != want {
				t.Errorf("tier %s: sold %d, want %d", tier.ID, tier.Sold, want)
			}
		}
	})
}

// A late payment revives its order only if the order's discount code still has a
// use left: closing the order gave the use back, and another buyer may have taken it.
func TestReviveTakesTheDiscountUseAgain(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		ev := seedEvent(t, s, "Coded", domain.EventPublished, 48*time.Hour)
		tier := seedTier(t, s, ev.ID, 2000, 10)
		d := domain.Discount{ID: domain.NewID(), EventID: ev.ID, Code: "ONCE", Kind: domain.DiscountFixed, Amount: 500, UsageLimit: 1, CreatedAt: now}
		if err := s.CreateDiscount(ctx, d); err != nil {
			t.Fatal(err)
		}
		place := func() domain.Order {
			o, q := order(ev, tier, 1, domain.PayCard, domain.OrderPending, domain.TicketPending)
			o.DiscountID = d.ID
			if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); err != nil {
				t.Fatal(err)
			}
			if ok, err := s.CloseOrder(ctx, o.ID, domain.OrderFailed, now); !ok || err != nil {
				t.Fatalf("close: %v %v", ok, err)
			}
			return o
		}
		late, other := place(), place()
		if ok, err := s.ReviveOrder(ctx, other.ID, "pi_other", now); !ok || err != nil {
			t.Fatalf("revive with the use free: %v %v", ok, err)
		}
		if ok, err := s.ReviveOrder(ctx, late.ID, "pi_late", now); ok || !errors.Is(err, domain.ErrDiscountUsedUp) {
			t.Fatalf("revive with the code used up: %v %v", ok, err)
		}
		if got, _ := s.DiscountByCode(ctx, ev.ID, "ONCE"); got.UsedCount != 1 {
			t.Errorf("used %d times, limit 1", got.UsedCount)
		}
		if got, _ := s.OrderByID(ctx, late.ID); got.Status != domain.OrderFailed || sold(t, s, ev.ID) != 1 {
			t.Errorf("late order %s, sold %d", got.Status, sold(t, s, ev.ID))
		}
	})
}

// A purchase takes its discount use, then its seats; closing an order must take the
// same rows in the same order, or a hold expiring during a busy sale deadlocks with a
// purchase using the same code (PostgreSQL aborts one of them; SQLite serialises
// writers, so this is PostgreSQL's test).
func TestCloseOrderTakesLocksInPurchaseOrder(t *testing.T) {
	s := sqlstore.New(dbtest.Postgres(t, events.Migrations))
	ev := seedEvent(t, s, "Locks", domain.EventPublished, 48*time.Hour)
	tier := seedTier(t, s, ev.ID, 2000, 10)
	d := domain.Discount{ID: domain.NewID(), EventID: ev.ID, Code: "MANY", Kind: domain.DiscountFixed, Amount: 500, CreatedAt: now}
	if err := s.CreateDiscount(ctx, d); err != nil {
		t.Fatal(err)
	}
	held, q := order(ev, tier, 1, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
	held.DiscountID = d.ID
	if err := s.PlaceOrder(ctx, held, q, holds.Limit{}, now); err != nil {
		t.Fatal(err)
	}
	// A purchase in flight: it has taken the code's use and will take a seat next.
	purchase, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer purchase.Rollback()
	if _, err := purchase.Exec(`UPDATE discount_codes SET used_count = used_count + 1 WHERE id = $1`, d.ID); err != nil {
		t.Fatal(err)
	}
	// The close waits on a row the purchase holds.
	closed := behindLock(t, s, func() error {
		_, err := s.CloseOrder(ctx, held.ID, domain.OrderCancelled, now)
		return err
	})
	if _, err := purchase.Exec(`UPDATE tiers SET sold = sold + 1 WHERE id = $1 AND sold + 1 <= capacity`, tier.ID); err != nil {
		t.Fatalf("the purchase's seat: %v", err)
	}
	if err := purchase.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatalf("closing the hold: %v", err)
	}
	if got := sold(t, s, ev.ID); got != 1 {
		t.Errorf("sold %d, want the purchase's 1", got)
	}
}

// Seats of a multi-tier order go back tier by tier in the order purchases take them
// (by tier id), so closing it cannot deadlock with a purchase of the same tiers.
func TestCloseOrderReleasesTiersInPurchaseOrder(t *testing.T) {
	s := sqlstore.New(dbtest.Postgres(t, events.Migrations))
	ev := seedEvent(t, s, "Tier locks", domain.EventPublished, 48*time.Hour)
	var a, b domain.Tier
	for _, tier := range []*domain.Tier{&b, &a} {
		*tier = domain.Tier{ID: domain.NewID(), EventID: ev.ID, Name: "General", PriceCents: 1000, Capacity: 10, MaxPerOrder: 10, CreatedAt: now}
	}
	a.ID, b.ID = "a"+a.ID, "b"+b.ID
	for _, tier := range []domain.Tier{b, a} {
		if err := s.CreateTier(ctx, tier); err != nil {
			t.Fatal(err)
		}
	}
	held, q := order(ev, b, 1, domain.PayCash, domain.OrderPendingPayment, domain.TicketPending)
	ta := held.Tickets[0]
	ta.ID, ta.Code, ta.TierID = domain.NewID(), domain.NewTicketCode(), a.ID
	held.Tickets = append(held.Tickets, ta)
	q.Lines = append(q.Lines, domain.Line{Tier: a, Quantity: 1, UnitCents: a.PriceCents})
	if err := s.PlaceOrder(ctx, held, q, holds.Limit{}, now); err != nil {
		t.Fatal(err)
	}
	// Rewrite tier a's row so a plain scan meets b first.
	if _, err := s.DB().Exec(`UPDATE tiers SET sold = sold WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	purchase, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer purchase.Rollback()
	if _, err := purchase.Exec(`UPDATE tiers SET sold = sold + 1 WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	closed := behindLock(t, s, func() error {
		_, err := s.CloseOrder(ctx, held.ID, domain.OrderCancelled, now)
		return err
	})
	if _, err := purchase.Exec(`UPDATE tiers SET sold = sold + 1 WHERE id = $1`, b.ID); err != nil {
		t.Fatalf("the purchase's second tier: %v", err)
	}
	if err := purchase.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatalf("closing the hold: %v", err)
	}
}

// A refund racing a door scan gives back exactly the seats of the tickets it
// refunds: a ticket scanned meanwhile keeps its seat (PostgreSQL's test; SQLite
// serialises writers).
func TestRefundRacingAScanReleasesOnlyRefundedSeats(t *testing.T) {
	s := sqlstore.New(dbtest.Postgres(t, events.Migrations))
	ev := seedEvent(t, s, "Door", domain.EventPublished, 48*time.Hour)
	tier := seedTier(t, s, ev.ID, 0, 10)
	o, q := order(ev, tier, 2, domain.PayFree, domain.OrderCompleted, domain.TicketValid)
	if err := s.PlaceOrder(ctx, o, q, holds.Limit{}, now); err != nil {
		t.Fatal(err)
	}
	// The scan of the first ticket is in flight while the refund starts.
	scan, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer scan.Rollback()
	if _, err := scan.Exec(`UPDATE tickets SET status = 'SCANNED', scanned_at = $2 WHERE code = $1 AND status = 'VALID'`,
		o.Tickets[0].Code, now); err != nil {
		t.Fatal(err)
	}
	refunded := behindLock(t, s, func() error {
		_, err := s.RefundOrder(ctx, o.ID, now)
		return err
	})
	if err := scan.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-refunded; err != nil {
		t.Fatal(err)
	}
	got, _ := s.OrderByID(ctx, o.ID)
	taken := 0
	for _, tk := range got.Tickets {
		if tk.Status == domain.TicketScanned || tk.Status == domain.TicketValid {
			taken++
		}
	}
	if sold(t, s, ev.ID) != taken {
		t.Errorf("sold %d, but %d tickets still hold a seat", sold(t, s, ev.ID), taken)
	}
}

func TestErrorsNameTheirOperation(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		_, err := s.EventByID(ctx, "evt_missing")
		if !errors.Is(err, domain.ErrNotFound) || err.Error() != "events store: event evt_missing: not found" {
			t.Fatalf("missing event: %v", err)
		}
	})
}

// behindLock runs fn in the background and returns once it waits on a row lock
// another transaction of the test holds (PostgreSQL); fn's error arrives on the channel.
func behindLock(t *testing.T, s *sqlstore.Store, fn func() error) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	for waiting := 0; waiting == 0; {
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
			AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	return done
}
