package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/magazine/adapters/sqlstore"
	"stepperslife/services/magazine/domain"
	"stepperslife/services/magazine/migrations"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)
)

func each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, sqlstore.New(d)) }, audit.Migrations, migrations.Set)
}

func ptr[T any](v T) *T { return &v }

// article stores a new article in status with the given title, category and tags.
func article(t *testing.T, s *sqlstore.Store, title, category string, status domain.Status, tags ...string) domain.Article {
	t.Helper()
	a, err := domain.NewArticle(domain.Patch{Title: ptr(title), Body: ptr("The floor at the " + title + " was full."),
		Category: ptr(category), Tags: ptr(tags)}, "writer-1", "Wanda Writer", now)
	if err != nil {
		t.Fatal(err)
	}
	a.Status = status
	if status == domain.Published || status == domain.Archived {
		at := now.Add(time.Duration(len(title)) * time.Minute)
		a.PublishedAt = &at
	}
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestASaveOnAStaleVersionIsRefused(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		a := article(t, s, "Smooth Moves", "TUTORIALS", domain.Draft)
		first, second := a, a
		first.Title, second.Title = "Smoother Moves", "Smoothest Moves"
		if err := s.SaveArticle(ctx, first, a.Version); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveArticle(ctx, second, a.Version); !errors.Is(err, domain.ErrStale) {
			t.Fatalf("the second editor overwrote the first: %v", err)
		}
		got, err := s.Article(ctx, a.ID)
		if err != nil || got.Title != "Smoother Moves" || got.Version != a.Version+1 {
			t.Fatalf("%v %+v", err, got)
		}
		ghost := a
		ghost.ID = "missing"
		if err := s.SaveArticle(ctx, ghost, 1); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing article: %v", err)
		}
	})
}

func TestOldSlugsStillFindTheArticleAndAreNeverReused(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		a := article(t, s, "Bop History", "HISTORY", domain.Draft)
		old := a.Slug
		a.Slug = "bop-history"
		if err := s.SaveArticle(ctx, a, a.Version); err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{old, "bop-history"} {
			got, err := s.ArticleBySlug(ctx, slug)
			if err != nil || got.ID != a.ID || got.Slug != "bop-history" {
				t.Errorf("%s: %v %q", slug, err, got.Slug)
			}
		}
		b := article(t, s, "Another", "NEWS", domain.Draft)
		b.Slug = old
		if err := s.SaveArticle(ctx, b, b.Version); !errors.Is(err, domain.ErrDuplicate) {
			t.Errorf("took another article's old address: %v", err)
		}
		a.Version++
		a.Slug = old // an article may take back its own old address
		if err := s.SaveArticle(ctx, a, a.Version); err != nil {
			t.Errorf("taking back an old address: %v", err)
		}
		if _, err := s.ArticleBySlug(ctx, "nowhere"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%v", err)
		}
	})
}

func TestThePublicListIsFeaturedFirstThenNewest(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		article(t, s, "A Draft Nobody Sees", "NEWS", domain.Draft, "chicago")
		article(t, s, "Archived Piece", "NEWS", domain.Archived, "chicago")
		short := article(t, s, "Short", "NEWS", domain.Published, "chicago")
		longer := article(t, s, "A Much Longer Title", "MUSIC", domain.Published, "dj", "chicago")
		mid := article(t, s, "Middle Title", "NEWS", domain.Published)
		mid.Featured = true
		if err := s.SaveArticle(ctx, mid, mid.Version); err != nil {
			t.Fatal(err)
		}
		ids := func(f domain.Filter) []string {
			f.Limit = 10
			list, total, err := s.PublicArticles(ctx, f)
			if err != nil || total != len(list) {
				t.Fatalf("%v %d %d", err, total, len(list))
			}
			var out []string
			for _, a := range list {
				out = append(out, a.ID)
			}
			return out
		}
		want := fmt.Sprint([]string{mid.ID, longer.ID, short.ID})
		if got := fmt.Sprint(ids(domain.Filter{})); got != want {
			t.Errorf("order %s, want %s", got, want)
		}
		if got := fmt.Sprint(ids(domain.Filter{Category: "NEWS"})); got != fmt.Sprint([]string{mid.ID, short.ID}) {
			t.Errorf("category: %s", got)
		}
		if got := fmt.Sprint(ids(domain.Filter{Tag: "chicago"})); got != fmt.Sprint([]string{longer.ID, short.ID}) {
			t.Errorf("tag: %s", got)
		}
		if got := fmt.Sprint(ids(domain.Filter{Query: "much LONGER"})); got != fmt.Sprint([]string{longer.ID}) {
			t.Errorf("search: %s", got)
		}
		if got := ids(domain.Filter{Query: "100%_"}); len(got) != 0 {
			t.Errorf("wildcards matched: %v", got)
		}
		tags, err := s.Tags(ctx, 10)
		if err != nil || len(tags) != 2 || tags[0] != (domain.TagCount{Tag: "chicago", Count: 2}) {
			t.Errorf("tags %v %v", tags, err)
		}
	})
}

func TestARefreshDoesNotCountAgain(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		a := article(t, s, "Counted", "NEWS", domain.Published)
		day := sqlstore.Day(now)
		for i, c := range []struct {
			reader, day string
			counts      bool
		}{{"r1", day, true}, {"r1", day, false}, {"r2", day, true}, {"r1", sqlstore.Day(now.AddDate(0, 0, 1)), true}} {
			counted, err := s.CountView(ctx, a.ID, c.reader, c.day)
			if err != nil || counted != c.counts {
				t.Errorf("view %d: %v %v", i, counted, err)
			}
		}
		if got, _ := s.Article(ctx, a.ID); got.Views != 3 {
			t.Errorf("views %d", got.Views)
		}
		if err := s.ForgetViewsBefore(ctx, sqlstore.Day(now.AddDate(0, 0, 1))); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Article(ctx, a.ID); got.Views != 3 {
			t.Errorf("forgetting readers changed the count: %d", got.Views)
		}
	})
}

// Many publishers racing over one due article: exactly one publishes it, once, and
// the trail says so once, in the scheduling editor's name.
func TestAScheduledArticleIsPublishedExactlyOnce(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		a := article(t, s, "Scheduled", "EVENTS", domain.Submitted)
		at := now.Add(time.Hour)
		if err := s.Schedule(ctx, a.ID, a.Version, at, "editor-1", "ed@example.com", now); err != nil {
			t.Fatal(err)
		}
		if err := s.Schedule(ctx, a.ID, a.Version, at, "editor-1", "ed@example.com", now); !errors.Is(err, domain.ErrStale) {
			t.Errorf("scheduled on a stale version: %v", err)
		}
		if due, _ := s.Due(ctx, now, 10); len(due) != 0 {
			t.Fatalf("due early: %v", due)
		}
		if next, err := s.NextDue(ctx); err != nil || next == nil || !next.Equal(at) {
			t.Fatalf("next due %v %v", next, err)
		}
		if ok, err := s.PublishDue(ctx, a.ID, now); ok || err != nil {
			t.Fatalf("published early: %v %v", ok, err)
		}
		later := at.Add(time.Second)
		due, err := s.Due(ctx, later, 10)
		if err != nil || len(due) != 1 || due[0] != a.ID {
			t.Fatalf("due %v %v", due, err)
		}
		var wins sync.Map
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.PublishDue(ctx, a.ID, later)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Store(i, true)
				}
			}()
		}
		wg.Wait()
		n := 0
		wins.Range(func(_, _ any) bool { n++; return true })
		if n != 1 {
			t.Fatalf("%d publishers won", n)
		}
		got, _ := s.Article(ctx, a.ID)
		if got.Status != domain.Published || got.PublishAt != nil || got.PublishedAt == nil || !got.PublishedAt.Equal(later) {
			t.Errorf("%+v", got)
		}
		trail, err := s.Trail(ctx, a.ID, 0)
		if err != nil || len(trail) != 1 || trail[0].Action != "publish" || trail[0].Actor.ID != "editor-1" {
			t.Errorf("trail %+v %v", trail, err)
		}
		if due, _ := s.Due(ctx, later, 10); len(due) != 0 {
			t.Errorf("still due: %v", due)
		}
		if next, err := s.NextDue(ctx); err != nil || next != nil {
			t.Errorf("next due after publishing: %v %v", next, err)
		}
	})
}

func TestOnePendingRevisionPerArticle(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		a := article(t, s, "Revised", "NEWS", domain.Published)
		c := a.Content()
		for _, title := range []string{"Revised Once", "Revised Twice"} {
			c.Title = title
			if err := s.SavePending(ctx, domain.Revision{ID: domain.NewID(), ArticleID: a.ID, AuthorID: a.AuthorID,
				Content: c, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.Pending(ctx, a.ID)
		if err != nil || p.Content.Title != "Revised Twice" || p.Status != domain.RevisionPending {
			t.Fatalf("%v %+v", err, p)
		}
		waiting, total, err := s.PendingRevisions(ctx, 10, 0)
		if err != nil || total != 1 || len(waiting) != 1 {
			t.Fatalf("%v %d", err, total)
		}
		if err := s.DecideRevision(ctx, p.ID, domain.RevisionPending, domain.RevisionApproved, "editor-1", now); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideRevision(ctx, p.ID, domain.RevisionPending, domain.RevisionDiscarded, "editor-1", now); !errors.Is(err, domain.ErrStale) {
			t.Errorf("decided twice: %v", err)
		}
		if _, err := s.Pending(ctx, a.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("still pending: %v", err)
		}
		all, err := s.Revisions(ctx, a.ID)
		if err != nil || len(all) != 1 || all[0].Status != domain.RevisionApproved || all[0].DecidedBy != "editor-1" {
			t.Errorf("%v %+v", err, all)
		}
	})
}
