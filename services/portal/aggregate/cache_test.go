package aggregate

import (
	"fmt"
	"testing"
	"time"

	"stepperslife/internal/kit/feed"
)

func TestCacheFreshness(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewCache(5*time.Second, 5*time.Minute)
	c.now = func() time.Time { return now }
	if _, f := c.Get("events"); f != Missing {
		t.Fatalf("empty cache: %v, want missing", f)
	}
	e := &Entry{Items: []feed.Item{{ID: "1"}}, JSON: []byte(`[{"id":"1"}]`), At: now}
	c.Put("events", e)
	for _, tc := range []struct {
		after time.Duration
		want  Freshness
	}{
		{0, Fresh}, {4999 * time.Millisecond, Fresh}, {5 * time.Second, Usable},
		{299 * time.Second, Usable}, {5 * time.Minute, Missing},
	} {
		now = e.At.Add(tc.after)
		got, f := c.Get("events")
		if f != tc.want {
			t.Errorf("after %v: %v, want %v", tc.after, f, tc.want)
		}
		if f != Missing && got != e {
			t.Errorf("after %v: a different entry came back", tc.after)
		}
	}
}

func TestCacheKeepsTheNewerAnswer(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewCache(5*time.Second, time.Minute)
	c.now = func() time.Time { return now }
	newer := &Entry{At: now}
	older := &Entry{At: now.Add(-time.Second)}
	c.Put("k", newer)
	c.Put("k", older) // a slow refresh finishing late must not undo a newer one
	if got, _ := c.Get("k"); got != newer {
		t.Fatal("an older answer replaced a newer one")
	}
}

func TestCacheDropsExpiredWhenItGrows(t *testing.T) {
	now := time.Unix(1000, 0)
	c := NewCache(time.Second, time.Minute)
	c.now = func() time.Time { return now }
	for i := range 1024 {
		c.Put(fmt.Sprint("old", i), &Entry{At: now})
	}
	now = now.Add(2 * time.Minute)
	c.Put("new", &Entry{At: now})
	if n := len(c.entries); n != 1 {
		t.Fatalf("%d entries kept, want only the live one", n)
	}
}
