package classes_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/classes/classestest"
)

// The public list, a class with its reviews and the admin pages, in a real Chromium
// on a phone and a desktop: words only, no sideways scroll, no serious axe finding.
// With CLASSES_SCREENSHOTS set to a folder, every page is saved there.
func TestBrowserListAndAdminPages(t *testing.T) {
	browsertest.Require(t)
	s := classestest.Start(t, classestest.Options{})
	var p classesapi.Instructor
	s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina Teacher",
		"bio": "Twenty years of steppin.", "styles": []string{"steppin"}}).JSON(t, &p)
	c, r := reviewed(t, s, classestest.StudentN(1))
	s.PublishedClass("Footwork Fundamentals", 4500, 12, 6)
	_, kept := reviewed(t, s, classestest.StudentN(2))
	shown, _ := reviewed(t, s, classestest.StudentN(3))
	s.Must(http.StatusOK, "POST", "/api/reviews/"+r.ID+"/report", student, map[string]string{"reason": "Rude to the teacher"})
	s.Must(http.StatusOK, "POST", "/api/reviews/"+kept.ID+"/report", student, map[string]string{"reason": "Off topic"})
	s.Must(http.StatusOK, "POST", "/api/admin/reviews/"+kept.ID+"/keep", admin, map[string]string{"reason": "Fair criticism"})

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 4*time.Minute)
	defer cancel()
	as := func(u *auth.User) browsertest.Person {
		return browsertest.CookiePerson(u.Name, auth.AccessCookie, hosttest.Token(u), s.URL)
	}
	tour := browsertest.Tour{Checker: browsertest.NewChecker(t, classesapi.Words), Screenshots: os.Getenv("CLASSES_SCREENSHOTS")}
	tour.Run(t, ctx,
		browsertest.Stop{Who: browsertest.Anonymous, URL: s.URL + "/", Name: "classes"},
		browsertest.Stop{Who: as(student), URL: s.URL + "/classes/" + c.Slug, Name: "class with its review hidden"},
		browsertest.Stop{Who: as(student), URL: s.URL + "/classes/" + shown.Slug, Name: "class with a review"},
		browsertest.Stop{Who: as(admin), URL: s.URL + "/admin", Name: "admin"},
		browsertest.Stop{Who: as(admin), URL: s.URL + "/admin/instructors/" + p.ID, Name: "admin instructor"},
		browsertest.Stop{Who: as(admin), URL: s.URL + "/admin/reviews/" + r.ID, Name: "admin reported review"},
		browsertest.Stop{Who: as(admin), URL: s.URL + "/admin/reviews/" + kept.ID, Name: "admin kept review"},
	)
}
