package domain

import (
	"errors"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

var now = time.Date(2026, 2, 1, 18, 0, 0, 0, time.UTC)

func codeOf(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func fieldsOf(t *testing.T, err error) map[string]any {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.CodeValidation {
		t.Fatalf("want VALIDATION_FAILED, got %v", err)
	}
	return e.Details["fields"].(map[string]any)
}

func TestClassStateMachine(t *testing.T) {
	allowed := map[[2]ClassStatus]bool{
		{ClassDraft, ClassPublished}: true, {ClassDraft, ClassCancelled}: true,
		{ClassPublished, ClassCompleted}: true, {ClassPublished, ClassCancelled}: true,
	}
	all := []ClassStatus{ClassDraft, ClassPublished, ClassCompleted, ClassCancelled}
	for _, from := range all {
		for _, to := range all {
			if got := from.CanMove(to); got != allowed[[2]ClassStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestEnrollmentStateMachine(t *testing.T) {
	all := []EnrollmentStatus{EnrollPendingPayment, EnrollConfirmed, EnrollWaitlisted, EnrollOffered,
		EnrollCancelled, EnrollRefunded, EnrollExpired}
	allowed := map[[2]EnrollmentStatus]bool{
		{EnrollWaitlisted, EnrollConfirmed}: true, {EnrollWaitlisted, EnrollOffered}: true,
		{EnrollWaitlisted, EnrollCancelled}: true,
		{EnrollOffered, EnrollConfirmed}:    true, {EnrollOffered, EnrollPendingPayment}: true,
		{EnrollOffered, EnrollExpired}: true, {EnrollOffered, EnrollCancelled}: true,
		{EnrollPendingPayment, EnrollConfirmed}: true, {EnrollPendingPayment, EnrollExpired}: true,
		{EnrollPendingPayment, EnrollCancelled}: true,
		{EnrollConfirmed, EnrollCancelled}:      true, {EnrollConfirmed, EnrollRefunded}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := from.CanMove(to); got != allowed[[2]EnrollmentStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
	holding := map[EnrollmentStatus]bool{EnrollConfirmed: true, EnrollPendingPayment: true, EnrollOffered: true}
	for _, s := range all {
		if s.HoldsSeats() != holding[s] || s.Active() != (holding[s] || s == EnrollWaitlisted) {
			t.Errorf("%s: holds %v active %v", s, s.HoldsSeats(), s.Active())
		}
	}
}

// A 7 PM Tuesday class stays at 7 PM in Chicago across the start of daylight saving
// (8 March 2026) and its end (1 November 2026), so its UTC time moves by an hour.
func TestWeeklySeriesKeepsChicagoWallTimeAcrossDST(t *testing.T) {
	for name, c := range map[string]struct {
		first         time.Time
		beforeUTCHour int
		afterUTCHour  int
		changeBetween int // the session index before which the clocks change
	}{
		"march":    {time.Date(2026, 2, 24, 19, 0, 0, 0, Chicago), 1, 0, 2},  // CST −6 → CDT −5
		"november": {time.Date(2026, 10, 20, 19, 0, 0, 0, Chicago), 0, 1, 2}, // CDT −5 → CST −6
	} {
		starts := WeeklyStarts(c.first.UTC(), 6)
		if len(starts) != 6 {
			t.Fatalf("%s: %d sessions", name, len(starts))
		}
		for i, st := range starts {
			local := st.In(Chicago)
			if local.Hour() != 19 || local.Minute() != 0 || local.Weekday() != time.Tuesday {
				t.Errorf("%s: session %d at %s, want Tuesday 7 PM", name, i+1, local)
			}
			if st.Location() != time.UTC {
				t.Errorf("%s: session %d not in UTC", name, i+1)
			}
			want := c.beforeUTCHour
			if i >= c.changeBetween {
				want = c.afterUTCHour
			}
			if st.Hour() != want {
				t.Errorf("%s: session %d at %02d:00 UTC, want %02d:00", name, i+1, st.Hour(), want)
			}
			if i > 0 {
				if d := local.Sub(starts[i-1].In(Chicago)); d != 7*24*time.Hour && i != c.changeBetween {
					t.Errorf("%s: %v between sessions %d and %d", name, d, i, i+1)
				}
			}
		}
		if gap := starts[c.changeBetween].Sub(starts[c.changeBetween-1]); gap == 7*24*time.Hour {
			t.Errorf("%s: the week across the change lasts exactly 168 h; the wall time slipped", name)
		}
	}
}

func TestClassInput(t *testing.T) {
	good := ClassInput{Title: " Steppin I ", Venue: "Hall", Style: "steppin", Capacity: 20, PriceCents: 8000,
		FirstSessionAt: now.Add(48 * time.Hour), DurationMinutes: 90, Weeks: 6}
	if err := good.Normalize(now); err != nil || good.Title != "Steppin I" || good.Style != "STEPPIN" ||
		good.Level != "ALL_LEVELS" || *good.CutoffHours != DefaultCutoffHours {
		t.Fatalf("good input: %v %+v", err, good)
	}
	neg := int64(-1)
	bad := ClassInput{Style: "TANGO", Level: "PRO", Capacity: 0, PriceCents: -5, DropInPriceCents: &neg,
		FirstSessionAt: now.Add(-time.Hour), DurationMinutes: 5, Weeks: 13, RoleCap: -1}
	fields := fieldsOf(t, bad.Normalize(now))
	for _, f := range []string{"title", "venue", "style", "level", "capacity", "priceCents", "dropInPriceCents",
		"firstSessionAt", "durationMinutes", "weeks", "roleCap"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("no complaint about %s: %v", f, fields)
		}
	}
	one := ClassInput{Title: "Single", Venue: "Hall", Capacity: 1, FirstSessionAt: now.Add(time.Hour), DurationMinutes: 60}
	if err := one.Normalize(now); err != nil || one.Weeks != 1 {
		t.Fatalf("one session: %v %d", err, one.Weeks)
	}
	ss := NewSessions("c1", good, now)
	if len(ss) != 6 || ss[5].Position != 6 || ss[0].EndsAt.Sub(ss[0].StartsAt) != 90*time.Minute ||
		ss[0].Capacity != 20 || ss[0].Status != SessionScheduled {
		t.Fatalf("sessions: %+v", ss)
	}
}

func TestFitsUnderTheBalanceCap(t *testing.T) {
	s := Session{Capacity: 10, Taken: 4, Leads: 3, Follows: 1}
	lead := Enrollment{Role: RoleLead, Seats: 1}
	follow := Enrollment{Role: RoleFollow, Seats: 1}
	either := Enrollment{Role: RoleEither, Seats: 1}
	couple := Enrollment{Role: RoleLead, Seats: 2}
	for _, c := range []struct {
		name string
		e    Enrollment
		cap  int
		want bool
	}{
		{"lead, no cap", lead, 0, true},
		{"lead over the cap", lead, 2, false},
		{"lead at the cap", lead, 3, true},
		{"follow evens it", follow, 1, true},
		{"either always", either, 1, true},
		{"couple keeps the balance", couple, 1, true},
	} {
		if got := c.e.Fits(s, c.cap); got != c.want {
			t.Errorf("%s: %v", c.name, got)
		}
	}
	if couple.Leads() != 1 || couple.Follows() != 1 || (Enrollment{Role: RoleEither, Seats: 2}).Leads() != 0 {
		t.Error("a couple counts one lead and one follow; an EITHER couple counts neither")
	}
	full := Session{Capacity: 5, Taken: 4}
	if couple.Fits(full, 0) || !lead.Fits(full, 0) {
		t.Error("a couple needs two free seats")
	}
	if lead.FitsAll(nil, 0) {
		t.Error("no session to sit in does not fit")
	}
}

func TestTargets(t *testing.T) {
	ss := []Session{
		{ID: "past", StartsAt: now.Add(-time.Hour), Status: SessionScheduled},
		{ID: "off", StartsAt: now.Add(time.Hour), Status: SessionCancelled},
		{ID: "a", StartsAt: now.Add(2 * time.Hour), Status: SessionScheduled},
		{ID: "b", StartsAt: now.Add(3 * time.Hour), Status: SessionScheduled},
	}
	if got := Targets(ss, KindSeries, "", now); len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" {
		t.Errorf("series: %+v", got)
	}
	if got := Targets(ss, KindDropIn, "b", now); len(got) != 1 || got[0].ID != "b" {
		t.Errorf("drop-in: %+v", got)
	}
	if got := Targets(ss, KindDropIn, "past", now); len(got) != 0 {
		t.Errorf("a past drop-in: %+v", got)
	}
}

func TestPrice(t *testing.T) {
	drop := int64(2000)
	paid := Class{PriceCents: 9000, DropInPriceCents: &drop}
	free := Class{}
	for _, c := range []struct {
		name        string
		class       Class
		req         EnrollRequest
		amount, fee int64
		bad         string
	}{
		{"series by card", paid, EnrollRequest{Method: PayCard}, 9000, 900, ""},
		{"couple by card", paid, EnrollRequest{Method: PayCard, PartnerName: "Pat"}, 18000, 1800, ""},
		{"drop-in at the door", paid, EnrollRequest{Method: PayDoor, SessionID: "s"}, 2000, 0, ""},
		{"free class", free, EnrollRequest{Method: PayFree, SessionID: "s"}, 0, 0, ""},
		{"free method for a paid class", paid, EnrollRequest{Method: PayFree}, 0, 0, "paymentMethod"},
		{"card for a free class", free, EnrollRequest{Method: PayCard}, 0, 0, "paymentMethod"},
		{"no drop-ins", Class{PriceCents: 5000}, EnrollRequest{Method: PayCard, SessionID: "s"}, 0, 0, "sessionId"},
	} {
		amount, fee, err := Price(c.class, c.req)
		if c.bad != "" {
			if _, ok := fieldsOf(t, err)[c.bad]; !ok {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err != nil || amount != c.amount || fee != c.fee {
			t.Errorf("%s: %d %d %v", c.name, amount, fee, err)
		}
	}
}

func TestEnrollRequest(t *testing.T) {
	r := EnrollRequest{ClassID: " c ", Method: "Card", Role: "lead", PartnerName: "Pat", PartnerEmail: "PAT@Example.com"}
	if err := r.Normalize(); err != nil || r.Method != PayCard || r.Role != RoleLead || !r.Couple() {
		t.Fatalf("%v %+v", err, r)
	}
	bad := EnrollRequest{Method: "cash", Role: "BOTH", PartnerEmail: "not-mail"}
	fields := fieldsOf(t, bad.Normalize())
	for _, f := range []string{"classId", "paymentMethod", "role", "partner.email"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("no complaint about %s: %v", f, fields)
		}
	}
	noName := EnrollRequest{ClassID: "c", Method: PayFree, PartnerEmail: "pat@example.com"}
	if _, ok := fieldsOf(t, noName.Normalize())["partner.name"]; !ok {
		t.Error("a partner needs a name")
	}
}

func TestOfferUntil(t *testing.T) {
	if got := OfferUntil(now, now.Add(72*time.Hour)); !got.Equal(now.Add(ClaimWindow)) {
		t.Errorf("far session: %s", got)
	}
	if got := OfferUntil(now, now.Add(2*time.Hour)); !got.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("near session: %s", got)
	}
}

func TestCancellationRefunds(t *testing.T) {
	c := Class{CutoffHours: 24}
	held := []Session{
		{ID: "1", StartsAt: now.Add(-7 * 24 * time.Hour), Status: SessionCompleted},
		{ID: "2", StartsAt: now.Add(48 * time.Hour), Status: SessionScheduled},
		{ID: "3", StartsAt: now.Add(9 * 24 * time.Hour), Status: SessionScheduled},
	}
	card := Enrollment{Status: EnrollConfirmed, Method: PayCard, Kind: KindSeries, AmountCents: 10000}
	// Two of three sessions are still to come, before the cutoff: two thirds back.
	if st, cents := StudentCancel(c, card, held, now); st != EnrollRefunded || cents != 6666 {
		t.Errorf("before the cutoff: %s %d", st, cents)
	}
	// Inside the cutoff of the next session: the seat is freed, nothing goes back.
	if st, cents := StudentCancel(c, card, held, now.Add(30*time.Hour)); st != EnrollCancelled || cents != 0 {
		t.Errorf("after the cutoff: %s %d", st, cents)
	}
	door := card
	door.Method = PayDoor
	if st, cents := StudentCancel(c, door, held, now); st != EnrollCancelled || cents != 0 {
		t.Errorf("door: %s %d", st, cents)
	}
	waiting := card
	waiting.Status = EnrollWaitlisted
	if st, cents := StudentCancel(c, waiting, held, now); st != EnrollCancelled || cents != 0 {
		t.Errorf("leaving the line: %s %d", st, cents)
	}
	// The instructor cancels one session: a third of the series goes back; then the
	// class: the rest, to the cent.
	one := SessionCancelRefund(card, held)
	if one != 3333 {
		t.Errorf("a cancelled session: %d", one)
	}
	card.RefundedCents = one
	held[1].Status = SessionCancelled
	if rest := ClassCancelRefund(card, held, now); rest != 3333 {
		t.Errorf("the rest after one session was refunded: %d", rest)
	}
	all := Enrollment{Status: EnrollConfirmed, Method: PayCard, AmountCents: 10001}
	three := []Session{held[2], held[2], held[2]}
	if got := ClassCancelRefund(all, three, now); got != 10001 {
		t.Errorf("everything still to come is worth everything: %d", got)
	}
	drop := Enrollment{Status: EnrollConfirmed, Method: PayCard, Kind: KindDropIn, AmountCents: 2000}
	if got := SessionCancelRefund(drop, held[2:]); got != 2000 {
		t.Errorf("a drop-in's session cancelled: %d", got)
	}
}

func TestReviewInput(t *testing.T) {
	in := ReviewInput{Rating: 5, Body: " Great "}
	if err := in.Normalize(); err != nil || in.Body != "Great" {
		t.Fatal(err)
	}
	for _, r := range []int{0, 6} {
		in := ReviewInput{Rating: r}
		if codeOf(in.Normalize()) != errs.CodeValidation {
			t.Errorf("rating %d accepted", r)
		}
	}
	if _, err := NormalizeReply("  "); codeOf(err) != errs.CodeValidation {
		t.Error("an empty reply")
	}
	if !Late.Attended() || Absent.Attended() || Excused.Attended() || AttendanceStatus("HERE").Valid() {
		t.Error("attendance marks")
	}
}

func TestRevenue(t *testing.T) {
	paidAt := now
	r := RevenueOf([]Enrollment{
		{Method: PayCard, Status: EnrollConfirmed, AmountCents: 9000, FeeCents: 900},
		{Method: PayCard, Status: EnrollRefunded, AmountCents: 9000, FeeCents: 900, RefundedCents: 6000},
		{Method: PayCard, Status: EnrollRefunded, AmountCents: 9000, FeeCents: 900, RefundedCents: 9000},
		{Method: PayCard, Status: EnrollPendingPayment, AmountCents: 9000, FeeCents: 900},
		{Method: PayDoor, Status: EnrollConfirmed, AmountCents: 2000, DoorPaidAt: &paidAt},
		{Method: PayDoor, Status: EnrollConfirmed, AmountCents: 2000},
	})
	if r.GrossCents != 9000+3000+2000 || r.FeeCents != 900+300 || r.NetCents != 14000-1200 {
		t.Fatalf("%+v", r)
	}
}

func TestProfileInput(t *testing.T) {
	in := ProfileInput{DisplayName: " Marcus ", Styles: []string{"steppin", "STEPPIN", "walkin"},
		Links: []string{"https://instagram.com/marcus", " "}}
	if err := in.Normalize(); err != nil || in.DisplayName != "Marcus" || len(in.Styles) != 2 || len(in.Links) != 1 {
		t.Fatalf("%v %+v", err, in)
	}
	bad := ProfileInput{Styles: []string{"TANGO"}, Links: []string{"javascript:alert(1)"}}
	fields := fieldsOf(t, bad.Normalize())
	for _, f := range []string{"displayName", "styles", "links[0]"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("no complaint about %s: %v", f, fields)
		}
	}
}
