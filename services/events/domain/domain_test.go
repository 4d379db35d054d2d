package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

var now = time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)

func codeOf(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestEventStateMachine(t *testing.T) {
	allowed := map[[2]EventStatus]bool{
		{EventDraft, EventPublished}: true, {EventDraft, EventCancelled}: true,
		{EventPublished, EventCompleted}: true, {EventPublished, EventCancelled}: true,
	}
	all := []EventStatus{EventDraft, EventPublished, EventCompleted, EventCancelled}
	for _, from := range all {
		for _, to := range all {
			if got := from.CanMove(to); got != allowed[[2]EventStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestOrderStateMachine(t *testing.T) {
	all := []OrderStatus{OrderPending, OrderPendingPayment, OrderCompleted, OrderFailed, OrderCancelled, OrderRefunded}
	allowed := map[[2]OrderStatus]bool{}
	for _, from := range []OrderStatus{OrderPending, OrderPendingPayment} {
		for _, to := range []OrderStatus{OrderCompleted, OrderFailed, OrderCancelled} {
			allowed[[2]OrderStatus{from, to}] = true
		}
	}
	allowed[[2]OrderStatus{OrderCompleted, OrderRefunded}] = true
	for _, from := range all {
		for _, to := range all {
			if got := from.CanMove(to); got != allowed[[2]OrderStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestEventInput(t *testing.T) {
	good := EventInput{Title: " Winter Ball ", Venue: "Hall", StartsAt: now, EndsAt: now.Add(time.Hour), Category: "ball"}
	if err := good.Normalize(); err != nil || good.Title != "Winter Ball" || good.Category != "BALL" {
		t.Fatalf("good input: %v %+v", err, good)
	}
	bad := EventInput{Category: "RAVE", StartsAt: now, EndsAt: now}
	err := bad.Normalize()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	fields := e.Details["fields"].(map[string]any)
	for _, f := range []string{"title", "venue", "category", "endsAt"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("no complaint about %s: %v", f, fields)
		}
	}
}

func TestTierInputAndWindow(t *testing.T) {
	in := TierInput{Name: "VIP", PriceCents: 5000, Capacity: 10}
	if err := in.Normalize(); err != nil || in.MaxPerOrder != DefaultMaxPerOrder {
		t.Fatalf("%v %+v", err, in)
	}
	for name, in := range map[string]TierInput{
		"negative price": {Name: "x", PriceCents: -1, Capacity: 1},
		"no capacity":    {Name: "x", Capacity: 0},
		"no name":        {Capacity: 1},
		"window":         {Name: "x", Capacity: 1, SalesStart: &now, SalesEnd: &now},
		"max per order":  {Name: "x", Capacity: 1, MaxPerOrder: 51},
	} {
		if err := in.Normalize(); codeOf(err) != errs.CodeValidation {
			t.Errorf("%s: %v", name, err)
		}
	}
	start, end := now.Add(-time.Hour), now.Add(time.Hour)
	tier := Tier{SalesStart: &start, SalesEnd: &end}
	if !tier.OnSale(now) || tier.OnSale(start.Add(-time.Second)) || tier.OnSale(end) {
		t.Error("sales window is [start, end)")
	}
}

func TestDiscounts(t *testing.T) {
	pct := Discount{Kind: DiscountPercent, Amount: 15}
	if got := pct.Off(3333); got != 499 {
		t.Errorf("15%% of 3333 = %d, want 499 (rounded down)", got)
	}
	fixed := Discount{Kind: DiscountFixed, Amount: 5000}
	if got := fixed.Off(3000); got != 3000 {
		t.Errorf("fixed discount above subtotal = %d, want 3000", got)
	}
	exp := now
	if (Discount{ExpiresAt: &exp}).Usable(now) {
		t.Error("a code is not usable at its expiry")
	}
	if (Discount{UsageLimit: 2, UsedCount: 2}).Usable(now) || !(Discount{UsageLimit: 2, UsedCount: 1}).Usable(now) {
		t.Error("usage limit")
	}
	in := DiscountInput{Code: " early ", Kind: "percent", Amount: 101}
	if err := in.Normalize(); codeOf(err) != errs.CodeValidation || in.Code != "EARLY" {
		t.Errorf("%v %q", err, in.Code)
	}
}

func pricingFixture() (Event, map[string]Tier) {
	ev := Event{ID: "e1", Status: EventPublished, StartsAt: now.Add(48 * time.Hour), EndsAt: now.Add(52 * time.Hour)}
	tiers := map[string]Tier{
		"ga":   {ID: "ga", EventID: "e1", Name: "GA", PriceCents: 2500, Capacity: 100, Sold: 10, MaxPerOrder: 4},
		"vip":  {ID: "vip", EventID: "e1", Name: "VIP", PriceCents: 7500, Capacity: 2, Sold: 1, MaxPerOrder: 4},
		"free": {ID: "free", EventID: "e1", Name: "Free", PriceCents: 0, Capacity: 50, MaxPerOrder: 4},
		"x":    {ID: "x", EventID: "other", Name: "Other", PriceCents: 100, Capacity: 5, MaxPerOrder: 4},
	}
	return ev, tiers
}

func TestPriceOrderCard(t *testing.T) {
	ev, tiers := pricingFixture()
	q, err := PriceOrder(ev, tiers, []Item{{"ga", 2}, {"vip", 1}}, PayCard, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if q.SubtotalCents != 12500 || q.TotalCents != 12500 || q.FeeCents != 3*PlatformFeePerTicketCents || q.Tickets != 3 {
		t.Fatalf("%+v", q)
	}
	d := &Discount{ID: "d", EventID: "e1", Code: "HALF", Kind: DiscountPercent, Amount: 50}
	q, err = PriceOrder(ev, tiers, []Item{{"ga", 2}}, PayCash, d, now)
	if err != nil || q.TotalCents != 2500 || q.DiscountCents != 2500 || q.FeeCents != 0 {
		t.Fatalf("cash with discount: %v %+v", err, q)
	}
}

func TestPriceOrderFree(t *testing.T) {
	ev, tiers := pricingFixture()
	q, err := PriceOrder(ev, tiers, []Item{{"free", 2}}, PayFree, nil, now)
	if err != nil || q.TotalCents != 0 || q.FeeCents != 0 {
		t.Fatalf("%v %+v", err, q)
	}
	if _, err := PriceOrder(ev, tiers, []Item{{"free", 1}}, PayCard, nil, now); codeOf(err) != errs.CodeValidation {
		t.Errorf("card for a free order: %v", err)
	}
	if _, err := PriceOrder(ev, tiers, []Item{{"ga", 1}}, PayFree, nil, now); codeOf(err) != errs.CodeValidation {
		t.Errorf("free for a paid order: %v", err)
	}
	// A 100% code makes a paid tier free.
	d := &Discount{ID: "d", EventID: "e1", Kind: DiscountPercent, Amount: 100}
	if q, err := PriceOrder(ev, tiers, []Item{{"ga", 1}}, PayFree, d, now); err != nil || q.TotalCents != 0 {
		t.Errorf("100%% code: %v %+v", err, q)
	}
}

func TestPriceOrderRefusals(t *testing.T) {
	ev, tiers := pricingFixture()
	cases := map[string]struct {
		ev     Event
		items  []Item
		method PaymentMethod
		disc   *Discount
		want   errs.Code
	}{
		"sold out":         {ev, []Item{{"vip", 2}}, PayCard, nil, errs.CodeSoldOut},
		"other event":      {ev, []Item{{"x", 1}}, PayCard, nil, errs.CodeValidation},
		"unknown tier":     {ev, []Item{{"nope", 1}}, PayCard, nil, errs.CodeValidation},
		"zero quantity":    {ev, []Item{{"ga", 0}}, PayCard, nil, errs.CodeValidation},
		"over max":         {ev, []Item{{"ga", 5}}, PayCard, nil, errs.CodeValidation},
		"repeated tier":    {ev, []Item{{"ga", 1}, {"ga", 1}}, PayCard, nil, errs.CodeValidation},
		"no items":         {ev, nil, PayCard, nil, errs.CodeValidation},
		"bad method":       {ev, []Item{{"ga", 1}}, "bitcoin", nil, errs.CodeValidation},
		"draft":            {Event{ID: "e1", Status: EventDraft, EndsAt: ev.EndsAt}, []Item{{"ga", 1}}, PayCard, nil, errs.CodeConflict},
		"over":             {Event{ID: "e1", Status: EventPublished, EndsAt: now}, []Item{{"ga", 1}}, PayCard, nil, errs.CodeConflict},
		"used-up code":     {ev, []Item{{"ga", 1}}, PayCard, &Discount{EventID: "e1", UsageLimit: 1, UsedCount: 1}, errs.CodeConflict},
		"other event code": {ev, []Item{{"ga", 1}}, PayCard, &Discount{EventID: "e2"}, errs.CodeConflict},
	}
	for name, c := range cases {
		if _, err := PriceOrder(c.ev, tiers, c.items, c.method, c.disc, now); codeOf(err) != c.want {
			t.Errorf("%s: %v, want %s", name, err, c.want)
		}
	}
	closed := tiers["ga"]
	end := now
	closed.SalesEnd = &end
	tiers["ga"] = closed
	if _, err := PriceOrder(ev, tiers, []Item{{"ga", 1}}, PayCard, nil, now); codeOf(err) != errs.CodeConflict {
		t.Errorf("closed sales window: %v", err)
	}
}

func TestFeeNeverExceedsTotal(t *testing.T) {
	ev, tiers := pricingFixture()
	d := &Discount{ID: "d", EventID: "e1", Kind: DiscountFixed, Amount: 2450}
	q, err := PriceOrder(ev, tiers, []Item{{"ga", 1}}, PayCard, d, now)
	if err != nil || q.TotalCents != 50 || q.FeeCents != 50 {
		t.Fatalf("%v %+v", err, q)
	}
}

func TestCheckinRefusals(t *testing.T) {
	scanned := now
	for status, want := range map[TicketStatus]errs.Code{
		TicketValid: "", TicketScanned: CodeAlreadyScanned, TicketCancelled: CodeCancelled,
		TicketRefunded: CodeRefunded, TicketPending: CodePendingPayment,
	} {
		r := CheckinRefusal(Ticket{EventID: "e1", Status: status, ScannedAt: &scanned}, "e1")
		if (r == nil) != (want == "") || (r != nil && (r.Code != want || r.Class() != errs.CodeConflict)) {
			t.Errorf("%s: %v, want %s", status, r, want)
		}
	}
	if r := CheckinRefusal(Ticket{EventID: "e2", Status: TicketValid}, "e1"); r == nil || r.Code != CodeWrongEvent {
		t.Errorf("wrong event: %v", r)
	}
	if ErrTicketNotFound.Class() != errs.CodeNotFound {
		t.Error("TICKET_NOT_FOUND is a 404")
	}
}

func TestTicketCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewTicketCode()
		if len(c) != 17 || !ValidCodeShape(c) || seen[c] || strings.ContainsAny(c, "0O1IlL") || c[5] != '-' || c[11] != '-' {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	c := NewTicketCode()
	bare := strings.ToLower(strings.ReplaceAll(c, "-", ""))
	for _, in := range []string{c, " " + c + " ", "https://events.stepperslife.com/tickets/" + c, "http://x/tickets/" + c + "/?utm=1",
		bare, bare[:5] + " " + bare[5:10] + " " + bare[10:]} {
		if got := NormalizeCode(in); got != c {
			t.Errorf("NormalizeCode(%q) = %q", in, got)
		}
	}
	// Codes of the earlier shape (case-sensitive base64) still pass as they are.
	if old := "Ab3_xY-9kLmNoPqRsTuVwX"; NormalizeCode(old) != old || !ValidCodeShape(old) {
		t.Errorf("an earlier code is no longer taken: %q", NormalizeCode(old))
	}
	for _, bad := range []string{"", "short", strings.Repeat("a", 65), "abc'; DROP TABLE tickets;--xxxxxxxx"} {
		if ValidCodeShape(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSlugify(t *testing.T) {
	s := Slugify("  Chi-Town Winter Ball 2026!! ")
	if !strings.HasPrefix(s, "chi-town-winter-ball-2026-") || len(s) != len("chi-town-winter-ball-2026-")+6 {
		t.Errorf("slug %q", s)
	}
	if s := Slugify("!!!"); !strings.HasPrefix(s, "event-") {
		t.Errorf("slug %q", s)
	}
}

// Free tickets carry no platform fee, also when a card order mixes them with paid
// ones.
func TestCardFeeSkipsFreeTickets(t *testing.T) {
	ev, tiers := pricingFixture()
	q, err := PriceOrder(ev, tiers, []Item{{"ga", 1}, {"free", 2}}, PayCard, nil, now)
	if err != nil || q.TotalCents != 2500 || q.FeeCents != PlatformFeePerTicketCents {
		t.Fatalf("%v %+v", err, q)
	}
}

// Organizers are compared by id; only an unclaimed event falls back to the address,
// in its one written form (a Kelvin sign is not a k).
func TestIsOrganizer(t *testing.T) {
	owned := Event{OrganizerID: "u1", OrganizerEmail: "kim@example.com"}
	if !owned.IsOrganizer("u1", "") || owned.IsOrganizer("u2", "kim@example.com") || owned.IsOrganizer("", "") {
		t.Error("an owned event is its organizer's by id only")
	}
	demo := Event{OrganizerEmail: "kim@example.com"}
	for email, want := range map[string]bool{
		"kim@example.com": true, " KIM@Example.COM ": true,
		"\u212Aim@example.com": false, "": false, "kim@example.co": false,
	} {
		if got := demo.IsOrganizer("u9", email); got != want {
			t.Errorf("demo event, %q: %v, want %v", email, got, want)
		}
	}
	if (Event{}).IsOrganizer("", "") {
		t.Error("an event with no organizer is nobody's")
	}
}

// The whole order is bounded: lines, tickets and amount, each with its own
// VALIDATION_FAILED; repeating a tier's line cannot get past its max per order.
func TestPriceOrderBoundsTheWholeOrder(t *testing.T) {
	ev := Event{ID: "e1", Status: EventPublished, EndsAt: now.Add(time.Hour)}
	tiers := map[string]Tier{}
	for i := range 8 {
		id := string(rune('a' + i))
		tiers[id] = Tier{ID: id, EventID: "e1", Name: id, PriceCents: MaxPriceCents, Capacity: 1000, MaxPerOrder: 10}
	}
	field := func(err error) string {
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.CodeValidation {
			return "not VALIDATION_FAILED: " + fmt.Sprint(err)
		}
		return fmt.Sprint(e.Details["fields"])
	}
	many := make([]Item, MaxLinesPerOrder+1)
	for i := range many {
		many[i] = Item{TierID: "a", Quantity: 1}
	}
	if got := field(priceOrderErr(ev, tiers, many)); !strings.Contains(got, "lines per order") {
		t.Errorf("%d lines: %s", len(many), got)
	}
	repeated := []Item{{"a", 6}, {"a", 6}}
	if got := field(priceOrderErr(ev, tiers, repeated)); !strings.Contains(got, "one line per tier") {
		t.Errorf("a tier's line repeated past its max per order: %s", got)
	}
	tickets := []Item{{"a", 10}, {"b", 10}, {"c", 10}, {"d", 10}, {"e", 10}, {"f", 1}}
	if got := field(priceOrderErr(ev, tiers, tickets)); !strings.Contains(got, "tickets per order") {
		t.Errorf("51 tickets: %s", got)
	}
	dear := []Item{{"a", 5}, {"b", 1}} // six $10,000 tickets
	if got := field(priceOrderErr(ev, tiers, dear)); !strings.Contains(got, "at most $50000") {
		t.Errorf("$60,000: %s", got)
	}
	if _, err := PriceOrder(ev, tiers, []Item{{"a", 5}}, PayCash, nil, now); err != nil {
		t.Errorf("$50,000 exactly: %v", err)
	}
}

// priceOrderErr prices items for cash and returns only the refusal.
func priceOrderErr(ev Event, tiers map[string]Tier, items []Item) error {
	_, err := PriceOrder(ev, tiers, items, PayCash, nil, now)
	return err
}

// A buyer may hold unpaid two orders and at most the largest order an event's
// tiers allow.
func TestHoldLimit(t *testing.T) {
	l := HoldLimit([]Tier{{MaxPerOrder: 4}, {MaxPerOrder: 8}})
	if l.Orders != MaxUnpaidOrders || l.Units != 8 {
		t.Errorf("%+v", l)
	}
	if l := HoldLimit(nil); l.Units != 1 {
		t.Errorf("no tiers: %+v", l)
	}
	if l := HoldLimit([]Tier{{MaxPerOrder: 500}}); l.Units != MaxTicketsPerOrder {
		t.Errorf("capped: %+v", l)
	}
}
