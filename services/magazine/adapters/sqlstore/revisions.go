package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"stepperslife/services/magazine/domain"
)

const revisionCols = `id, article_id, author_id, author_name, status, title, subtitle, excerpt, body, category, tags,
	created_at, decided_at, decided_by`

func scanRevision(r scanner) (domain.Revision, error) {
	var v domain.Revision
	var tags string
	var decided sql.NullTime
	c := &v.Content
	err := r.Scan(&v.ID, &v.ArticleID, &v.AuthorID, &v.AuthorName, &v.Status, &c.Title, &c.Subtitle, &c.Excerpt, &c.Body,
		&c.Category, &tags, &v.CreatedAt, &decided, &v.DecidedBy)
	c.Tags, v.DecidedAt, v.CreatedAt = lines(tags), timePtr(decided), v.CreatedAt.UTC()
	return v, err
}

// AddRevision stores a revision.
func (s *Store) AddRevision(ctx context.Context, v domain.Revision) error {
	return wrap("add revision", v.ArticleID, insertRevision(ctx, s.q(), v))
}

func insertRevision(ctx context.Context, q querier, v domain.Revision) error {
	c := v.Content
	_, err := q.ExecContext(ctx, `INSERT INTO article_revisions (`+revisionCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		v.ID, v.ArticleID, v.AuthorID, v.AuthorName, string(v.Status), c.Title, c.Subtitle, c.Excerpt, c.Body, c.Category,
		strings.Join(c.Tags, "\n"), v.CreatedAt.UTC(), nullTime(v.DecidedAt), v.DecidedBy)
	return duplicate(err)
}

// SavePending stores v as the article's one PENDING revision, replacing the text of
// the one waiting already (a writer's later edit supersedes their earlier one).
func (s *Store) SavePending(ctx context.Context, v domain.Revision) error {
	c := v.Content
	return wrap("save pending revision", v.ArticleID, s.inTx(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, `UPDATE article_revisions SET title = $2, subtitle = $3, excerpt = $4, body = $5,
			category = $6, tags = $7, author_id = $8, author_name = $9, created_at = $10
			WHERE article_id = $1 AND status = 'PENDING'`, v.ArticleID, c.Title, c.Subtitle, c.Excerpt, c.Body, c.Category,
			strings.Join(c.Tags, "\n"), v.AuthorID, v.AuthorName, v.CreatedAt.UTC())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		v.Status = domain.RevisionPending
		return insertRevision(ctx, q, v)
	}))
}

// Revision finds a revision by id.
func (s *Store) Revision(ctx context.Context, id string) (domain.Revision, error) {
	v, err := scanRevision(s.q().QueryRowContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE id = $1`, id))
	return v, wrap("revision", id, notFound(err))
}

// Pending is an article's revision waiting for an editor, or domain.ErrNotFound.
func (s *Store) Pending(ctx context.Context, articleID string) (domain.Revision, error) {
	v, err := scanRevision(s.q().QueryRowContext(ctx, `SELECT `+revisionCols+` FROM article_revisions
		WHERE article_id = $1 AND status = 'PENDING'`, articleID))
	return v, wrap("pending revision", articleID, notFound(err))
}

// Revisions are an article's revisions, newest first.
func (s *Store) Revisions(ctx context.Context, articleID string) ([]domain.Revision, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE article_id = $1
		ORDER BY created_at DESC, id DESC`, articleID)
	if err != nil {
		return nil, wrap("revisions", articleID, err)
	}
	defer rows.Close()
	out := []domain.Revision{}
	for rows.Next() {
		v, err := scanRevision(rows)
		if err != nil {
			return nil, wrap("revisions", articleID, err)
		}
		out = append(out, v)
	}
	return out, wrap("revisions", articleID, rows.Err())
}

// DecideRevision moves a revision from one state to another, recording who decided
// and when; a revision no longer in from is domain.ErrStale.
func (s *Store) DecideRevision(ctx context.Context, id string, from, to domain.RevisionStatus, by string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE article_revisions SET status = $3, decided_at = $4, decided_by = $5
		WHERE id = $1 AND status = $2`, id, string(from), string(to), now.UTC(), by)
	return wrap("decide revision", id, stale(res, err))
}

// PendingRevisions lists the revisions waiting for an editor, newest first, and how
// many wait.
func (s *Store) PendingRevisions(ctx context.Context, limit, offset int) ([]domain.Revision, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM article_revisions WHERE status = 'PENDING'`).Scan(&total); err != nil {
		return nil, 0, wrap("count pending revisions", "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+revisionCols+` FROM article_revisions WHERE status = 'PENDING'
		ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, max(limit, 1), max(offset, 0))
	if err != nil {
		return nil, 0, wrap("pending revisions", "", err)
	}
	defer rows.Close()
	out := []domain.Revision{}
	for rows.Next() {
		v, err := scanRevision(rows)
		if err != nil {
			return nil, 0, wrap("pending revisions", "", err)
		}
		out = append(out, v)
	}
	return out, total, wrap("pending revisions", "", rows.Err())
}
