package site

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
)

// foundations is a paid series with drop-ins and card payments, as the classes
// service answers it.
func foundations(price int64) classesapi.Class {
	first := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	drop := int64(2000)
	c := classesapi.Class{ID: "c1", Slug: "steppin-foundations", Title: "Steppin Foundations", Style: "STEPPIN",
		Level: "BEGINNER", Venue: "Chicago Cultural Center", InstructorName: "Marcus Bell", InstructorSlug: "marcus-bell",
		Capacity: 3, PriceCents: price, DropInPriceCents: &drop, Status: "PUBLISHED", SeatsLeft: 3, CardPayments: true,
		RefundPolicy: "Cancel at least 24 hours before.", RoleCap: 2, CalendarURL: "http://classes.example/classes/steppin-foundations/calendar.ics"}
	for i := range 2 {
		at := first.AddDate(0, 0, 7*i)
		c.Sessions = append(c.Sessions, classesapi.Session{ID: "s" + string(rune('1'+i)), Position: i + 1, StartsAt: at,
			EndsAt: at.Add(90 * time.Minute), Status: "SCHEDULED", SeatsLeft: 3})
	}
	c.StartsAt = &c.Sessions[0].StartsAt
	return c
}

func answerJSON(status int, v any) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { web.WriteJSON(w, status, v) }
}

func refuse(e *errs.Error) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { web.WriteError(w, r, e) }
}

// The class page offers the series, each session to drop in on, the role and a
// partner; the form goes to the classes service as the caller, with the form's
// Idempotency-Key, and the confirmation says what was booked.
func TestClassPageEnrolsAsTheCaller(t *testing.T) {
	h, f := newSite(t)
	f.answers["classes GET /api/classes/steppin-foundations"] = answerJSON(200, foundations(12000))
	rec := get(t, h, "/classes/steppin-foundations", true)
	if rec.Code != 200 {
		t.Fatalf("class page: %d", rec.Code)
	}
	mustContain(t, rec, `id="enrol-form"`, "$120.00", "$20.00", `value="s2"`, `<option value="LEAD"`, `name="partnerName"`,
		`href="/instructors/marcus-bell"`, "Marcus Bell", "Card", "ahead by 2", ">Enrol</button>")
	noRawValues(t, rec)

	f.answers["classes POST /api/enrollments"] = answerJSON(201, classesapi.Enrollment{ID: "e1", ClassID: "c1",
		ClassSlug: "steppin-foundations", ClassTitle: "Steppin Foundations", Kind: "DROP_IN", Status: "CONFIRMED",
		PaymentMethod: "door", Role: "LEAD", Partner: &classesapi.Partner{Name: "Sam"}, Seats: 2, AmountCents: 4000})
	rec = post(t, h, "/classes/steppin-foundations/enrol", url.Values{"idempotency_key": {"key-1"}, "sessionId": {"s2"},
		"payment": {"door"}, "role": {"LEAD"}, "partnerName": {"Sam"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("enrol: %d\n%s", rec.Code, rec.Body)
	}
	mustContain(t, rec, "You are enrolled", `data-status="CONFIRMED"`, "with Sam", "$40.00 to pay at the door", `href="/me/classes#enrollment-e1"`)
	noRawValues(t, rec)
	c, _ := f.last("POST", "/api/enrollments")
	if c.Header.Get("Idempotency-Key") != "key-1" || !strings.Contains(c.Header.Get("Authorization"), "tok-pat") {
		t.Fatalf("headers sent: %v", c.Header)
	}
	partner, _ := c.Body["partner"].(map[string]any)
	if c.Body["classId"] != "c1" || c.Body["sessionId"] != "s2" || c.Body["paymentMethod"] != "door" || c.Body["role"] != "LEAD" ||
		partner["name"] != "Sam" {
		t.Fatalf("body sent: %v", c.Body)
	}
}

// Card payment goes on to the checkout the service names; a free class is free
// whatever the form says.
func TestEnrolPaysByCardOrFree(t *testing.T) {
	h, f := newSite(t)
	f.answers["classes GET /api/classes/steppin-foundations"] = answerJSON(200, foundations(12000))
	f.answers["classes POST /api/enrollments"] = answerJSON(201, classesapi.Enrollment{ID: "e1", Status: "PENDING_PAYMENT",
		CheckoutURL: "https://checkout.stripe.com/c/pay/cs_1"})
	rec := post(t, h, "/classes/steppin-foundations/enrol", url.Values{"payment": {"card"}, "role": {"EITHER"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://checkout.stripe.com/c/pay/cs_1" {
		t.Fatalf("card: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if c, _ := f.last("POST", "/api/enrollments"); c.Body["paymentMethod"] != "card" || c.Header.Get("Idempotency-Key") == "" {
		t.Fatalf("card body %v, key %q", c.Body, c.Header.Get("Idempotency-Key"))
	}

	f.answers["classes GET /api/classes/steppin-foundations"] = answerJSON(200, foundations(0))
	f.answers["classes POST /api/enrollments"] = answerJSON(201, classesapi.Enrollment{ID: "e2", Status: "WAITLISTED",
		WaitlistPosition: new(3), Kind: "SERIES", Role: "EITHER", PaymentMethod: "free"})
	rec = post(t, h, "/classes/steppin-foundations/enrol", url.Values{"payment": {"card"}, "waitlist": {"1"}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("free: %d", rec.Code)
	}
	mustContain(t, rec, "You are on the waitlist", `data-position="3"`)
	if c, _ := f.last("POST", "/api/enrollments"); c.Body["paymentMethod"] != "free" || c.Body["waitlist"] != true {
		t.Fatalf("free body %v", c.Body)
	}
}

// The service's refusals come back on the class page in words, with its status.
func TestEnrolRefusalsInWords(t *testing.T) {
	for _, tc := range []struct {
		err    *errs.Error
		status int
		want   string
	}{
		{errs.Errorf(errs.CodeSoldOut, "full"), 409, "put me on the waitlist"},
		{errs.Errorf(errs.CodeConflict, "already"), 409, "already enrolled"},
		{errs.Invalid(map[string]string{"role": "must be LEAD, FOLLOW or EITHER"}), 400, "must be LEAD"},
		{errs.Errorf(errs.CodeUnauthenticated, "sign in"), 401, `href="/signin?next=/classes/steppin-foundations"`},
	} {
		h, f := newSite(t)
		f.answers["classes GET /api/classes/steppin-foundations"] = answerJSON(200, foundations(0))
		f.answers["classes POST /api/enrollments"] = refuse(tc.err)
		rec := post(t, h, "/classes/steppin-foundations/enrol", url.Values{"role": {"EITHER"}})
		if rec.Code != tc.status {
			t.Errorf("%s: %d", tc.err.Code, rec.Code)
		}
		mustContain(t, rec, tc.want, `role="alert"`, `id="enrol-form"`)
	}
}

// Signed out, the class page asks to sign in; a closed class takes no enrolment;
// a missing class is a 404; a class service that is down is said so.
func TestClassPageWithoutAForm(t *testing.T) {
	h, f := newSite(t)
	f.answers["classes GET /api/classes/steppin-foundations"] = answerJSON(200, foundations(0))
	rec := get(t, h, "/classes/steppin-foundations", false)
	mustContain(t, rec, `href="/signin?next=/classes/steppin-foundations"`)
	if strings.Contains(rec.Body.String(), `id="enrol-form"`) {
		t.Error("a signed-out visitor is shown the form")
	}
	closed := foundations(0)
	closed.Status = "CANCELLED"
	closed.Sessions[0].Status, closed.Sessions[1].Status = "CANCELLED", "CANCELLED"
	f.answers["classes GET /api/classes/steppin-foundations"] = answerJSON(200, closed)
	rec = get(t, h, "/classes/steppin-foundations", true)
	mustContain(t, rec, "not taking enrolments", "Cancelled")
	if rec := get(t, h, "/classes/nope", true); rec.Code != 404 {
		t.Errorf("missing class: %d", rec.Code)
	}
	h, _ = newSite(t, "classes")
	if rec := get(t, h, "/classes/steppin-foundations", true); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("classes down: %d", rec.Code)
	}
}

// My classes groups places by what they need, shows the place in line, offers the
// claim of an offered seat and cancels as the caller.
func TestMyClasses(t *testing.T) {
	h, f := newSite(t)
	soon := time.Now().Add(48 * time.Hour)
	by := time.Now().Add(time.Hour)
	sess := []classesapi.Session{{ID: "s1", Position: 1, StartsAt: soon, Status: "SCHEDULED"}}
	f.answers["classes GET /api/me/enrollments"] = answerJSON(200, web.NewList([]classesapi.Enrollment{
		{ID: "e1", ClassSlug: "a", ClassTitle: "Alpha", Kind: "SERIES", Status: "CONFIRMED", PaymentMethod: "free", Role: "LEAD", Sessions: sess},
		{ID: "e2", ClassSlug: "b", ClassTitle: "Bravo", Kind: "SERIES", Status: "WAITLISTED", PaymentMethod: "free", Role: "FOLLOW",
			WaitlistPosition: new(2), Sessions: sess},
		{ID: "e3", ClassSlug: "c", ClassTitle: "Charlie", Kind: "DROP_IN", Status: "OFFERED", PaymentMethod: "card", Role: "EITHER",
			AmountCents: 2000, HoldExpiresAt: &by, Sessions: sess},
		{ID: "e4", ClassSlug: "d", ClassTitle: "Delta", Kind: "SERIES", Status: "CANCELLED", PaymentMethod: "free", Role: "EITHER", Sessions: sess},
	}, 4, web.Page{Limit: 100}))
	rec := get(t, h, "/me/classes", true)
	if rec.Code != 200 {
		t.Fatalf("my classes: %d", rec.Code)
	}
	mustContain(t, rec, `id="offered"`, `id="enrolled"`, `id="waiting"`, `id="earlier"`, "Number 2 in line",
		"Claim and pay by card", "Leave the waitlist", "Cancel my enrolment", `id="enrollment-e3"`, "Claim by")
	noRawValues(t, rec)
	body := rec.Body.String()
	if strings.Index(body, "Charlie") > strings.Index(body, "Alpha") || strings.Count(body, `action="/me/classes/e4/`) != 0 {
		t.Error("offered seats come first; a cancelled place has no buttons")
	}
	if rec := get(t, h, "/me/classes", false); rec.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", rec.Code)
	}

	f.answers["classes POST /api/enrollments/e2/cancel"] = answerJSON(200, classesapi.Enrollment{ID: "e2", Status: "CANCELLED"})
	rec = post(t, h, "/me/classes/e2/cancel", url.Values{"idempotency_key": {"k2"}, "line": {"1"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/me/classes?done=left#enrollment-e2" {
		t.Fatalf("leave the line: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if c, _ := f.last("POST", "/api/enrollments/e2/cancel"); c.Header.Get("Idempotency-Key") != "k2" {
		t.Fatalf("cancel key %q", c.Header.Get("Idempotency-Key"))
	}
	mustContain(t, get(t, h, "/me/classes?done=left", true), "You left the waitlist.")

	f.answers["classes POST /api/enrollments/e3/claim"] = refuse(errs.Errorf(errs.CodeInvalidTransition, "The offer lapsed."))
	rec = post(t, h, "/me/classes/e3/claim", url.Values{"payment": {"card"}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("a lapsed claim: %d", rec.Code)
	}
	mustContain(t, rec, "The offer lapsed.", `role="alert"`, "Alpha")
	if c, _ := f.last("POST", "/api/enrollments/e3/claim"); c.Body["paymentMethod"] != "card" {
		t.Fatalf("claim body %v", c.Body)
	}
	if rec := post(t, h, "/me/classes/e3/steal", nil); rec.Code != 404 {
		t.Errorf("unknown action: %d", rec.Code)
	}
}

// The instructor page shows the profile, only web links, and their open classes
// leading to the portal's class pages.
func TestInstructorPage(t *testing.T) {
	h, f := newSite(t)
	f.answers["classes GET /api/instructors/marcus-bell"] = answerJSON(200, classesapi.Instructor{ID: "i1", Slug: "marcus-bell",
		DisplayName: "Marcus Bell", Bio: "Twenty years on Chicago floors.", Styles: []string{"STEPPIN", "WALKIN"},
		Links: []string{"https://www.example.com/marcus", "javascript:alert(1)"}, Verified: true,
		Classes: []classesapi.Class{foundations(12000)}})
	rec := get(t, h, "/instructors/marcus-bell", false)
	if rec.Code != 200 {
		t.Fatalf("instructor: %d", rec.Code)
	}
	mustContain(t, rec, "Marcus Bell", "Verified instructor", "Steppin, Walkin", ">example.com</a>",
		`href="/classes/steppin-foundations"`, "$120.00")
	noRawValues(t, rec)
	if strings.Contains(rec.Body.String(), "javascript:") {
		t.Error("a javascript: link is shown")
	}
	if rec := get(t, h, "/instructors/nobody", false); rec.Code != 404 {
		t.Errorf("missing instructor: %d", rec.Code)
	}
}

// On My SteppersLife a class place leads to the portal's page of them, with its
// buttons, and "See all" to the whole page.
func TestMyPlacesLeadToTheClassesPage(t *testing.T) {
	h, f := newSite(t)
	f.answers["classes GET /api/me/activity"] = answerJSON(200, web.NewList([]feed.Item{{ID: "e7", Kind: "enrollment",
		Slug: "steppin-foundations", Title: "Steppin Foundations", Status: "WAITLISTED", Summary: "Waitlist position 2"}}, 1, web.Page{Limit: 50}))
	rec := get(t, h, "/me", true)
	mustContain(t, rec, `href="/me/classes#enrollment-e7"`, `href="/me/classes"`, "Waitlist position 2", "On the waitlist")
	noRawValues(t, rec)
}
