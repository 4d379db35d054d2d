package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/web"
)

// Draw reads what a page shows for the request it is drawn for: its title, data and
// the other fields of its view (Service and PortalURL come from the Pages).
type Draw func(r *http.Request) (View, error)

// Shared answers a public page that every signed-out visitor sees alike from c: it is
// drawn once per state of the data (and of the clock's window, for pages that change
// with time) for a request without the visitor's cookies and with query as its only
// query, and answered 304 to whoever holds that state. query is what the page
// depends on, already normalised and bounded by the caller; it names the page in the
// cache with the path. A signed-in visitor (whose header, and often the page, is
// their own) and a page carrying a form's flash get a page drawn for them alone,
// never kept or shared. It returns an error, having written nothing, when the page
// cannot be drawn; the caller shows it as its own error page.
func (p Pages) Shared(c *cache.Cache, w http.ResponseWriter, r *http.Request, query url.Values, window time.Duration,
	name string, draw Draw) error {
	h := w.Header()
	h.Add("Vary", "Cookie, Authorization")
	_, signedIn := auth.FromContext(r.Context())
	if p.Templates == nil {
		return errors.New(p.Service + " pages are not loaded")
	}
	if signedIn || r.URL.Query().Has("ok") || r.URL.Query().Has("err") {
		h.Set("Cache-Control", cache.Private)
		v, err := draw(r)
		if err != nil {
			return err
		}
		v.Service, v.PortalURL, v.Flash = p.Service, p.PortalURL, web.Flash(r, "ok")
		p.Templates.Render(w, r, http.StatusOK, name, v)
		return nil
	}
	SetPagePolicies(h)
	key := "page " + name + " " + r.URL.Path + "?" + query.Encode()
	return c.Serve(w, r, key, window, func(ctx context.Context) (cache.Answer, error) {
		shared := r.Clone(ctx)
		shared.Header.Del("Cookie")
		shared.Header.Del("Authorization")
		shared.URL.RawQuery = query.Encode()
		v, err := draw(shared)
		if err != nil {
			return cache.Answer{}, err
		}
		v.Service, v.PortalURL = p.Service, p.PortalURL
		body, err := p.Templates.Page(shared, name, v)
		if err != nil {
			return cache.Answer{}, err
		}
		return cache.Answer{Type: "text/html; charset=utf-8", Body: body}, nil
	})
}
