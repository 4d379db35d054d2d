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

var publicValue = web.FixedValue(Public)

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
	w.Header()["Cache-Control"] = publicValue
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
		h["Cache-Control"] = publicValue
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

// ServeJSON answers a GET whose JSON answer depends on who asks. A signed-in caller
// (u set) may see more than anyone else (a draft of their own, their role on a
// team), so they get the answer computed for them, never kept here or by a shared
// cache; anyone else gets the public answer, computed for no one (u nil) and served
// as Serve serves it. Either way the answer varies on Authorization and Cookie. An
// error is answered in the contract's shape and returned, so the caller skips what
// follows only a success.
func ServeJSON[U, T any](c *Cache, w http.ResponseWriter, r *http.Request, key string, window time.Duration,
	u *U, compute func(ctx context.Context, u *U) (T, error)) error {
	w.Header().Add("Vary", "Authorization, Cookie")
	var err error
	if u != nil {
		w.Header().Set("Cache-Control", Private)
		var v T
		if v, err = compute(r.Context(), u); err == nil {
			web.WriteJSON(w, http.StatusOK, v)
		}
	} else {
		err = c.Serve(w, r, key, window, func(ctx context.Context) (Answer, error) {
			v, err := compute(ctx, nil)
			if err != nil {
				return Answer{}, err
			}
			return JSON(v)
		})
	}
	if err != nil {
		web.WriteError(w, r, err)
	}
	return err
}
