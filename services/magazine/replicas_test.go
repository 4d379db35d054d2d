package magazine_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/magazine/magazinetest"
)

// Two whole magazine services on one PostgreSQL database, each with its scheduler
// and more publishing rounds besides, publish every due article exactly once: one
// change of state and one entry in the trail each.
func TestTwoReplicasPublishEachScheduledArticleOnce(t *testing.T) {
	dbURL := dbtest.PostgresURL(t)
	rs := []*magazinetest.Server{
		magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL}),
		magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL}),
	}
	const articles = 12
	ids := make([]string, articles)
	for i := range ids {
		r := rs[i%2]
		a := r.Submitted(writer, "Due Story "+string(rune('A'+i)), "EVENTS")
		r.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{"publishAt": magazinetest.In(time.Hour)})
		ids[i] = a.ID
	}
	// Their time comes for both replicas at once.
	d := rs[0].Instance.Deps.DB
	if _, err := d.Exec(`UPDATE articles SET publish_at = $1 WHERE publish_at IS NOT NULL`, time.Now().Add(-time.Second).UTC()); err != nil {
		t.Fatal(err)
	}
	var published atomic.Int64
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			n, err := rs[i%2].App().PublishDue(context.Background())
			if err != nil {
				t.Error(err)
			}
			published.Add(int64(n))
		})
	}
	wg.Wait()
	if published.Load() > articles {
		t.Fatalf("%d publications of %d articles", published.Load(), articles)
	}
	for _, id := range ids {
		var status string
		var entries int
		if err := d.QueryRow(`SELECT status FROM articles WHERE id = $1`, id).Scan(&status); err != nil || status != "PUBLISHED" {
			t.Fatalf("article %s: %q %v", id, status, err)
		}
		if err := d.QueryRow(`SELECT COUNT(*) FROM kit_audit WHERE subject_kind = 'article' AND subject_id = $1 AND action = 'publish'`, id).
			Scan(&entries); err != nil || entries != 1 {
			t.Fatalf("article %s has %d publish entries: %v", id, entries, err)
		}
	}
}
