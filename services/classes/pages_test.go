package classes_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/services/classes/classestest"
	"stepperslife/services/classes/domain"
)

func page(t *testing.T, c *http.Client, rawURL string) (int, string) {
	t.Helper()
	res, err := c.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The pages speak words, never machine values: the class page, an enrolment, the
// dashboard and the roster.
func TestPagesSayWords(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	c := s.PublishedClass("Words Steppin", 0, 1, 2)
	var e struct{ ID string }
	s.Enrol(student, c.ID, "free", false).JSON(t, &e)
	var w struct{ ID string }
	s.Enrol(classestest.StudentN(1), c.ID, "free", true).JSON(t, &w)
	raw := []string{"PUBLISHED", "SCHEDULED", "CONFIRMED", "WAITLISTED", "STEPPIN", "BEGINNER", "SERIES", "EITHER"}
	for _, p := range []struct {
		who  *http.Client
		path string
		want string
	}{
		{s.Browser(nil), "/classes/" + c.Slug, "Open for enrolment"},
		{s.Browser(student), "/classes/" + c.Slug, "Join the waitlist"},
		{s.Browser(student), "/enrollments/" + e.ID, "Enrolled"},
		{s.Browser(classestest.StudentN(1)), "/enrollments/" + w.ID, "You are number 1 in line"},
		{s.Browser(teacher), "/dashboard", "1 of 1 seats taken (100%) · 1 waiting"},
		{s.Browser(teacher), "/dashboard/classes/" + c.ID + "/roster", "Mark everyone present"},
	} {
		status, body := page(t, p.who, s.URL+p.path)
		if status != http.StatusOK || !strings.Contains(body, p.want) {
			t.Fatalf("%s: %d, no %q:\n%s", p.path, status, p.want, body)
		}
		text := visibleText(body)
		for _, v := range raw {
			if strings.Contains(text, v) {
				t.Errorf("%s shows the raw value %s", p.path, v)
			}
		}
	}
	if status, _ := page(t, s.Browser(classestest.StudentN(2)), s.URL+"/enrollments/"+e.ID); status != http.StatusNotFound {
		t.Fatalf("someone else's enrolment page: %d", status)
	}
	// The waiting student leaves the line from the page.
	res, err := s.Browser(classestest.StudentN(1)).PostForm(s.URL+"/enrollments/"+w.ID+"/cancel", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := s.Enrollment(classestest.StudentN(1), w.ID); got.Status != "CANCELLED" {
		t.Fatalf("left the line: %s", got.Status)
	}
}

// visibleText drops tags and attribute values, leaving what a person reads.
func visibleText(html string) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A door payer is marked paid from the roster page; every style and level the
// service knows has words.
func TestDoorPaidFromTheRosterAndWords(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	c := s.PublishedClass("Door Steppin", 5000, 5, 1)
	var e struct{ ID string }
	s.Enrol(student, c.ID, "door", false).JSON(t, &e)
	_, body := page(t, s.Browser(teacher), s.URL+"/dashboard/classes/"+c.ID+"/roster")
	if !strings.Contains(body, "$50.00 paid at the door") || !strings.Contains(body, "Pays at the door") {
		t.Fatalf("roster:\n%s", body)
	}
	res, err := s.Browser(teacher).PostForm(s.URL+"/dashboard/classes/"+c.ID+"/enrollments/"+e.ID+"/door-paid",
		url.Values{"session": {c.Sessions[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "Sid Student paid at the door.") || !strings.Contains(string(b), "Paid at the door") {
		t.Fatalf("after marking:\n%s", b)
	}
	if got := s.Enrollment(student, e.ID); !got.DoorPaid {
		t.Fatal("not marked paid")
	}
	for kind, values := range map[string][]string{"style": domain.Styles, "level": domain.Levels} {
		for _, v := range values {
			if _, ok := classesapi.Words[kind][v]; !ok {
				t.Errorf("%s %s has no words", kind, v)
			}
		}
	}
}
