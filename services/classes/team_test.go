package classes_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/classes/classestest"
)

// An instructor names an assistant by e-mail; signed in with that address, verified,
// the assistant calls the roster (attendance, door payments) but cannot change the
// class or its team; unverified, or once removed, they are refused.
func TestAssistantsCallTheRoster(t *testing.T) {
	classestest.EachDB(t, func(t *testing.T, dbURL string) {
		s := classestest.Start(t, classestest.Options{DatabaseURL: dbURL})
		c := s.PublishedClass("Team Steppin", 4000, 10, 2)
		var place classesapi.Enrollment
		s.Must(http.StatusCreated, "POST", "/api/enrollments", student, map[string]any{"classId": c.ID, "paymentMethod": "door"}).JSON(t, &place)
		aide := &auth.User{ID: "u-aide", Email: "andy@example.com", Name: "Andy Aide", EmailVerified: true, Roles: []string{auth.RoleUser}}
		unverified := &auth.User{ID: "u-aide2", Email: "andy@example.com", Name: "Not Andy", Roles: []string{auth.RoleUser}}
		roster := "/api/classes/" + c.ID + "/roster"
		mark := "/api/classes/" + c.ID + "/sessions/" + c.Sessions[0].ID + "/attendance"
		present := map[string]any{"all": "PRESENT"}

		if res := s.Do("GET", roster, aide, nil); res.Status != http.StatusForbidden {
			t.Fatalf("a stranger reading the roster: %d", res.Status)
		}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/assistants", student, map[string]any{"email": "andy@example.com"}); res.Status != http.StatusForbidden {
			t.Fatalf("a student adding an assistant: %d", res.Status)
		}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/assistants", teacher, map[string]any{"email": "not an address"}); res.Status != http.StatusBadRequest {
			t.Fatalf("a bad address: %d", res.Status)
		}
		var a classesapi.Assistant
		s.Must(http.StatusCreated, "POST", "/api/classes/"+c.ID+"/assistants", teacher, map[string]any{"email": " Andy@Example.com "}).JSON(t, &a)
		if a.Email != "andy@example.com" || a.ClassID != c.ID || a.AddedAt.IsZero() {
			t.Fatalf("assistant: %+v", a)
		}
		if res := s.Do("POST", "/api/classes/"+c.ID+"/assistants", teacher, map[string]any{"email": "andy@example.com"}); res.Code() != "CONFLICT" {
			t.Fatalf("the same assistant twice: %d %s", res.Status, res.Body)
		}

		s.Must(http.StatusOK, "GET", roster, aide, nil)
		s.Must(http.StatusOK, "PUT", mark, aide, present)
		s.Must(http.StatusOK, "POST", "/api/enrollments/"+place.ID+"/door-paid", aide, nil)
		var marked string
		if err := s.Instance.Deps.DB.QueryRow(`SELECT marked_by FROM attendance`).Scan(&marked); err != nil || marked == "" {
			t.Fatalf("who marked: %q %v", marked, err)
		}
		for _, try := range []struct{ method, path string }{
			{"POST", "/api/classes/" + c.ID + "/cancel"},
			{"GET", "/api/classes/" + c.ID + "/assistants"},
			{"POST", "/api/classes/" + c.ID + "/sessions/" + c.Sessions[1].ID + "/cancel"},
		} {
			if res := s.Do(try.method, try.path, aide, map[string]any{}); res.Status != http.StatusForbidden {
				t.Errorf("an assistant at %s %s: %d", try.method, try.path, res.Status)
			}
		}
		if res := s.Do("GET", roster, unverified, nil); res.Status != http.StatusForbidden {
			t.Fatalf("the address unverified: %d", res.Status)
		}

		var team struct{ Items []classesapi.Assistant }
		s.Must(http.StatusOK, "GET", "/api/classes/"+c.ID+"/assistants", teacher, nil).JSON(t, &team)
		if len(team.Items) != 1 || team.Items[0].Email != "andy@example.com" {
			t.Fatalf("team: %+v", team)
		}
		s.Must(http.StatusNoContent, "DELETE", "/api/classes/"+c.ID+"/assistants/andy@example.com", teacher, nil)
		if res := s.Do("DELETE", "/api/classes/"+c.ID+"/assistants/andy@example.com", teacher, nil); res.Status != http.StatusNotFound {
			t.Fatalf("removing twice: %d", res.Status)
		}
		if res := s.Do("PUT", mark, aide, present); res.Status != http.StatusForbidden {
			t.Fatalf("a removed assistant marking: %d", res.Status)
		}
	})
}

// The instructor's dashboard lists the classes they assist, and the roster page
// offers the team only to the instructor; someone with neither is refused.
func TestAssistantPages(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	c := s.PublishedClass("Team Page Steppin", 0, 10, 2)
	aide := &auth.User{ID: "u-aide", Email: "andy@example.com", Name: "Andy Aide", EmailVerified: true, Roles: []string{auth.RoleUser}}
	if res := s.Do("GET", "/dashboard", aide, nil); res.Status != http.StatusForbidden {
		t.Fatalf("dashboard before assisting: %d", res.Status)
	}
	s.Must(http.StatusCreated, "POST", "/api/classes/"+c.ID+"/assistants", teacher, map[string]any{"email": "andy@example.com"})
	page := s.Must(http.StatusOK, "GET", "/dashboard", aide, nil).Body
	if !strings.Contains(string(page), `data-assist="Team Page Steppin"`) || strings.Contains(string(page), `id="new-class"`) {
		t.Fatalf("assistant's dashboard:\n%s", page)
	}
	if page := s.Must(http.StatusOK, "GET", "/dashboard/classes/"+c.ID+"/roster", aide, nil).Body; strings.Contains(string(page), `id="add-assistant"`) {
		t.Fatal("an assistant is offered the team form")
	}
	if page := s.Must(http.StatusOK, "GET", "/dashboard/classes/"+c.ID+"/roster", teacher, nil).Body; !strings.Contains(string(page), `data-assistant="andy@example.com"`) {
		t.Fatalf("the instructor's roster lacks the team:\n%s", page)
	}
}

// An instructor's profile is a page of its own, with their open classes.
func TestInstructorPage(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	open := s.PublishedClass("Profile Page Steppin", 0, 10, 2)
	var p classesapi.Instructor
	s.Must(http.StatusOK, "PUT", "/api/me/instructor", teacher, map[string]any{"displayName": "Tina Teacher",
		"bio": "Twenty years of steppin.", "styles": []string{"STEPPIN"}, "links": []string{"https://instagram.com/tina"}}).JSON(t, &p)
	if !strings.HasSuffix(p.URL, "/instructors/"+p.Slug) {
		t.Fatalf("profile address %q", p.URL)
	}
	page := string(s.Must(http.StatusOK, "GET", "/instructors/"+p.Slug, nil, nil).Body)
	for _, want := range []string{"<h1>Tina Teacher</h1>", "Twenty years of steppin.", `href="https://instagram.com/tina"`, "Profile Page Steppin", "Steppin"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if res := s.Do("GET", "/instructors/nobody", nil, nil); res.Status != http.StatusNotFound {
		t.Errorf("missing instructor: %d", res.Status)
	}
	var c classesapi.Class
	s.Must(http.StatusOK, "GET", "/api/classes/"+open.Slug, nil, nil).JSON(t, &c)
	if c.InstructorSlug != p.Slug {
		t.Errorf("the class names the profile %q", c.InstructorSlug)
	}
}
