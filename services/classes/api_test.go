package classes_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/services/classes/classestest"
	"stepperslife/services/classes/domain"
)

var (
	teacher = classestest.Instructor
	student = classestest.Student
)

// An instructor creates a six-week series at 7 PM across the start of daylight
// saving; every session is at 7 PM in Chicago, and the class is found once published.
func TestCreatePublishAndFindAClass(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		first := dstChange(time.Now().In(domain.Chicago).Year()+1).AddDate(0, 0, -16) // 7 PM, two weeks before the change
		body := classestest.ClassBody("Steppin Foundations", 9000, 12, 6, first.UTC())
		body["dropInPriceCents"] = 2000
		if res := s.Do("POST", "/api/classes", student, body); res.Status != http.StatusForbidden {
			t.Fatalf("a student creating a class: %d %s", res.Status, res.Body)
		}
		var c classesapi.Class
		s.Must(http.StatusCreated, "POST", "/api/classes", teacher, body).JSON(t, &c)
		if c.Status != "DRAFT" || c.ID == "" || c.Slug == "" || len(c.Sessions) != 6 || c.Weeks != 6 ||
			*c.DropInPriceCents != 2000 || c.CancelCutoffHours != 24 {
			t.Fatalf("created: %+v", c)
		}
		for i, x := range c.Sessions {
			local := x.StartsAt.In(domain.Chicago)
			if local.Hour() != 19 || local.Weekday() != first.Weekday() || x.EndsAt.Sub(x.StartsAt) != 90*time.Minute {
				t.Errorf("session %d at %s", i+1, local)
			}
		}
		if c.Sessions[2].StartsAt.Hour() == c.Sessions[3].StartsAt.Hour() {
			t.Errorf("the UTC hour must change across daylight saving: %s, %s", c.Sessions[2].StartsAt, c.Sessions[3].StartsAt)
		}
		// A draft is hidden from everyone but its instructor.
		if res := s.Do("GET", "/api/classes/"+c.Slug, nil, nil); res.Status != http.StatusNotFound {
			t.Fatalf("a draft in public: %d", res.Status)
		}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/publish", classestest.OtherInstructor, nil); res.Status != http.StatusNotFound {
			t.Fatalf("another instructor publishing a draft: %d", res.Status)
		}
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/publish", teacher, nil)
		if res := s.Do("POST", "/api/classes/"+c.ID+"/publish", teacher, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("publishing twice: %d %s", res.Status, res.Body)
		}
		got := s.Class(c.Slug)
		if got.Status != "PUBLISHED" || got.SeatsLeft != 12 || got.WaitlistCount != 0 || got.Sessions[0].SeatsLeft != 12 ||
			!strings.HasSuffix(got.CalendarURL, "/classes/"+c.Slug+"/calendar.ics") {
			t.Fatalf("published: %+v", got)
		}
		var list struct {
			Items      []classesapi.Class `json:"items"`
			Pagination struct {
				Total int `json:"total"`
			} `json:"pagination"`
		}
		s.Must(http.StatusOK, "GET", "/api/classes?q=foundations&style=STEPPIN&level=BEGINNER", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 1 || list.Items[0].ID != c.ID {
			t.Fatalf("search: %+v", list)
		}
		s.Must(http.StatusOK, "GET", "/api/classes?style=WALKIN", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 0 {
			t.Fatalf("style filter: %+v", list)
		}
		if res := s.Do("GET", "/api/classes?level=PRO", nil, nil); res.Status != http.StatusBadRequest {
			t.Fatalf("a bad level: %d", res.Status)
		}
		bad := classestest.ClassBody("", -1, 0, 13, time.Now().Add(-time.Hour))
		res := s.Do("POST", "/api/classes", teacher, bad)
		if res.Status != http.StatusBadRequest || res.Code() != "VALIDATION_FAILED" {
			t.Fatalf("bad class: %d %s", res.Status, res.Body)
		}
		for _, f := range []string{"title", "priceCents", "capacity", "weeks", "firstSessionAt"} {
			if !strings.Contains(string(res.Body), `"`+f+`"`) {
				t.Errorf("no complaint about %s: %s", f, res.Body)
			}
		}
	})
}

// A free class of two seats: two students are enrolled, a third hears SOLD_OUT or
// waits in line when asked; the first to cancel frees a seat that goes to the line at
// once; enrolling twice is a CONFLICT; the same Idempotency-Key answers the same.
func TestFreeEnrolmentWaitlistAndCancel(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		c := s.PublishedClass("Walkin Basics", 0, 2, 4)
		a, b, w1, w2 := classestest.StudentN(1), classestest.StudentN(2), classestest.StudentN(3), classestest.StudentN(4)
		var first classesapi.Enrollment
		res := s.Enrol(a, c.ID, "free", false, "Idempotency-Key", "enrol-a")
		res.JSON(t, &first)
		if res.Status != http.StatusCreated || first.Status != "CONFIRMED" || len(first.Sessions) != 4 || first.Kind != "SERIES" {
			t.Fatalf("first: %d %s", res.Status, res.Body)
		}
		again := s.Enrol(a, c.ID, "free", false, "Idempotency-Key", "enrol-a")
		if again.Status != http.StatusCreated || string(again.Body) != string(res.Body) {
			t.Fatalf("replay: %d %s", again.Status, again.Body)
		}
		if res := s.Enrol(a, c.ID, "free", false); res.Status != http.StatusConflict || res.Code() != "CONFLICT" {
			t.Fatalf("enrolled twice: %d %s", res.Status, res.Body)
		}
		s.Must(http.StatusCreated, "POST", "/api/enrollments", b, map[string]any{"classId": c.ID, "paymentMethod": "free"})
		res = s.Enrol(w1, c.ID, "free", false)
		if res.Status != http.StatusConflict || res.Code() != "SOLD_OUT" || !strings.Contains(string(res.Body), `"waitlistAvailable":true`) {
			t.Fatalf("full: %d %s", res.Status, res.Body)
		}
		if res := s.Enrol(w1, c.ID, "card", false); res.Status != http.StatusBadRequest {
			t.Fatalf("card for a free class: %d %s", res.Status, res.Body)
		}
		var line1, line2 classesapi.Enrollment
		s.Must(http.StatusCreated, "POST", "/api/enrollments", w1, map[string]any{"classId": c.ID, "paymentMethod": "free", "waitlist": true}).JSON(t, &line1)
		s.Must(http.StatusCreated, "POST", "/api/enrollments", w2, map[string]any{"classId": c.ID, "paymentMethod": "free", "waitlist": true}).JSON(t, &line2)
		if line1.Status != "WAITLISTED" || *line1.WaitlistPosition != 1 || *line2.WaitlistPosition != 2 {
			t.Fatalf("line: %+v %+v", line1, line2)
		}
		if got := s.Class(c.ID); got.WaitlistCount != 2 || got.SeatsLeft != 0 {
			t.Fatalf("class: %+v", got)
		}
		if res := s.Do("POST", "/api/enrollments/"+first.ID+"/cancel", b, nil); res.Status != http.StatusNotFound {
			t.Fatalf("cancelling someone else's place: %d", res.Status)
		}
		var cancelled classesapi.Enrollment
		s.Must(http.StatusOK, "POST", "/api/enrollments/"+first.ID+"/cancel", a, nil).JSON(t, &cancelled)
		if cancelled.Status != "CANCELLED" {
			t.Fatalf("cancelled: %+v", cancelled)
		}
		if e := s.Enrollment(w1, line1.ID); e.Status != "CONFIRMED" || len(e.Sessions) != 4 {
			t.Fatalf("the first in line is seated: %+v", e)
		}
		if e := s.Enrollment(w2, line2.ID); e.Status != "WAITLISTED" || *e.WaitlistPosition != 1 {
			t.Fatalf("the second moves up: %+v", e)
		}
		// Leaving the line is one call.
		s.Must(http.StatusOK, "POST", "/api/enrollments/"+line2.ID+"/cancel", w2, nil)
		if got := s.Class(c.ID); got.WaitlistCount != 0 {
			t.Fatalf("the line after leaving it: %d", got.WaitlistCount)
		}
		var mine struct {
			Items []classesapi.Enrollment `json:"items"`
		}
		s.Must(http.StatusOK, "GET", "/api/me/enrollments", w1, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].ClassTitle != "Walkin Basics" {
			t.Fatalf("my enrolments: %+v", mine)
		}
		var mail int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE to_addrs = $1 AND subject = $2`,
			w1.Email, "You're in: Walkin Basics").Scan(&mail); err != nil || mail != 1 {
			t.Fatalf("the seated student is told once: %d %v", mail, err)
		}
	})
}

// A drop-in takes a seat in one session only; a couple takes two seats at once.
func TestDropInsAndCouples(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	body := classestest.ClassBody("Hand Dance Nights", 8000, 3, 3, classestest.NextWeekday7PM(7, time.Thursday))
	body["dropInPriceCents"] = 2500
	c := s.Publish(body)
	var drop classesapi.Enrollment
	s.Must(http.StatusCreated, "POST", "/api/enrollments", student, map[string]any{"classId": c.ID,
		"sessionId": c.Sessions[1].ID, "paymentMethod": "door"}).JSON(t, &drop)
	if drop.Kind != "DROP_IN" || drop.AmountCents != 2500 || len(drop.Sessions) != 1 || drop.Sessions[0].ID != c.Sessions[1].ID {
		t.Fatalf("drop-in: %+v", drop)
	}
	var couple classesapi.Enrollment
	s.Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(1), map[string]any{"classId": c.ID,
		"paymentMethod": "door", "role": "LEAD", "partner": map[string]string{"name": "Pat Partner"}}).JSON(t, &couple)
	if couple.Seats != 2 || couple.AmountCents != 16000 || couple.Partner == nil {
		t.Fatalf("couple: %+v", couple)
	}
	got := s.Class(c.ID)
	if got.Sessions[0].SeatsLeft != 1 || got.Sessions[1].SeatsLeft != 0 || got.SeatsLeft != 0 || got.Sessions[0].Leads != 1 ||
		got.Sessions[0].Follows != 1 {
		t.Fatalf("seats: %+v", got.Sessions)
	}
	if res := s.Do("POST", "/api/enrollments", classestest.StudentN(2), map[string]any{"classId": c.ID, "paymentMethod": "door",
		"partner": map[string]string{"name": "Pal"}, "sessionId": c.Sessions[0].ID}); res.Code() != "SOLD_OUT" {
		t.Fatalf("a couple for the last seat: %d %s", res.Status, res.Body)
	}
}

// dstChange is 7 PM Chicago time on the day in March of year when daylight saving
// begins.
func dstChange(year int) time.Time {
	day := time.Date(year, 3, 1, 19, 0, 0, 0, domain.Chicago)
	_, winter := day.Zone()
	for {
		if _, off := day.Zone(); off != winter {
			return day
		}
		day = day.AddDate(0, 0, 1)
	}
}
