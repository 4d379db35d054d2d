package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/magazine/domain"
)

// MaxList is the most articles one list answers.
const MaxList = 100

// Public lists PUBLISHED articles matching f, featured first, then newest; bodies are
// not rendered (lists show excerpts).
func (s *Service) Public(ctx context.Context, f domain.Filter) ([]View, int, error) {
	f.Limit = min(max(f.Limit, 1), MaxList)
	as, total, err := s.store.PublicArticles(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out := make([]View, len(as))
	for i, a := range as {
		out[i] = View{Article: a, ReadingMinutes: a.ReadingMinutes()}
	}
	return out, total, nil
}

// Read is the article at slug (or an address it once had) for u: a PUBLISHED or
// ARCHIVED article for anyone, anything else only for its writer and editors (a
// preview that renders exactly as readers will see it). The article's Slug is its
// address now; a caller that came by an old one redirects there.
func (s *Service) Read(ctx context.Context, u *auth.User, slug string) (View, error) {
	if !domain.ValidSlug(slug) {
		return View{}, errArticleNotFound
	}
	a, err := s.store.ArticleBySlug(ctx, slug)
	if err != nil {
		return View{}, storeErr(err)
	}
	if ac := actor(u, a); !a.Status.Public() && !ac.Author && !ac.Editor {
		return View{}, errArticleNotFound
	}
	return s.view(a), nil
}

// CountView counts a reading of a published article by reader (who they are: the
// user id, or the address and browser of someone signed out), once a day however
// often they refresh. It reports whether this reading counted. Readings this process
// counted already today are answered from memory, so a refresh writes nothing.
func (s *Service) CountView(ctx context.Context, a domain.Article, reader string) (bool, error) {
	if a.Status != domain.Published || reader == "" {
		return false, nil
	}
	day, key := s.Now().Format(time.DateOnly), s.readerKey(reader)
	if s.views.seen(day, a.ID+"|"+key) {
		return false, nil
	}
	counted, err := s.store.CountView(ctx, a.ID, key, day)
	if err != nil {
		s.log.Warn("magazine: count a view", "article", a.ID, "err", err)
		return false, err
	}
	s.views.add(day, a.ID+"|"+key)
	return counted, nil
}

// maxSeenViews bounds the readings kept in memory; past it the set starts again (the
// database still counts each reader once).
const maxSeenViews = 100_000

// seenViews are the readings this process counted (or found counted) today.
type seenViews struct {
	mu   sync.Mutex
	day  string
	keys map[string]struct{}
}

func (v *seenViews) seen(day, key string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.day != day {
		return false
	}
	_, ok := v.keys[key]
	return ok
}

func (v *seenViews) add(day, key string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.day != day || len(v.keys) >= maxSeenViews {
		v.day, v.keys = day, map[string]struct{}{}
	}
	v.keys[key] = struct{}{}
}

// Related are up to n other published articles of a's category, newest first.
func (s *Service) Related(ctx context.Context, a domain.Article, n int) ([]View, error) {
	list, _, err := s.Public(ctx, domain.Filter{Category: a.Category, Limit: n + 1, NoTotal: true})
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, n)
	for _, v := range list {
		if v.ID != a.ID && len(out) < n {
			out = append(out, v)
		}
	}
	return out, nil
}

// MaxSitemap is the most addresses one sitemap lists (the protocol's bound).
const MaxSitemap = 50_000

// Addresses are the public articles' addresses for the sitemap, newest first.
func (s *Service) Addresses(ctx context.Context) ([]domain.Address, error) {
	return s.store.Addresses(ctx, MaxSitemap)
}

// Feed is the newest published articles (of a category, when set), not yet rendered
// (a feed reader holding them already is answered before any rendering: Rendered),
// and when anything public there last changed (zero when nothing ever was).
func (s *Service) Feed(ctx context.Context, category string, n int) ([]View, time.Time, error) {
	last, err := s.store.LastPublicChange(ctx, category)
	if err != nil {
		return nil, time.Time{}, err
	}
	as, _, err := s.store.PublicArticles(ctx, domain.Filter{Category: category, Newest: true, Limit: n, NoTotal: true})
	if err != nil {
		return nil, time.Time{}, err
	}
	var changed time.Time
	if last != nil {
		changed = *last
	}
	out := make([]View, len(as))
	for i, a := range as {
		out[i] = View{Article: a, ReadingMinutes: a.ReadingMinutes()}
	}
	return out, changed, nil
}

// Tags are the tags of published articles, most used first.
func (s *Service) Tags(ctx context.Context, limit int) ([]domain.TagCount, error) {
	return s.store.Tags(ctx, limit)
}

// Waiting are the articles submitted to the editors and not yet scheduled, and the
// revisions of published ones waiting for approval: what an editor must act on.
type Waiting struct {
	Articles       []View
	ArticlesTotal  int
	Revisions      []domain.Revision
	RevisionsTotal int
}

// Desk lists what waits for an editor, and the scheduled articles.
func (s *Service) Desk(ctx context.Context, u *auth.User, limit, offset int) (Waiting, []View, error) {
	if u == nil || !u.Has(auth.RoleAdmin) {
		return Waiting{}, nil, errEditorsOnly
	}
	limit = min(max(limit, 1), MaxList)
	as, total, err := s.store.Submissions(ctx, false, limit, offset)
	if err != nil {
		return Waiting{}, nil, err
	}
	w := Waiting{ArticlesTotal: total}
	for _, a := range as {
		w.Articles = append(w.Articles, View{Article: a, ReadingMinutes: a.ReadingMinutes()})
	}
	sch, _, err := s.store.Submissions(ctx, true, MaxList, 0)
	if err != nil {
		return Waiting{}, nil, err
	}
	scheduled := make([]View, len(sch))
	for i, a := range sch {
		scheduled[i] = View{Article: a, ReadingMinutes: a.ReadingMinutes()}
	}
	w.Revisions, w.RevisionsTotal, err = s.store.PendingRevisions(ctx, limit, offset)
	return w, scheduled, err
}

// Revisions are an article's revisions, newest first, for its writer or an editor.
func (s *Service) Revisions(ctx context.Context, u *auth.User, id string) ([]domain.Revision, error) {
	if _, err := s.owned(ctx, u, id); err != nil {
		return nil, err
	}
	return s.store.Revisions(ctx, id)
}

// revisionOf loads revision rid of article id.
func (s *Service) revisionOf(ctx context.Context, id, rid string) (domain.Revision, error) {
	v, err := s.store.Revision(ctx, rid)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && v.ArticleID != id) {
		return v, errRevisionNotFound
	}
	return v, err
}

// Trail is what was done to an article, newest first, for an editor.
func (s *Service) Trail(ctx context.Context, u *auth.User, id string) ([]audit.Entry, error) {
	if u == nil || !u.Has(auth.RoleAdmin) {
		return nil, errEditorsOnly
	}
	return s.store.Trail(ctx, id, 0)
}
