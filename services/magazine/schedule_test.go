package magazine_test

import (
	"context"
	"testing"
	"time"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/magazinetest"
)

// An editor schedules an article two seconds ahead and the service stops before its
// time; a new service on the same database publishes it once when it starts, and the
// trail names the editor who scheduled it.
func TestScheduledPublishingSurvivesARestart(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		opts := magazinetest.Options{DatabaseURL: dbURL, Env: map[string]string{"DATA_DIR": t.TempDir()}}
		first := magazinetest.Start(t, opts)
		a := first.Submitted(writer, "Saturday Set", "EVENTS")
		at := time.Now().Add(2 * time.Second).UTC()
		var got magazineapi.Article
		first.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{"publishAt": at}).JSON(t, &got)
		if got.Status != "SUBMITTED" || got.PublishAt == nil || !got.PublishAt.Equal(at.Truncate(time.Microsecond)) {
			t.Fatalf("%+v", got)
		}
		first.Must(404, "GET", "/api/articles/"+a.Slug, nil, nil)
		first.Stop()
		first.Instance.Close() // the first service's scheduler ends here, before the time

		time.Sleep(time.Until(at) + 100*time.Millisecond)
		second := magazinetest.Start(t, opts)
		deadline := time.Now().Add(30 * time.Second)
		for second.Do("GET", "/api/articles/"+a.Slug, nil, nil).Status != 200 {
			if time.Now().After(deadline) {
				t.Fatal("the scheduled article was never published after the restart")
			}
			time.Sleep(50 * time.Millisecond)
		}
		pub := second.Get(nil, a.Slug)
		if pub.Status != "PUBLISHED" || pub.PublishAt != nil || pub.PublishedAt == nil || pub.PublishedAt.Before(at) {
			t.Errorf("%+v", pub)
		}
		if n, err := second.App().PublishDue(context.Background()); n != 0 || err != nil {
			t.Errorf("published again: %d %v", n, err)
		}
		trail, err := second.App().Trail(context.Background(), editor, a.ID)
		if err != nil || len(trail) < 2 || trail[0].Action != "publish" || trail[0].Actor.ID != editor.ID ||
			trail[1].Action != "schedule" {
			t.Errorf("trail %+v %v", trail, err)
		}
	})
}

// A scheduled article the editors reject is never published.
func TestARejectedScheduleIsNotPublished(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Submitted(writer, "Changed Plans", "EVENTS")
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{"publishAt": time.Now().Add(time.Hour)})
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/reject", editor, map[string]any{"notes": "The date moved."})
	var got magazineapi.Article
	s.Must(200, "GET", "/api/articles/"+a.Slug, writer, nil).JSON(t, &got)
	if got.Status != "REJECTED" || got.PublishAt != nil {
		t.Errorf("%+v", got)
	}
	s.Must(400, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{"publishAt": time.Now().AddDate(2, 0, 0)})
}

// A running service wakes for a scheduled article when it falls due, well before its
// regular look (app.ScheduleEvery).
func TestAScheduledArticleIsPublishedOnTime(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Submitted(writer, "On the Dot", "NEWS")
	at := time.Now().Add(time.Second).UTC()
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{"publishAt": at})
	deadline := at.Add(app.ScheduleEvery / 2)
	for s.Do("GET", "/api/articles/"+a.Slug, nil, nil).Status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the scheduler did not wake for the article")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
