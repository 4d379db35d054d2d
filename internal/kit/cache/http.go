package cache

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
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
// answer kept under key, computing it once when there is none. It returns an error,
// having written nothing, when the stamp or the answer cannot be had; the caller
// answers it in its own form (JSON or page).
func (c *Cache) Serve(w http.ResponseWriter, r *http.Request, key string, window time.Duration,
	compute func(context.Context) (Answer, error)) error {
	s, err := c.Stamp(r.Context(), window)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", Public)
	if web.NotModified(w, r, s.Tag, s.Modified) {
		return nil
	}
	a, err := Get(r.Context(), c, key, s, compute)
	if err != nil {
		h.Del("ETag")
		h.Del("Last-Modified")
		h.Del("Cache-Control")
		return err
	}
	h.Set("Content-Type", a.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(a.Body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(a.Body)
	}
	return nil
}
