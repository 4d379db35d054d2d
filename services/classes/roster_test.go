package classes_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"stepperslife/internal/api/classesapi"
	"stepperslife/services/classes/classestest"
)

// The instructor reads the roster of a session, marks everyone present in one call
// and one student late; only students who attended may review, once; the
// instructor answers.
func TestRosterAttendanceAndReviews(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		c := s.PublishedClass("Line Dance Lab", 0, 10, 2)
		a, b, absent := classestest.StudentN(1), classestest.StudentN(2), classestest.StudentN(3)
		var ea, eb classesapi.Enrollment
		s.Enrol(a, c.ID, "free", false).JSON(t, &ea)
		s.Enrol(b, c.ID, "free", false).JSON(t, &eb)
		s.Enrol(absent, c.ID, "free", false)
		if res := s.Do("GET", "/api/classes/"+c.ID+"/roster", a, nil); res.Status != http.StatusForbidden {
			t.Fatalf("a student reading the roster: %d", res.Status)
		}
		var roster classesapi.Roster
		s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/roster", teacher, nil).JSON(t, &roster)
		if len(roster.Sessions) != 2 || len(roster.Sessions[0].Students) != 3 || !roster.Sessions[0].Students[0].Paid {
			t.Fatalf("roster: %+v", roster)
		}
		session := c.Sessions[0].ID
		path := "/api/classes/" + c.ID + "/sessions/" + session + "/attendance"
		if res := s.Do("PUT", path, teacher, map[string]any{"records": []map[string]string{{"enrollmentId": ea.ID, "status": "HERE"}}}); res.Status != http.StatusBadRequest {
			t.Fatalf("a bad mark: %d %s", res.Status, res.Body)
		}
		if res := s.Do("PUT", path, teacher, map[string]any{"records": []map[string]string{{"enrollmentId": "nobody", "status": "PRESENT"}}}); res.Status != http.StatusBadRequest {
			t.Fatalf("a mark for someone not on the roster: %d %s", res.Status, res.Body)
		}
		var marked classesapi.SessionRoster
		s.Must(http.StatusOK, "PUT", path, teacher, map[string]any{"all": "PRESENT",
			"records": []map[string]string{{"enrollmentId": eb.ID, "status": "LATE"}}}).JSON(t, &marked)
		got := map[string]classesapi.RosterLine{}
		for _, l := range marked.Students {
			got[l.EnrollmentID] = l
		}
		if got[ea.ID].Attendance != "PRESENT" || got[eb.ID].Attendance != "LATE" || got[ea.ID].MarkedBy != teacher.ID ||
			got[ea.ID].MarkedAt == nil || got[ea.ID].AttendanceRate == nil || *got[ea.ID].AttendanceRate != 1 {
			t.Fatalf("marks: %+v", got)
		}
		s.Must(http.StatusOK, "PUT", path, teacher, map[string]any{"records": []map[string]string{{"enrollmentId": ea.ID, "status": "ABSENT"}}})
		s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/roster?sessionId="+session, teacher, nil).JSON(t, &roster)
		for _, l := range roster.Sessions[0].Students {
			if l.EnrollmentID == ea.ID && (l.Attendance != "ABSENT" || *l.AttendanceRate != 0) {
				t.Fatalf("a changed mark: %+v", l)
			}
		}

		var stats struct {
			Rate   float64 `json:"attendanceRate"`
			NoShow float64 `json:"noShowRate"`
			Marks  int     `json:"attendanceMarks"`
		}
		s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/stats", teacher, nil).JSON(t, &stats)
		if stats.Marks != 3 || stats.NoShow != 1.0/3 || stats.Rate != 2.0/3 {
			t.Fatalf("stats: %+v", stats)
		}
		csv := s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/roster", teacher, nil, "Accept", "text/csv")
		if lines := strings.Split(strings.TrimSpace(string(csv.Body)), "\n"); len(lines) != 7 || !strings.Contains(lines[0], "student,email") ||
			!strings.Contains(string(csv.Body), "Student 2,student2@example.com,,1,EITHER,SERIES,free,yes,CONFIRMED,LATE") {
			t.Fatalf("csv:\n%s", csv.Body)
		}
		review := map[string]any{"rating": 5, "body": "Clear teaching, great music."}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/reviews", a, review); res.Status != http.StatusForbidden {
			t.Fatalf("a review by someone marked absent: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/reviews", classestest.StudentN(9), review); res.Status != http.StatusForbidden {
			t.Fatalf("a review by a stranger: %d", res.Status)
		}
		var r classesapi.Review
		s.Must(http.StatusCreated, "POST", "/api/classes/"+c.ID+"/reviews", b, review).JSON(t, &r)
		if res := s.Do("POST", "/api/classes/"+c.ID+"/reviews", b, review); res.Status != http.StatusConflict || res.Code() != "CONFLICT" {
			t.Fatalf("a second review: %d %s", res.Status, res.Body)
		}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/reviews", b, map[string]any{"rating": 6}); res.Status != http.StatusBadRequest {
			t.Fatalf("six stars: %d", res.Status)
		}
		if res := s.Do("POST", "/api/reviews/"+r.ID+"/reply", classestest.OtherInstructor, map[string]string{"body": "Hi"}); res.Status != http.StatusForbidden {
			t.Fatalf("another instructor answering: %d", res.Status)
		}
		s.Must(http.StatusOK, "POST", "/api/reviews/"+r.ID+"/reply", teacher, map[string]string{"body": "Thank you, see you next week!"}).JSON(t, &r)
		if r.Reply != "Thank you, see you next week!" || r.RepliedAt == nil {
			t.Fatalf("reply: %+v", r)
		}
	})
}

// The calendar parses with an iCalendar reader: one event per session, a UID that
// stays when a session moves (with a higher SEQUENCE), and a cancelled session
// marked STATUS:CANCELLED; the students of the changed sessions are told.
func TestCalendarFollowsChanges(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		c := s.PublishedClass("Steppin, Level 2; Turns", 0, 10, 3)
		s.Enrol(student, c.ID, "free", false)
		before := parseCalendar(t, s, c.Slug)
		if len(before) != 3 {
			t.Fatalf("%d events", len(before))
		}
		moved := c.Sessions[1].StartsAt.Add(24 * time.Hour)
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[1].ID+"/move", teacher, map[string]any{"startsAt": moved})
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[2].ID+"/cancel", teacher, nil)
		if res := s.Do("POST", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[2].ID+"/cancel", teacher, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("cancelling twice: %d %s", res.Status, res.Body)
		}
		after := parseCalendar(t, s, c.Slug)
		for i, ev := range after {
			if ev.uid != before[i].uid {
				t.Errorf("session %d changed UID: %s → %s", i+1, before[i].uid, ev.uid)
			}
		}
		if !after[1].start.Equal(moved) || after[1].sequence != "1" || before[1].sequence != "0" || after[1].status != "CONFIRMED" {
			t.Errorf("moved session: %+v", after[1])
		}
		if after[2].status != "CANCELLED" || after[2].sequence != "1" {
			t.Errorf("cancelled session: %+v", after[2])
		}
		if !strings.Contains(after[0].summary, "Steppin, Level 2; Turns (session 1 of 3)") {
			t.Errorf("summary: %q", after[0].summary)
		}
		var notices int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE to_addrs = $1 AND (subject LIKE 'Moved:%' OR subject LIKE 'Session cancelled:%')`,
			student.Email).Scan(&notices); err != nil || notices != 2 {
			t.Fatalf("the student is told of both changes: %d %v", notices, err)
		}
		if res := s.Do("GET", "/classes/no-such-class/calendar.ics", nil, nil); res.Status != http.StatusNotFound {
			t.Fatalf("unknown calendar: %d", res.Status)
		}
	})
}

type calEvent struct {
	uid, summary, status, sequence string
	start                          time.Time
}

func parseCalendar(t *testing.T, s *classestest.Server, slug string) []calEvent {
	t.Helper()
	return parseICS(t, s, "/classes/"+slug+"/calendar.ics")
}

func parseICS(t *testing.T, s *classestest.Server, path string) []calEvent {
	t.Helper()
	res := s.Must(http.StatusOK, "GET", path, nil, nil)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Fatalf("content type %q", ct)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(string(res.Body)))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, res.Body)
	}
	var out []calEvent
	for _, ev := range cal.Events() {
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatal(err)
		}
		prop := func(p ics.ComponentProperty) string {
			if v := ev.GetProperty(p); v != nil {
				return v.Value
			}
			return ""
		}
		out = append(out, calEvent{uid: ev.Id(), summary: prop(ics.ComponentPropertySummary), status: prop(ics.ComponentPropertyStatus),
			sequence: prop(ics.ComponentPropertySequence), start: start.UTC()})
	}
	return out
}

// A student's private calendar holds every session they have a seat in, across
// classes, with the same UIDs as the classes' own calendars; its address is the only
// key to it, and a cancelled place leaves it.
func TestStudentCalendar(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	series := s.PublishedClass("Series Steppin", 0, 5, 3)
	drop := s.PublishedClass("Drop Steppin", 0, 5, 4)
	s.Enrol(student, series.ID, "free", false)
	var d classesapi.Enrollment
	s.Must(http.StatusCreated, "POST", "/api/enrollments", student, map[string]any{"classId": drop.ID, "sessionId": drop.Sessions[2].ID,
		"paymentMethod": "free"}).JSON(t, &d)
	var feed struct{ URL string }
	s.Must(http.StatusOK, "GET", "/api/me/calendar", student, nil).JSON(t, &feed)
	var again struct{ URL string }
	s.Must(http.StatusOK, "GET", "/api/me/calendar", student, nil).JSON(t, &again)
	if !strings.HasPrefix(feed.URL, s.URL+"/calendars/") || !strings.HasSuffix(feed.URL, ".ics") || again.URL != feed.URL {
		t.Fatalf("feed %q, again %q", feed.URL, again.URL)
	}
	path := strings.TrimPrefix(feed.URL, s.URL)
	events := parseICS(t, s, path)
	if len(events) != 4 {
		t.Fatalf("%d events, want 3 of the series and 1 drop-in", len(events))
	}
	public := parseCalendar(t, s, drop.Slug)
	if events[3].uid != public[2].uid {
		t.Fatalf("the drop-in's UID %s differs from the class calendar's %s", events[3].uid, public[2].uid)
	}
	s.Must(http.StatusOK, "POST", "/api/enrollments/"+d.ID+"/cancel", student, nil)
	if events := parseICS(t, s, path); len(events) != 3 {
		t.Fatalf("after cancelling the drop-in: %d events", len(events))
	}
	if res := s.Do("GET", "/calendars/"+strings.Repeat("x", 32)+".ics", nil, nil); res.Status != http.StatusNotFound {
		t.Fatalf("a guessed calendar: %d", res.Status)
	}
}
