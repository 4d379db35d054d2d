package cache_test

import (
	"context"
	"database/sql"
	"embed"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

//go:embed testdata/*.sql
var testTables embed.FS

var sets = []db.Migrations{
	{Owner: "things", FS: testTables, Dir: "testdata"},
	cache.Migrations("things-cache", "things"),
}

// handler serves the names of the things from the cache, counting computations.
func handler(c *cache.Cache, d *db.DB, computed *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := c.Serve(w, r, "things", 0, func(ctx context.Context) (cache.Answer, error) {
			computed.Add(1)
			rows, err := d.QueryContext(ctx, "SELECT name FROM things ORDER BY name")
			if err != nil {
				return cache.Answer{}, err
			}
			defer rows.Close()
			var names []string
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					return cache.Answer{}, err
				}
				names = append(names, n)
			}
			return cache.JSON(names)
		})
		if err != nil {
			http.Error(w, err.Error(), 500)
		}
	}
}

func get(t *testing.T, h http.Handler, etag string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/things", nil)
	if etag != "" {
		r.Header.Set("If-None-Match", etag)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWriteMakesNextReadFresh(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := cache.New(d, nil)
		var computed atomic.Int64
		h := handler(c, d, &computed)
		if _, err := d.ExecContext(ctx, "INSERT INTO things (name) VALUES ('a')"); err != nil {
			t.Fatal(err)
		}
		first := get(t, h, "")
		if first.Code != 200 || first.Body.String() != "[\"a\"]\n" {
			t.Fatalf("first read: %d %q", first.Code, first.Body.String())
		}
		if cc := first.Header().Get("Cache-Control"); cc != cache.Public {
			t.Fatalf("Cache-Control %q", cc)
		}
		etag := first.Header().Get("ETag")
		if etag == "" || first.Header().Get("Last-Modified") == "" {
			t.Fatalf("validators missing: %v", first.Header())
		}
		again := get(t, h, "")
		if again.Body.String() != first.Body.String() || computed.Load() != 1 {
			t.Fatalf("second read computed again (%d) or differs: %q", computed.Load(), again.Body.String())
		}
		if nm := get(t, h, etag); nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || computed.Load() != 1 {
			t.Fatalf("conditional read: %d %q, computed %d", nm.Code, nm.Body.String(), computed.Load())
		}
		// Each kind of write bumps the version in its own transaction.
		for i, write := range []string{
			"INSERT INTO things (name) VALUES ('b')",
			"UPDATE things SET name = 'c' WHERE name = 'a'",
			"DELETE FROM things WHERE name = 'b'",
		} {
			if err := d.InTx(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, write); return err }); err != nil {
				t.Fatal(err)
			}
			w := get(t, h, etag)
			if w.Code != 200 || w.Header().Get("ETag") == etag {
				t.Fatalf("after %q: %d, etag %q unchanged", write, w.Code, etag)
			}
			if computed.Load() != int64(i+2) {
				t.Fatalf("after %q computed %d times", write, computed.Load())
			}
			etag = w.Header().Get("ETag")
		}
		if w := get(t, h, ""); w.Body.String() != "[\"c\"]\n" {
			t.Fatalf("final read %q", w.Body.String())
		}
		// A rolled-back write changes nothing.
		_ = d.InTx(ctx, func(tx *sql.Tx) error {
			_, _ = tx.ExecContext(ctx, "INSERT INTO things (name) VALUES ('z')")
			return context.Canceled
		})
		if w := get(t, h, etag); w.Code != http.StatusNotModified {
			t.Fatalf("after a rollback: %d", w.Code)
		}
	}, sets...)
}

func TestConcurrentMissesComputeOnce(t *testing.T) {
	d := dbtest.SQLite(t, sets...)
	c := cache.New(d, nil)
	ctx := context.Background()
	s, err := c.Stamp(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	const n = 16
	var computed atomic.Int64
	release := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	results := make([]int, n)
	for i := range n {
		go func() {
			defer done.Done()
			started.Done()
			v, err := cache.Get(ctx, c, "k", s, func(context.Context) (int, error) {
				computed.Add(1)
				<-release
				return 42, nil
			})
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	started.Wait()
	// Let the callers reach the shared computation before it ends; a late one finds
	// the stored answer, so the count holds either way.
	time.Sleep(20 * time.Millisecond)
	close(release)
	done.Wait()
	if computed.Load() != 1 {
		t.Fatalf("computed %d times", computed.Load())
	}
	for _, v := range results {
		if v != 42 {
			t.Fatalf("results %v", results)
		}
	}
}

func TestWindowChangesStamp(t *testing.T) {
	d := dbtest.SQLite(t, sets...)
	c := cache.New(d, nil)
	a, err := c.Stamp(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Stamp(context.Background(), time.Nanosecond)
	if a.Tag == b.Tag {
		t.Fatal("a clock window does not show in the stamp")
	}
}

// BenchmarkStamp is the read every cached answer costs: the data version.
func BenchmarkStamp(b *testing.B) {
	d := dbtest.SQLite(b, sets...)
	c := cache.New(d, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Stamp(ctx, 0); err != nil {
			b.Fatal(err)
		}
	}
}
