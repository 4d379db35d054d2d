package cache_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

func askVersion(t *testing.T, c *cache.Cache, after string) (string, int) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, cache.VersionPath+"?after="+url.QueryEscape(after), nil)
	w := httptest.NewRecorder()
	c.ServeVersion(w, r)
	var got cache.VersionAnswer
	if w.Code == http.StatusOK {
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Version == "" {
			t.Fatalf("answer %q: %v", w.Body.String(), err)
		}
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q: a version must never be kept", cc)
		}
	}
	return got.Version, w.Code
}

func TestVersionIsAnsweredWhenTheDataChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := cache.New(d, nil)
		first, code := askVersion(t, c, "")
		if code != http.StatusOK {
			t.Fatalf("first ask: %d", code)
		}
		if again, _ := askVersion(t, c, "something older"); again != first {
			t.Fatalf("a caller behind is told %q, want %q at once", again, first)
		}

		type heard struct {
			version string
			at      time.Time
		}
		answers := make(chan heard, 1)
		go func() {
			v, _ := askVersion(t, c, first)
			answers <- heard{v, time.Now()}
		}()
		time.Sleep(100 * time.Millisecond)
		select {
		case h := <-answers:
			t.Fatalf("answered %q with nothing changed", h.version)
		default:
		}
		wrote := time.Now()
		if _, err := d.ExecContext(ctx, "INSERT INTO things (name) VALUES ('new')"); err != nil {
			t.Fatal(err)
		}
		select {
		case h := <-answers:
			if h.version == first || h.version == "" {
				t.Fatalf("after a write: %q, want a new version", h.version)
			}
			t.Logf("%s: change heard %v after the write", d.Dialect, h.at.Sub(wrote))
			if now, _ := askVersion(t, c, ""); now != h.version {
				t.Errorf("version now %q, the waiter was told %q", now, h.version)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a write was not told within 5 s")
		}
	}, sets...)
}

func TestVersionRefusesAnOverlongAfter(t *testing.T) {
	c := cache.New(dbtest.SQLite(t, sets...), nil)
	if _, code := askVersion(t, c, strings.Repeat("x", 65)); code != http.StatusBadRequest {
		t.Errorf("overlong after: %d, want 400", code)
	}
}

func TestVersionWaiterLeavesWithItsCaller(t *testing.T) {
	c := cache.New(dbtest.SQLite(t, sets...), nil)
	first, _ := askVersion(t, c, "")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		r := httptest.NewRequestWithContext(ctx, http.MethodGet, cache.VersionPath+"?after="+first, nil)
		c.ServeVersion(httptest.NewRecorder(), r)
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("the wait outlived its caller")
	}
}

// Many callers waiting share one check for a change, and all hear it.
func TestVersionWaitersAllHearOneChange(t *testing.T) {
	d := dbtest.SQLite(t, sets...)
	c := cache.New(d, nil)
	first, _ := askVersion(t, c, "")
	const waiters = 50
	heard := make(chan string, waiters)
	for range waiters {
		go func() { v, _ := askVersion(t, c, first); heard <- v }()
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := d.ExecContext(context.Background(), "INSERT INTO things (name) VALUES ('x')"); err != nil {
		t.Fatal(err)
	}
	for range waiters {
		select {
		case v := <-heard:
			if v == first {
				t.Fatalf("a waiter was told the old version %q", v)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a waiter did not hear the change")
		}
	}
}

// Commits begun back to back (writes the answers do not read) must not keep a
// waiter from hearing the one that changes the version.
func TestVersionChangeIsHeardThroughAStreamOfCommits(t *testing.T) {
	d := dbtest.SQLite(t, sets...)
	ctx := context.Background()
	if _, err := d.ExecContext(ctx, "CREATE TABLE noise (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	c := cache.New(d, nil)
	first, _ := askVersion(t, c, "")
	stop := make(chan struct{})
	streaming := make(chan struct{})
	go func() {
		defer close(streaming)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := d.ExecContext(ctx, "INSERT INTO noise DEFAULT VALUES"); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { close(stop); <-streaming }()
	heard := make(chan string, 1)
	go func() { v, _ := askVersion(t, c, first); heard <- v }()
	time.Sleep(50 * time.Millisecond)
	if _, err := d.ExecContext(ctx, "INSERT INTO things (name) VALUES ('y')"); err != nil {
		t.Fatal(err)
	}
	// Well under the once-a-second look that would otherwise find it.
	wrote := time.Now()
	select {
	case v := <-heard:
		t.Logf("heard after %v", time.Since(wrote))
		if v == first {
			t.Fatalf("told the old version %q", v)
		}
	case <-time.After(300 * time.Millisecond):
		t.Fatal("the change was not heard while other commits kept coming")
	}
}
