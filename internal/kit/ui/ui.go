// Package ui renders the server-side pages of every service with one layout and one
// stylesheet, so the seven sites look like one product.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"time"

	"stepperslife/internal/kit/imaging"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

//go:embed layout/*.html
var layoutFS embed.FS

//go:embed static
var staticFS embed.FS

// CSRFCookie is the double-submit cookie whose value forms echo as csrf_token.
const CSRFCookie = "sl_csrf"

// View is what every page template receives.
type View struct {
	Title       string
	Description string // meta description and Open Graph text
	ImageURL    string // Open Graph image
	Canonical   string
	Service     string // which site is rendering: portal, events, …
	PortalURL   string // links back to stepperslife.com
	// Here is this page's address, where signing in or out from the header comes
	// back to; Render fills it in (absolute on a service with a public address).
	Here  string
	User  *auth.User
	CSRF  string
	Flash string
	Data  any
}

// Templates are one service's pages, each rendered inside the kit's layout.
type Templates struct {
	pages map[string]*template.Template
	vocab Vocabulary
}

// Parse reads page templates matching patterns from fsys. Each page defines a
// "content" template (and may define "head"); it is known by its file name.
func Parse(fsys fs.FS, patterns ...string) (*Templates, error) {
	t := &Templates{pages: map[string]*template.Template{}, vocab: newVocabulary()}
	// say and badge read t's vocabulary when a page runs, so Use may come after Parse.
	words := template.FuncMap{
		"say":   func(kind, value string) string { return t.Word(kind, value).Text },
		"badge": t.badge,
	}
	base, err := template.New("layout").Funcs(Funcs).Funcs(words).ParseFS(layoutFS, "layout/*.html")
	if err != nil {
		return nil, err
	}
	for _, pat := range patterns {
		names, err := fs.Glob(fsys, pat)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			clone, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := clone.ParseFS(fsys, name); err != nil {
				return nil, fmt.Errorf("ui: %s: %w", name, err)
			}
			t.pages[path.Base(name)] = clone
		}
	}
	return t, nil
}

// Render writes page name with v. The page is rendered into a buffer first so a
// template error becomes a clean 500, never half a page.
func (t *Templates) Render(w http.ResponseWriter, r *http.Request, status int, name string, v View) {
	if err := t.render(w, r, status, name, v); err != nil {
		web.WriteError(w, r, err)
	}
}

// render is Render that hands a failure back before anything is written.
func (t *Templates) render(w http.ResponseWriter, r *http.Request, status int, name string, v View) error {
	body, err := t.Page(r, name, v)
	if err != nil {
		return err
	}
	WritePage(w, status, body)
	return nil
}

// Page draws page name for the request as bytes. A page kept and shown to others is
// drawn for a request without cookies and identity, so it holds nothing of one
// visitor's (no CSRF token: the page script reads the visitor's own cookie).
func (t *Templates) Page(r *http.Request, name string, v View) ([]byte, error) {
	page, ok := t.pages[name]
	if !ok {
		return nil, fmt.Errorf("ui: no page %q", name)
	}
	if v.User == nil {
		v.User, _ = auth.FromContext(r.Context())
	}
	if v.Here == "" {
		v.Here = hereOf(r, "")
	}
	if v.CSRF == "" {
		if c, err := r.Cookie(CSRFCookie); err == nil {
			v.CSRF = c.Value
		}
	}
	var buf bytes.Buffer
	if err := page.ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("ui: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// WritePage answers with a page drawn by Page.
func WritePage(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", PageType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	SetPagePolicies(h)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// PageType is a page's Content-Type.
const PageType = "text/html; charset=utf-8"

// SetPagePolicies sets the policy headers every page carries; a page written other
// than by WritePage (a cached one) sets them before writing.
func SetPagePolicies(h http.Header) {
	h["Referrer-Policy"] = referrerPolicy
	// A page that shows others' frames (the magazine's embeds) sets its own policy
	// before rendering, built on PagePolicy; every other page gets PagePolicy.
	if h.Get("Content-Security-Policy") == "" {
		h["Content-Security-Policy"] = pagePolicy
	}
}

// Every page's policies, made once (web.FixedValue).
var (
	referrerPolicy = web.FixedValue("strict-origin-when-cross-origin")
	pagePolicy     = web.FixedValue(PagePolicy)
)

// PagePolicy is the Content-Security-Policy of every page: its own scripts and styles
// only, images from anywhere, never framed.
const PagePolicy = "default-src 'self'; img-src 'self' data: http: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' http: https:"

// kitAssets are the shared stylesheet and script, under /static/ui/.
var kitAssets = func() *Assets {
	sub, err := fs.Sub(staticFS, "static")
	if err == nil {
		var a *Assets
		if a, err = NewAssets("/static/ui/", sub); err == nil {
			return a
		}
	}
	panic(err) // the files are embedded: only a broken build fails here
}()

// MountStatic serves the shared stylesheet and scripts under /static/ui/, each
// address fingerprinted by the layout so it can be kept for a year.
func MountStatic(mux *http.ServeMux) { kitAssets.Mount(mux) }

// chicago is where the community lives; times are shown in its zone.
var chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("CT", -6*3600)
}()

// Funcs are the helpers every template may use.
var Funcs = template.FuncMap{
	"money": Money,
	"date": func(t time.Time) string {
		return t.In(chicago).Format("Mon, Jan 2, 2006")
	},
	"datetime": func(t time.Time) string {
		return t.In(chicago).Format("Mon, Jan 2 · 3:04 PM")
	},
	"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"hasRole": func(u *auth.User, role string) bool { return u.Has(role) },
	"asset":   AssetURL,
	// srcset offers a stored picture's narrower copies: "" for other addresses.
	"srcset": imaging.Srcset,
}

// Money formats integer cents as dollars: 1250 → "$12.50".
func Money(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s$%d.%02d", sign, cents/100, cents%100)
}
