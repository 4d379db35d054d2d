package site

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// visitorMarks stand, in a page drawn once for every signed-out visitor, for what is
// each visitor's own: their CSRF token and a fresh Idempotency-Key for the page's
// form. They are random per process, so no text a page shows can name them.
var visitorMarks = struct{ csrf, key string }{csrf: "slcsrf" + newKey(), key: "slkey" + newKey()}

// sharedWindow bounds how long a kept drawing stands on the portal's clock: pages
// word times relative to now ("Today", pickup slots).
const sharedWindow = 30 * time.Second

// sharedDrawing is an item page drawn for signed-out visitors, with the service's
// answer it was drawn from.
type sharedDrawing struct {
	etag   string // the service's validator of answer
	answer []byte
	window int64 // the portal's clock window it was drawn in
	// page is compressed once around the holes where each visitor's own token and
	// key go.
	page *web.Holed
	// confirmed is the service's last word that answer stands: while no change has
	// been heard since, the service need not be asked again (trustFor).
	confirmed atomic.Pointer[standing]
}

// serveShared answers a signed-out visitor's item page (no query: nothing chosen
// yet) from a drawing kept per state of the service's public answer at path. While
// the portal hears the service's data version (Listen) and has heard no change since
// the service last confirmed the kept answer, less than a second ago, the page is
// shown without asking; otherwise the service is asked with the answer's ETag, so an
// unchanged item costs it a 304 and the portal no decoding or drawing, and a changed
// one is drawn once however many visitors ask at once. draw turns the answer into the
// page. The service is asked at most once a visit: a refusal (a missing item) or an
// outage is answered here as the page's usual way answers it. It reports false,
// having asked and written nothing, when the page is not a shared one; the caller
// then serves it its usual way.
func serveShared[T any](s *Site, w http.ResponseWriter, r *http.Request, key, service, path string,
	draw func(answer T) (string, ui.View, error)) bool {
	if _, signedIn := auth.FromContext(r.Context()); signedIn || r.URL.RawQuery != "" {
		return false
	}
	if err := drawShared(s, w, r, key, service, path, draw); err != nil {
		s.unavailable(w, r, service, err)
	}
	return true
}

// drawShared writes the shared page, or returns the error that stood in its way,
// having written nothing.
func drawShared[T any](s *Site, w http.ResponseWriter, r *http.Request, key, service, path string,
	draw func(answer T) (string, ui.View, error)) error {
	kept, _ := cache.Peek[*sharedDrawing](s.pages, key)
	window := s.now().Truncate(sharedWindow).Unix()
	if kept != nil && kept.window == window && s.stands(service, kept.confirmed.Load()) {
		writeShared(w, r, kept)
		return nil
	}
	asked := standing{version: s.heardVersion(service), at: time.Now()}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.ReadTimeout)
	defer cancel()
	req, err := s.up.NewRequest(ctx, service, http.MethodGet, path, nil, "")
	if err != nil {
		return err
	}
	if kept != nil {
		req.Header.Set("If-None-Match", kept.etag)
	}
	resp, err := s.up.Do(service, req)
	if err != nil {
		return gateway.Problem(service, err)
	}
	defer resp.Body.Close()
	d := &sharedDrawing{window: window}
	switch {
	case resp.StatusCode == http.StatusNotModified && kept != nil:
		d.etag, d.answer = kept.etag, kept.answer
	case resp.StatusCode == http.StatusOK:
		if d.answer, err = io.ReadAll(io.LimitReader(resp.Body, maxDetailBytes)); err != nil {
			return gateway.Problem(service, err)
		}
		d.etag = resp.Header.Get("ETag")
	default:
		return refusal(service, resp)
	}
	drawn := func(context.Context) (*sharedDrawing, error) {
		var answer T
		if err := json.Unmarshal(d.answer, &answer); err != nil {
			return nil, gateway.Problem(service, err)
		}
		name, v, err := draw(answer)
		if err != nil {
			return nil, err
		}
		shared := r.Clone(r.Context())
		shared.Header.Del("Cookie")
		v.CSRF = visitorMarks.csrf
		page, err := s.tpl.Page(shared, name, v)
		if err != nil {
			return nil, err
		}
		d.page = web.NewHoled(ui.PageType, page, visitorMarks.csrf, visitorMarks.key)
		return d, nil
	}
	var got *sharedDrawing
	if d.etag == "" { // an answer without a validator is drawn for this visitor only
		got, err = drawn(r.Context())
	} else {
		stamp := cache.Stamp{Tag: cache.Tag(d.etag, strconv.FormatInt(d.window, 36))}
		got, err = cache.Get(r.Context(), s.pages, key, stamp, drawn)
	}
	if err != nil {
		return err
	}
	if d.etag != "" {
		got.confirmed.Store(&asked)
	}
	writeShared(w, r, got)
	return nil
}

// privateNoCache is every shared page's Cache-Control.
var privateNoCache = web.FixedValue("private, no-cache")

// writeShared writes a kept drawing with this visitor's token and a fresh key.
func writeShared(w http.ResponseWriter, r *http.Request, got *sharedDrawing) {
	// The token goes in unescaped: only one as the platform makes them (base64url).
	token := auth.CSRFToken(r)
	if !plainToken(token, 64) {
		token = ""
	}
	// The page holds this visitor's token: no shared cache may keep it.
	w.Header()["Cache-Control"] = privateNoCache
	ui.SetPagePolicies(w.Header())
	got.page.Write(w, r, http.StatusOK, token, newKey())
}
