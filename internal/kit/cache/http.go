package cache

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"stepperslife/internal/kit/web"
)

// Cache-Control values. Public answers may be kept by a CDN for a few seconds and
// served a little longer while it revalidates (a list or a page a few seconds old is
// fine to show; a purchase is checked when it is made). Personal ones never.
const (
	Public  = "public, max-age=10, stale-while-revalidate=30"
	Private = "private, no-store"
)

// Answer is an encoded answer, kept as bytes so a hit costs no encoding.
type Answer struct {
	Type string
	Body []byte
}

// JSON encodes v as web.WriteJSON does.
func JSON(v any) (Answer, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return Answer{}, err
	}
	return Answer{Type: "application/json; charset=utf-8", Body: buf.Bytes()}, nil
}

// Serve answers a public GET from the cache: it reads the stamp, answers 304 when the
// caller already holds this state (nothing is computed), and otherwise writes the
// answer kept under key, computing it once when there is none. The answer is kept
// with its compressed forms and sent in the one the caller accepts. It returns an
// error, having written nothing, when the stamp or the answer cannot be had; the
// caller answers it in its own form (JSON or page).
func (c *Cache) Serve(w http.ResponseWriter, r *http.Request, key string, window time.Duration,
	compute func(context.Context) (Answer, error)) error {
	s, err := c.Stamp(r.Context(), window)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", Public)
	return c.ServeStamped(w, r, key, s, compute)
}

// ServeStamped is Serve for an answer whose state the caller names: a page drawn from
// other services' answers is kept under their versions (see Tag). Its Cache-Control is
// the caller's when set before, Public otherwise; headers set before (Vary, a page's
// policies) are kept.
func (c *Cache) ServeStamped(w http.ResponseWriter, r *http.Request, key string, s Stamp,
	compute func(context.Context) (Answer, error)) error {
	h := w.Header()
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", Public)
	}
	if web.NotModified(w, r, s.Tag, s.Modified) {
		return nil
	}
	k, err := Get(r.Context(), c, key, s, func(ctx context.Context) (*kept, error) {
		a, err := compute(ctx)
		if err != nil {
			return nil, err
		}
		return keep(a), nil
	})
	if err != nil {
		h.Del("ETag")
		h.Del("Last-Modified")
		h.Del("Cache-Control")
		return err
	}
	k.write(w, r)
	return nil
}
