package classesapi

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The field names are the contract: a rename here breaks every client.
func TestWireNames(t *testing.T) {
	at := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	c := Class{ID: "c1", Slug: "s", Sessions: []Session{{ID: "x1", StartsAt: at, EndsAt: at, Status: "SCHEDULED", SeatsLeft: 3}},
		SeatsLeft: 3, WaitlistCount: 2, Status: "PUBLISHED", CreatedAt: at, UpdatedAt: at}
	got, _ := json.Marshal(c)
	for _, want := range []string{`"id":"c1"`, `"slug":"s"`, `"status":"PUBLISHED"`, `"seatsLeft":3,"waitlistCount":2`,
		`"sessions":[{"id":"x1","position":0,"startsAt":"2026-03-10T00:00:00Z","endsAt":"2026-03-10T00:00:00Z","status":"SCHEDULED","seatsLeft":3`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("class lacks %s: %s", want, got)
		}
	}
	req := EnrollRequest{ClassID: "c1", SessionID: "x1", PaymentMethod: PayDoor, Waitlist: true}
	got, _ = json.Marshal(req)
	if want := `{"classId":"c1","sessionId":"x1","paymentMethod":"door","waitlist":true}`; string(got) != want {
		t.Errorf("enrol\n got %s\nwant %s", got, want)
	}
	pos := 4
	e := Enrollment{ID: "e1", Status: "WAITLISTED", WaitlistPosition: &pos}
	got, _ = json.Marshal(e)
	for _, want := range []string{`"id":"e1"`, `"status":"WAITLISTED"`, `"waitlistPosition":4`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("enrolment lacks %s: %s", want, got)
		}
	}
	var a AttendanceRequest
	if err := json.Unmarshal([]byte(`{"records":[{"enrollmentId":"e1","status":"PRESENT"}]}`), &a); err != nil ||
		a.Records[0].EnrollmentID != "e1" || a.Records[0].Status != "PRESENT" {
		t.Errorf("attendance: %v %+v", err, a)
	}
}

// Every value the service sends has words: no page shows a raw enum.
func TestEveryValueHasWords(t *testing.T) {
	for kind, values := range map[string][]string{
		"class":      {"DRAFT", "PUBLISHED", "COMPLETED", "CANCELLED"},
		"session":    {"SCHEDULED", "COMPLETED", "CANCELLED"},
		"enrollment": {"PENDING_PAYMENT", "CONFIRMED", "WAITLISTED", "OFFERED", "CANCELLED", "REFUNDED", "EXPIRED"},
		"style":      {"STEPPIN", "WALKIN", "LINE_DANCE", "HAND_DANCE", "FOOTWORK", "OTHER"},
		"level":      {"BEGINNER", "INTERMEDIATE", "ADVANCED", "ALL_LEVELS"},
		"kind":       {"SERIES", "DROP_IN"},
		"role":       {"LEAD", "FOLLOW", "EITHER"},
		"attendance": {"PRESENT", "ABSENT", "LATE", "EXCUSED"},
		"payment":    {PayFree, PayCard, PayDoor},
	} {
		for _, v := range values {
			if _, ok := Words[kind][v]; !ok {
				t.Errorf("%s %s has no words", kind, v)
			}
		}
	}
}
