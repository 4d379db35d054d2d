package idem_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/idem"
	"stepperslife/internal/kit/web"
)

// counter is a handler that creates one "order" per call it really serves.
type counter struct{ calls atomic.Int64 }

func (c *counter) create(w http.ResponseWriter, r *http.Request) {
	var in map[string]any
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	n := c.calls.Add(1)
	web.WriteJSON(w, http.StatusCreated, map[string]any{"order": n})
}

func post(h http.Handler, key, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/orders", bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set(idem.Header, key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestConcurrentCopiesDoTheWorkOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{}
		h := idem.Wrap(d, c.create)
		const copies = 20
		var wg sync.WaitGroup
		bodies := make([]string, copies)
		codes := make([]int, copies)
		for i := range copies {
			wg.Go(func() {
				rec := post(h, "order-key-1", `{"item":"fish","qty":2}`)
				codes[i], bodies[i] = rec.Code, rec.Body.String()
			})
		}
		wg.Wait()
		if got := c.calls.Load(); got != 1 {
			t.Fatalf("handler ran %d times, want 1", got)
		}
		for i := range copies {
			if codes[i] != http.StatusCreated || bodies[i] != bodies[0] {
				t.Fatalf("copy %d answered %d %s, want the first answer %s", i, codes[i], bodies[i], bodies[0])
			}
		}
	}, host.KitMigrations)
}

func TestSameKeyOtherBodyIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := &counter{}
		h := idem.Wrap(d, c.create)
		if rec := post(h, "k", `{"qty":1}`); rec.Code != http.StatusCreated {
			t.Fatalf("first: %d", rec.Code)
		}
		rec := post(h, "k", `{"qty":2}`)
		var body web.Body
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusConflict || body.Code != errs.CodeIdempotencyReused {
			t.Fatalf("got %d %s, want 409 IDEMPOTENCY_KEY_REUSED", rec.Code, rec.Body)
		}
		if c.calls.Load() != 1 {
			t.Fatalf("handler ran %d times", c.calls.Load())
		}
		// Without a key every request is new.
		post(h, "", `{"qty":1}`)
		post(h, "", `{"qty":1}`)
		if c.calls.Load() != 3 {
			t.Fatalf("handler ran %d times, want 3", c.calls.Load())
		}
	}, host.KitMigrations)
}

func TestFailedFirstAttemptCanBeRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var calls atomic.Int64
		h := idem.Wrap(d, func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "try later"))
				return
			}
			web.WriteJSON(w, http.StatusCreated, map[string]int{"ok": 1})
		})
		if rec := post(h, "retry", `{}`); rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("first: %d", rec.Code)
		}
		if rec := post(h, "retry", `{}`); rec.Code != http.StatusCreated {
			t.Fatalf("retry: %d %s", rec.Code, rec.Body)
		}
		rec := post(h, "retry", `{}`)
		if rec.Code != http.StatusCreated || rec.Header().Get("Idempotent-Replayed") != "true" || calls.Load() != 2 {
			t.Fatalf("replay: %d replayed=%q calls=%d", rec.Code, rec.Header().Get("Idempotent-Replayed"), calls.Load())
		}
	}, host.KitMigrations)
}

func TestBadKeyRefused(t *testing.T) {
	d := dbtest.SQLite(t, host.KitMigrations)
	h := idem.Wrap(d, (&counter{}).create)
	if rec := post(h, "has space", `{}`); rec.Code != http.StatusBadRequest {
		t.Fatalf("got %d", rec.Code)
	}
}
