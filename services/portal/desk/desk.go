// Package desk is the portal's admin desk: one page where an admin sees everything
// waiting for a person on every service, gathered live (the portal stores none of
// it), each item linking to the owning service's own page that acts on it; and role
// management for users, every change kept with who made it, when and why.
package desk

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/aggregate"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static/desk.css
var deskCSS []byte

// PerService is how many waiting items the desk shows of each service.
const PerService = 50

// vocabulary names what the desk shows: the services, and what the role changes in
// the audit trail did.
var vocabulary = ui.Vocabulary{
	"service": {
		"events": {Text: "Events"}, "classes": {Text: "Classes"}, "restaurants": {Text: "Restaurants"},
		"store": {Text: "Store"}, "services": {Text: "Services"}, "magazine": {Text: "Magazine"},
	},
	"roleChange": {
		accounts.ActionGrantRole:  {Text: "Granted", Tone: words.Good},
		accounts.ActionRevokeRole: {Text: "Revoked", Tone: words.Bad},
	},
	"sectionError": {
		aggregate.CodeUnavailable: {Text: "is not answering right now"},
		aggregate.CodeTimeout:     {Text: "did not answer in time"},
		aggregate.CodeBadResponse: {Text: "answered something the desk cannot read"},
		"FORBIDDEN":               {Text: "does not take your session as an admin's yet; sign in again"},
		"UNAUTHENTICATED":         {Text: "did not recognise your session; sign in again"},
		"NOT_FOUND":               {Text: "has no admin queue yet"},
	},
}

// Desk serves the admin desk's pages.
type Desk struct {
	agg      *aggregate.Aggregator
	accounts *accounts.Service
	tpl      *ui.Templates
}

// New draws the desk from agg (every service's queue) and acc (users and roles).
func New(agg *aggregate.Aggregator, acc *accounts.Service) (*Desk, error) {
	tpl, err := ui.Parse(templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	tpl.Use(vocabulary)
	return &Desk{agg: agg, accounts: acc, tpl: tpl}, nil
}

// Mount registers the desk's pages.
func (d *Desk) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin", admin(d.queuePage))
	mux.HandleFunc("GET /admin/users", admin(d.usersPage))
	mux.HandleFunc("GET /admin/users/{id}", admin(d.userPage))
	mux.HandleFunc("POST /admin/users/{id}/roles", admin(d.grantForm))
	mux.HandleFunc("POST /admin/users/{id}/roles/{role}/revoke", admin(d.revokeForm))
	mux.HandleFunc("GET /static/portal/desk.css", serveCSS)
}

// admin guards a desk page: a signed-out browser goes to sign in and comes back; a
// signed-in person who is not an admin is refused.
func admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, no-store")
		u, ok := auth.FromContext(r.Context())
		if !ok {
			http.Redirect(w, r, auth.SignInPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !u.Has(auth.RoleAdmin) {
			web.WriteError(w, r, auth.ErrForbidden)
			return
		}
		h(w, r)
	}
}

func (d *Desk) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	d.tpl.Render(w, r, status, name, ui.View{Title: title, Service: "portal", Flash: web.Flash(r, "flash"), Data: data})
}

// serveCSS serves the desk's few styles; they change only with a new binary.
func serveCSS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("Content-Length", strconv.Itoa(len(deskCSS)))
	_, _ = w.Write(deskCSS)
}
