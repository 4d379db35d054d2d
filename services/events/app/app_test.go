package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/testenv"
	"stepperslife/services/events"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

var (
	ctx       = context.Background()
	organizer = &auth.User{ID: "org", Email: "olga@example.com", Name: "Olga", Roles: []string{auth.RoleEventOrganizer}}
	buyer     = &auth.User{ID: "buyer", Email: "bea@example.com", Name: "Bea", Roles: []string{auth.RoleUser}}
)

// clock is a test clock the use cases read.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newEvents(t *testing.T, d *db.DB, m outbox.Sender) (*app.Events, *clock) {
	t.Helper()
	ev, c, _ := newEventsWithOutbox(t, d, m)
	return ev, c
}

// newEventsWithOutbox is newEvents with the outbox the tests deliver the mail of.
func newEventsWithOutbox(t *testing.T, d *db.DB, m outbox.Sender) (*app.Events, *clock, *outbox.Outbox) {
	t.Helper()
	blobs, err := blob.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if m == nil {
		m = mail.New(config.SMTP{}, nil)
	}
	c := &clock{t: time.Now().UTC()}
	st := sqlstore.New(d)
	box := outbox.New(d, m, nil)
	return app.New(app.Config{Store: st, TxStore: func(tx *sql.Tx) app.Store { return st.WithTx(tx) }, DB: d,
		Blobs: blobs, Outbox: box, PublicURL: "http://events.test", Now: c.Now}), c, box
}

func publishedEvent(t *testing.T, ev *app.Events, c *clock, price int64, capacity int) (domain.Event, domain.Tier) {
	t.Helper()
	e, err := ev.CreateEvent(ctx, organizer, domain.EventInput{Title: "Holiday Ball", Venue: "Hall",
		StartsAt: c.Now().Add(72 * time.Hour), EndsAt: c.Now().Add(76 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tier, err := ev.AddTier(ctx, organizer, e.ID, domain.TierInput{Name: "GA", PriceCents: price, Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	if e, err = ev.Publish(ctx, organizer, e.ID); err != nil {
		t.Fatal(err)
	}
	return e, tier
}

func codeOf(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func buy(ev *app.Events, e domain.Event, tier domain.Tier, n int, method domain.PaymentMethod) (domain.Order, error) {
	return ev.Purchase(ctx, buyer, app.PurchaseRequest{EventID: e.ID, Items: []domain.Item{{TierID: tier.ID, Quantity: n}}, Method: method})
}

// A cash order is paid at the door, so its seats stay held through the night: a
// day later (and up to the event's end) they still count, and the door can still
// take the cash; once the event is over the hold runs out and the seats go back.
func TestCashHoldLastsUntilTheNightEnds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 2000, 3)
		held, err := buy(ev, e, tier, 3, domain.PayCash)
		if err != nil || held.Status != domain.OrderPendingPayment || held.Tickets[0].Status != domain.TicketPending {
			t.Fatalf("cash order: %v %+v", err, held)
		}
		if held.HoldExpiresAt == nil || !held.HoldExpiresAt.Equal(e.EndsAt) {
			t.Fatalf("cash held until %v, want the event's end %v", held.HoldExpiresAt, e.EndsAt)
		}
		if _, err := buy(ev, e, tier, 1, domain.PayCash); codeOf(err) != errs.CodeSoldOut {
			t.Fatalf("held seats must count: %v", err)
		}
		c.Add(24 * time.Hour)
		if n, _ := ev.ExpireHolds(ctx); n != 0 {
			t.Fatalf("a day later %d cash holds expired", n)
		}
		if o, err := ev.Order(ctx, buyer, held.ID); err != nil || o.Status != domain.OrderPendingPayment {
			t.Fatalf("a day later the order is %v %+v", err, o.Status)
		}
		c.Add(e.EndsAt.Sub(c.Now()) - time.Minute)
		if n, _ := ev.ExpireHolds(ctx); n != 0 {
			t.Fatalf("expired %d before the night ended", n)
		}
		c.Add(time.Minute)
		if n, err := ev.ExpireHolds(ctx); n != 1 || err != nil {
			t.Fatalf("expired %d, %v", n, err)
		}
		o, err := ev.Order(ctx, buyer, held.ID)
		if err != nil || o.Status != domain.OrderCancelled || o.Tickets[0].Status != domain.TicketCancelled {
			t.Fatalf("expired order %v %+v", err, o)
		}
		if _, err := ev.ApproveCash(ctx, organizer, held.ID); codeOf(err) != errs.CodeInvalidTransition {
			t.Fatalf("approving an expired hold: %v", err)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// An unpaid card checkout holds its seats for domain.HoldFor only.
func TestCardHoldIsShort(t *testing.T) {
	e := domain.Event{StartsAt: time.Unix(1e9, 0).Add(72 * time.Hour), EndsAt: time.Unix(1e9, 0).Add(76 * time.Hour)}
	now := time.Unix(1e9, 0)
	if got := domain.HoldUntil(domain.PayCard, e, now); !got.Equal(now.Add(domain.HoldFor)) {
		t.Errorf("card hold until %v", got)
	}
	if got := domain.HoldUntil(domain.PayCash, e, e.EndsAt.Add(-time.Minute)); !got.Equal(e.EndsAt.Add(-time.Minute + domain.HoldFor)) {
		t.Errorf("cash bought as the night ends is held until %v", got)
	}
}

func TestCashApprovalAndRefund(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 2000, 5)
		o, err := buy(ev, e, tier, 2, domain.PayCash)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ev.ApproveCash(ctx, buyer, o.ID); codeOf(err) != errs.CodeForbidden {
			t.Fatalf("buyer approving own cash: %v", err)
		}
		if _, err := ev.Refund(ctx, organizer, o.ID); codeOf(err) != errs.CodeInvalidTransition {
			t.Fatalf("refund before payment: %v", err)
		}
		staff := &auth.User{ID: "s", Email: "Sam@Example.com", Roles: []string{auth.RoleUser}, EmailVerified: true}
		if _, err := ev.AddStaff(ctx, organizer, e.ID, "sam@example.com"); err != nil {
			t.Fatal(err)
		}
		o, err = ev.ApproveCash(ctx, staff, o.ID)
		if err != nil || o.Status != domain.OrderCompleted || o.Tickets[0].Status != domain.TicketValid || o.HoldExpiresAt != nil {
			t.Fatalf("approve: %v %+v", err, o)
		}
		c.Add(time.Hour)
		if n, _ := ev.ExpireHolds(ctx); n != 0 {
			t.Fatal("a paid order must not expire")
		}
		if _, err := ev.Refund(ctx, staff, o.ID); codeOf(err) != errs.CodeForbidden {
			t.Fatalf("staff refunding: %v", err)
		}
		o, err = ev.Refund(ctx, organizer, o.ID)
		if err != nil || o.Status != domain.OrderRefunded || o.Tickets[1].Status != domain.TicketRefunded {
			t.Fatalf("refund: %v %+v", err, o)
		}
		full, _ := ev.PublicEvent(ctx, nil, e.Slug)
		if full.Tiers[0].Left() != 5 {
			t.Fatalf("left %d after refund", full.Tiers[0].Left())
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

func TestCancelEventRefundsEveryOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 1500, 10)
		paid, _ := buy(ev, e, tier, 2, domain.PayCash)
		if _, err := ev.ApproveCash(ctx, organizer, paid.ID); err != nil {
			t.Fatal(err)
		}
		held, _ := buy(ev, e, tier, 1, domain.PayCash)
		res, err := ev.CancelEvent(ctx, organizer, e.ID)
		if err != nil || res.Refunded != 1 || res.Released != 1 || res.Event.Status != domain.EventCancelled {
			t.Fatalf("cancel: %v %+v", err, res)
		}
		for id, want := range map[string]domain.OrderStatus{paid.ID: domain.OrderRefunded, held.ID: domain.OrderCancelled} {
			if o, _ := ev.Order(ctx, buyer, id); o.Status != want {
				t.Errorf("order %s: %s, want %s", id, o.Status, want)
			}
		}
		// Publishing and cancelling are in the event's audit trail, with who and what.
		trail, err := moveTrail(d, e.ID)
		moves := map[string]string{}
		for _, a := range trail {
			moves[a.Detail] = a.Actor.Email
		}
		if err != nil || len(trail) != 2 || moves["DRAFT → PUBLISHED"] != organizer.Email || moves["PUBLISHED → CANCELLED"] != organizer.Email {
			t.Fatalf("audit trail %+v: %v", trail, err)
		}
		if _, err := ev.Publish(ctx, organizer, e.ID); codeOf(err) != errs.CodeInvalidTransition {
			t.Fatalf("publish a cancelled event: %v", err)
		}
		if _, err := buy(ev, e, tier, 1, domain.PayCash); codeOf(err) != errs.CodeConflict {
			t.Fatalf("buying for a cancelled event: %v", err)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

func TestAccessRules(t *testing.T) {
	d := dbtest.SQLite(t, events.Migrations, outbox.Migrations, audit.Migrations)
	ev, c := newEvents(t, d, nil)
	if _, err := ev.CreateEvent(ctx, buyer, domain.EventInput{}); codeOf(err) != errs.CodeForbidden {
		t.Fatalf("non-organizer creating: %v", err)
	}
	e, err := ev.CreateEvent(ctx, organizer, domain.EventInput{Title: "Draft", Venue: "Hall",
		StartsAt: c.Now().Add(time.Hour), EndsAt: c.Now().Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.Publish(ctx, organizer, e.ID); codeOf(err) != errs.CodeConflict {
		t.Fatalf("publishing without tiers: %v", err)
	}
	other := &auth.User{ID: "other", Roles: []string{auth.RoleEventOrganizer}}
	if _, err := ev.AddTier(ctx, other, e.ID, domain.TierInput{Name: "x", Capacity: 1}); codeOf(err) != errs.CodeNotFound {
		t.Fatalf("another organizer's draft must be invisible: %v", err)
	}
	if _, err := ev.PublicEvent(ctx, nil, e.Slug); codeOf(err) != errs.CodeNotFound {
		t.Fatalf("draft in public: %v", err)
	}
	if _, err := ev.Checkin(ctx, other, e.ID, domain.NewTicketCode()); codeOf(err) != errs.CodeNotFound {
		t.Fatalf("stranger scanning: %v", err)
	}
}

type mailpitList struct {
	Messages []struct {
		ID      string `json:"ID"`
		Subject string `json:"Subject"`
	} `json:"messages"`
}

func TestTicketMailThroughMailpit(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	d := dbtest.SQLite(t, events.Migrations, outbox.Migrations, audit.Migrations)
	ev, c, box := newEventsWithOutbox(t, d, mail.New(config.SMTP{Host: host, Port: port, From: "tickets@stepperslife.com"}, nil))
	e, tier := publishedEvent(t, ev, c, 0, 10)
	o, err := buy(ev, e, tier, 2, domain.PayFree)
	if err != nil || o.Status != domain.OrderCompleted {
		t.Fatalf("free order: %v %+v", err, o)
	}
	if n, err := box.Deliver(ctx); n != 1 || err != nil {
		t.Fatalf("sent %d: %v", n, err)
	}
	if n, _ := box.Deliver(ctx); n != 0 {
		t.Fatalf("mailed twice: %d", n)
	}
	res, err := http.Get(api + "/api/v1/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var list mailpitList
	_ = json.NewDecoder(res.Body).Decode(&list)
	if len(list.Messages) != 1 || !strings.Contains(list.Messages[0].Subject, "Holiday Ball") {
		t.Fatalf("mailpit: %+v", list)
	}
	msg, err := http.Get(api + "/api/v1/message/" + list.Messages[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	defer msg.Body.Close()
	var full struct{ Text, HTML string }
	_ = json.NewDecoder(msg.Body).Decode(&full)
	for _, tk := range o.Tickets {
		if !strings.Contains(full.Text, tk.Code) || !strings.Contains(full.HTML, "/api/tickets/"+tk.Code+"/qr.png") {
			t.Errorf("mail lacks ticket %s:\n%s", tk.Code, full.Text)
		}
	}
}

// Buyers keep buying while the organizer cancels: every order that got in is
// refunded by the cancellation, and the ones after it are refused.
func TestCancelRacingPurchasesLeavesNoPaidOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 0, 1000)
		var wg sync.WaitGroup
		for i := range 120 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := &auth.User{ID: "b" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Email: "b@example.com", Name: "B"}
				_, err := ev.Purchase(ctx, u, app.PurchaseRequest{EventID: e.ID, Method: domain.PayFree,
					Items: []domain.Item{{TierID: tier.ID, Quantity: 1}}})
				if err != nil && codeOf(err) != errs.CodeConflict {
					t.Error(err)
				}
			}()
			if i == 60 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := ev.CancelEvent(ctx, organizer, e.ID); err != nil {
						t.Error(err)
					}
				}()
			}
		}
		wg.Wait()
		orders, err := sqlstore.New(d).OrdersOfEvent(ctx, e.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orders {
			if o.Status != domain.OrderRefunded {
				t.Errorf("order %s is %s after the event was cancelled", o.ID, o.Status)
			}
		}
		full, _ := ev.PublicEvent(ctx, organizer, e.ID)
		if full.Tiers[0].Sold != 0 {
			t.Errorf("%d seats still taken", full.Tiers[0].Sold)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// An event title with a line break must not make its ticket mail unsendable: the
// outbox would retry it forever and the buyer would never get the tickets.
func TestTicketMailForATitleWithALineBreak(t *testing.T) {
	d := dbtest.SQLite(t, events.Migrations, outbox.Migrations, audit.Migrations)
	ev, c, box := newEventsWithOutbox(t, d, &refusingMailer{})
	e, err := ev.CreateEvent(ctx, organizer, domain.EventInput{Title: "Winter\r\nBcc: x@example.com", Venue: "Hall",
		StartsAt: c.Now().Add(72 * time.Hour), EndsAt: c.Now().Add(76 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tier, err := ev.AddTier(ctx, organizer, e.ID, domain.TierInput{Name: "GA", Capacity: 10})
	if err != nil {
		t.Fatal(err)
	}
	if e, err = ev.Publish(ctx, organizer, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := buy(ev, e, tier, 1, domain.PayFree); err != nil {
		t.Fatal(err)
	}
	if n, err := box.Deliver(ctx); n != 1 || err != nil {
		t.Fatalf("sent %d: %v", n, err)
	}
}

// A usage limit beyond the INTEGER column is a validation answer on both databases,
// not a 500 on PostgreSQL.
func TestDiscountUsageLimitIsBounded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, _ := publishedEvent(t, ev, c, 2000, 5)
		_, err := ev.AddDiscount(ctx, organizer, e.ID, domain.DiscountInput{Code: "MANY", Kind: domain.DiscountPercent,
			Amount: 10, UsageLimit: 3_000_000_000})
		if codeOf(err) != errs.CodeValidation {
			t.Fatalf("huge usage limit: %v", err)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// paidMeanwhile is the real store, except that an order is paid (a card webhook or
// a cash approval landing) just before the cancellation closes it.
type paidMeanwhile struct {
	app.Store
}

func (p paidMeanwhile) CloseOrder(ctx context.Context, id string, to domain.OrderStatus, now time.Time) (bool, error) {
	if _, err := p.Store.CompleteOrder(ctx, id, "", now); err != nil {
		return false, err
	}
	return p.Store.CloseOrder(ctx, id, to, now)
}

// An order paid between the cancellation's listing and its close is refunded too,
// not left COMPLETED at a cancelled event.
func TestCancelEventRefundsAnOrderPaidMeanwhile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 1500, 10)
		held, err := buy(ev, e, tier, 2, domain.PayCash)
		if err != nil {
			t.Fatal(err)
		}
		st := sqlstore.New(d)
		racing := app.New(app.Config{Store: paidMeanwhile{st}, TxStore: func(tx *sql.Tx) app.Store { return st.WithTx(tx) }, DB: d,
			PublicURL: "http://events.test", Now: c.Now})
		res, err := racing.CancelEvent(ctx, organizer, e.ID)
		if err != nil || res.Refunded != 1 {
			t.Fatalf("cancel: %v %+v", err, res)
		}
		o, _ := ev.Order(ctx, buyer, held.ID)
		if o.Status != domain.OrderRefunded || o.Tickets[0].Status != domain.TicketRefunded {
			t.Fatalf("order paid during the cancellation: %s %s", o.Status, o.Tickets[0].Status)
		}
		if full, _ := ev.PublicEvent(ctx, nil, e.Slug); full.Tiers[0].Sold != 0 {
			t.Fatalf("%d seats still taken", full.Tiers[0].Sold)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// refusingMailer is a mail server that refuses one address, as a relay does for a
// suppressed one, and records what it accepted. Like the real sender, it refuses
// an unsendable message.
type refusingMailer struct {
	mu      sync.Mutex
	refuse  string
	letters []mail.Message
}

func (m *refusingMailer) Enabled() bool { return true }

func (m *refusingMailer) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := msg.Validate(); err != nil {
		return err
	}
	if msg.To[0] == m.refuse {
		return errors.New("554 address suppressed")
	}
	m.letters = append(m.letters, msg)
	return nil
}

// An order whose mail is refused is retried later without holding back the
// tickets of the orders after it.
func TestRefusedTicketMailDoesNotBlockOthers(t *testing.T) {
	d := dbtest.SQLite(t, events.Migrations, outbox.Migrations, audit.Migrations)
	m := &refusingMailer{refuse: "gone@example.com"}
	ev, c, box := newEventsWithOutbox(t, d, m)
	e, tier := publishedEvent(t, ev, c, 0, 10)
	for _, email := range []string{"gone@example.com", "bea@example.com"} {
		if _, err := ev.Purchase(ctx, buyer, app.PurchaseRequest{EventID: e.ID, Method: domain.PayFree,
			Items: []domain.Item{{TierID: tier.ID, Quantity: 1}}, AttendeeEmail: email}); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Second) // the refused order completed first
	}
	// The outbox's clock stands still: the refused message is not due again.
	later := time.Now().Add(time.Minute)
	box.Now = func() time.Time { return later }
	if n, err := box.Deliver(ctx); n != 1 || err == nil {
		t.Fatalf("sent %d, %v: want the second order mailed and the refusal reported", n, err)
	}
	if len(m.letters) != 1 || m.letters[0].To[0] != "bea@example.com" {
		t.Fatalf("mailed %+v", m.letters)
	}
	if n, _ := box.Deliver(ctx); n != 0 {
		t.Fatalf("mailed the second order twice: %d", n)
	}
}
