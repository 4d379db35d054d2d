package classes_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/services/classes/classestest"
)

// TestPublicAnswersAreKeptUntilAWrite: the class list, a class, its reviews and
// calendar, the instructors, the feed and the classes' own pages carry an ETag and
// answer 304 while nothing changed; the next read after a write (an enrolment, a
// review, a moved session, a profile's new name) is fresh; signed-in answers are
// never shared — on both databases.
func TestPublicAnswersAreKeptUntilAWrite(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		var p classesapi.Instructor
		s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina Teacher"}).JSON(t, &p)
		c := s.PublishedClass("Smooth Basics", 0, 10, 2)
		html := []string{"Accept", "text/html"}
		list, class, reviews := "/api/classes?limit=5", "/api/classes/"+c.Slug, "/api/classes/"+c.ID+"/reviews"
		calendar, profiles, profile, feed := "/classes/"+c.Slug+"/calendar.ics", "/api/instructors", "/api/instructors/"+p.Slug, "/api/feed?limit=5"
		home, page, profilePage := "/", "/classes/"+c.Slug, "/instructors/"+p.Slug
		etags := map[string]string{}
		s.KeptAll(etags, []string{list, class, reviews, calendar, profiles, profile, feed})
		s.KeptAll(etags, []string{home, page, profilePage}, html...)
		if again := s.Kept("/api/classes?limit=5&style=steppin&q=+"); again == "" {
			t.Fatal("no ETag for a list in another spelling")
		}

		s.Private(class, teacher)
		if body := string(s.Private(page, student, html...).Body); !strings.Contains(body, "Sid Student") {
			t.Errorf("a signed-in student's class page does not name them:\n%s", body)
		}

		// An enrolment takes a seat everywhere the class shows.
		var e classesapi.Enrollment
		s.Enrol(student, c.ID, "free", false).JSON(t, &e)
		s.ChangedAll(etags, []string{list, class}, `"seatsLeft":9`)
		etags[page] = s.Changed(page, etags[page], "9 seats left", html...).Header.Get("ETag")

		// A review shows on the class at once.
		s.Must(http.StatusOK, "PUT", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[0].ID+"/attendance", teacher,
			map[string]any{"records": []map[string]string{{"enrollmentId": e.ID, "status": "PRESENT"}}})
		s.Must(http.StatusCreated, "POST", reviews, student, map[string]any{"rating": 5, "body": "Patient and clear."})
		s.Changed(reviews, etags[reviews], "Patient and clear.")
		etags[page] = s.Changed(page, etags[page], "Patient and clear.", html...).Header.Get("ETag")

		// A moved session reaches the subscribed calendars.
		moved := c.Sessions[1].StartsAt.Add(24 * time.Hour)
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/sessions/"+c.Sessions[1].ID+"/move", teacher, map[string]any{"startsAt": moved})
		s.Changed(calendar, etags[calendar], "SEQUENCE:1")

		s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina T. Teacher"})
		s.ChangedAll(etags, []string{profiles, profile}, "Tina T. Teacher")
		s.Changed(profilePage, etags[profilePage], "Tina T. Teacher", html...)

		// Cancelled, the class leaves the list and the home page at once.
		s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/cancel", teacher, nil)
		if res := s.Changed(list, etags[list], ""); strings.Contains(string(res.Body), c.ID) {
			t.Fatalf("a cancelled class is still listed: %s", res.Body)
		}
		if res := s.Changed(home, etags[home], "", html...); strings.Contains(string(res.Body), "Smooth Basics") {
			t.Fatalf("a cancelled class is still on the home page")
		}
	})
}
