package app

import (
	"context"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/services/magazine/domain"
)

// The store interfaces speak only domain types. The use cases give the store every
// id and time it persists; the store answers with domain errors (domain.ErrNotFound,
// domain.ErrStale, domain.ErrDuplicate), wrapped with the operation that met them,
// which the use cases turn into contract answers.

// Articles keeps articles, their addresses and tags.
type Articles interface {
	CreateArticle(ctx context.Context, a domain.Article) error
	SaveArticle(ctx context.Context, a domain.Article, read int) error
	Schedule(ctx context.Context, id string, read int, at time.Time, byID, byEmail string, now time.Time) error
	Article(ctx context.Context, id string) (domain.Article, error)
	ArticleBySlug(ctx context.Context, slug string) (domain.Article, error)
	PublicArticles(ctx context.Context, f domain.Filter) ([]domain.Article, int, error)
	ArticlesOfAuthor(ctx context.Context, authorID, email string, limit, offset int) ([]domain.Article, int, error)
	AddCoAuthor(ctx context.Context, articleID string, c domain.CoAuthor, now time.Time) error
	RemoveCoAuthor(ctx context.Context, articleID, email string) error
	Submissions(ctx context.Context, scheduled bool, limit, offset int) ([]domain.Article, int, error)
	SetCover(ctx context.Context, id, key, alt string, now time.Time) error
	Tags(ctx context.Context, limit int) ([]domain.TagCount, error)
	Addresses(ctx context.Context, limit int) ([]domain.Address, error)
	LastPublicChange(ctx context.Context, category string) (*time.Time, error)
}

// Schedule keeps the editors' appointments: articles approved for a later time.
type Schedule interface {
	Due(ctx context.Context, now time.Time, limit int) ([]string, error)
	PublishDue(ctx context.Context, id string, now time.Time) (bool, error)
	NextDue(ctx context.Context) (*time.Time, error)
}

// Views counts readings once per reader per day.
type Views interface {
	CountView(ctx context.Context, articleID, reader, day string) (bool, error)
	ForgetViewsBefore(ctx context.Context, day string) error
}

// Revisions keeps the versions of published articles' writing.
type Revisions interface {
	AddRevision(ctx context.Context, v domain.Revision) error
	SavePending(ctx context.Context, v domain.Revision) error
	Revision(ctx context.Context, id string) (domain.Revision, error)
	Pending(ctx context.Context, articleID string) (domain.Revision, error)
	Revisions(ctx context.Context, articleID string) ([]domain.Revision, error)
	DecideRevision(ctx context.Context, id string, from, to domain.RevisionStatus, by string, now time.Time) error
	PendingRevisions(ctx context.Context, limit, offset int) ([]domain.Revision, int, error)
}

// Legends keeps the legends of the dance and the readers' memories of them.
type Legends interface {
	CreateLegend(ctx context.Context, l domain.Legend) error
	SaveLegend(ctx context.Context, l domain.Legend, read int) error
	Legend(ctx context.Context, id string) (domain.Legend, error)
	LegendBySlug(ctx context.Context, slug string) (domain.Legend, error)
	Legends(ctx context.Context, kind string, limit, offset int) ([]domain.Legend, int, error)
	AddMemory(ctx context.Context, m domain.Memory) error
	SetMemoryPhoto(ctx context.Context, id, key, alt string) error
	DecideMemory(ctx context.Context, id string, from, to domain.MemoryStatus, reason, by string, now time.Time) error
	Memory(ctx context.Context, id string) (domain.Memory, error)
	MemoriesOf(ctx context.Context, legendID string, status domain.MemoryStatus, limit int) ([]domain.Memory, error)
	MemoriesByStatus(ctx context.Context, status domain.MemoryStatus, limit, offset int) ([]domain.Memory, int, error)
	MemoriesOfAuthor(ctx context.Context, authorID string, limit int) ([]domain.Memory, error)
}

// Trail is the kit's audit trail, written in the action's transaction.
type Trail interface {
	Record(ctx context.Context, e audit.Entry) error
	Trail(ctx context.Context, articleID string, limit int) ([]audit.Entry, error)
	TrailOf(ctx context.Context, kind, id string, limit int) ([]audit.Entry, error)
}

// Store is everything the use cases keep.
type Store interface {
	Articles
	Schedule
	Views
	Revisions
	Legends
	Trail
}
