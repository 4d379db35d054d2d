// Package magazinetest runs the whole magazine service for tests on the kit's harness
// (internal/kit/hosttest) and adds the magazine fixtures: the people of the tests and
// articles in each state of the desk.
package magazinetest

import (
	"testing"
	"time"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/magazine"
	"stepperslife/services/magazine/app"
)

// Options tune the service under test.
type Options = hosttest.Options

// Response is an answer read whole.
type Response = hosttest.Response

// Server is a running magazine service.
type Server struct{ *hosttest.Server }

// Start builds and serves the magazine service until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	return &Server{hosttest.Start(t, magazine.Service(), o)}
}

// EachDB runs fn with an empty SQLite URL and with a throwaway PostgreSQL database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	hosttest.EachDB(t, fn)
}

// App is the service's use cases, for tests that drive its timed work.
func (s *Server) App() *app.Service { return s.Instance.Parts.App.(*app.Service) }

// Users for tests.
var (
	Writer = &auth.User{ID: "u-writer", Email: "wanda@example.com", Name: "Wanda Writer",
		Roles: []string{auth.RoleUser, auth.RoleMagazineWriter}}
	OtherWriter = &auth.User{ID: "u-writer2", Email: "walt@example.com", Name: "Walt Writer",
		Roles: []string{auth.RoleUser, auth.RoleMagazineWriter}}
	Editor = &auth.User{ID: "u-editor", Email: "ed@example.com", Name: "Eddie Editor",
		Roles: []string{auth.RoleUser, auth.RoleAdmin}}
	Reader = &auth.User{ID: "u-reader", Email: "rita@example.com", Name: "Rita Reader", Roles: []string{auth.RoleUser}}
)

// ArticleBody is the contract's create-article request.
func ArticleBody(title, category string, tags ...string) map[string]any {
	if tags == nil {
		tags = []string{}
	}
	return map[string]any{"title": title, "subtitle": "From the floor", "category": category, "tags": tags,
		"body":    "## On the floor\n\nThe " + title + " story, told by the people who danced it. Smooth and proud.",
		"excerpt": "The " + title + " story."}
}

// Draft creates a draft by w and returns it.
func (s *Server) Draft(w *auth.User, title, category string, tags ...string) magazineapi.Article {
	s.T.Helper()
	var a magazineapi.Article
	s.Must(201, "POST", "/api/articles", w, ArticleBody(title, category, tags...)).JSON(s.T, &a)
	return a
}

// Submitted creates a draft by w and submits it.
func (s *Server) Submitted(w *auth.User, title, category string, tags ...string) magazineapi.Article {
	s.T.Helper()
	a := s.Draft(w, title, category, tags...)
	s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", w, nil).JSON(s.T, &a)
	return a
}

// Published creates, submits and publishes an article by w.
func (s *Server) Published(w *auth.User, title, category string, tags ...string) magazineapi.Article {
	s.T.Helper()
	a := s.Submitted(w, title, category, tags...)
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", Editor, nil).JSON(s.T, &a)
	return a
}

// Get reads an article by slug as u.
func (s *Server) Get(u *auth.User, slug string) magazineapi.Article {
	s.T.Helper()
	var a magazineapi.Article
	s.Must(200, "GET", "/api/articles/"+slug, u, nil).JSON(s.T, &a)
	return a
}

// In is t plus d, for publishAt times.
func In(d time.Duration) time.Time { return time.Now().Add(d).UTC() }
