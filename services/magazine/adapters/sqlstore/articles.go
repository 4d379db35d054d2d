package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/magazine/domain"
)

const articleCols = `id, slug, author_id, author_name, title, subtitle, excerpt, body, category, tags, cover_key, cover_alt,
	status, featured, notes, publish_at, published_at, views, version, created_at, updated_at`

func scanArticle(r scanner) (domain.Article, error) {
	var a domain.Article
	var tags string
	var featured int
	var publishAt, publishedAt sql.NullTime
	err := r.Scan(&a.ID, &a.Slug, &a.AuthorID, &a.AuthorName, &a.Title, &a.Subtitle, &a.Excerpt, &a.Body, &a.Category,
		&tags, &a.CoverKey, &a.CoverAlt, &a.Status, &featured, &a.Notes, &publishAt, &publishedAt, &a.Views, &a.Version,
		&a.CreatedAt, &a.UpdatedAt)
	a.Tags, a.Featured = lines(tags), featured != 0
	a.PublishAt, a.PublishedAt = timePtr(publishAt), timePtr(publishedAt)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

// CreateArticle stores a new article with its slug and tags; a slug any article ever
// had is domain.ErrDuplicate.
func (s *Store) CreateArticle(ctx context.Context, a domain.Article) error {
	return wrap("create article", a.ID, s.inTx(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, `INSERT INTO articles (id, slug, author_id, author_name, title, subtitle, excerpt, body,
			category, tags, cover_key, cover_alt, status, featured, notes, publish_at, published_at, views, version,
			search_text, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)`,
			a.ID, a.Slug, a.AuthorID, a.AuthorName, a.Title, a.Subtitle, a.Excerpt, a.Body, a.Category,
			strings.Join(a.Tags, "\n"), a.CoverKey, a.CoverAlt, string(a.Status), boolInt(a.Featured), a.Notes,
			nullTime(a.PublishAt), nullTime(a.PublishedAt), a.Views, a.Version, domain.SearchText(a), a.CreatedAt.UTC())
		if err != nil {
			return duplicate(err)
		}
		if err := addSlug(ctx, q, a.Slug, a.ID, a.CreatedAt); err != nil {
			return err
		}
		return setTags(ctx, q, a.ID, a.Tags)
	}))
}

// SaveArticle writes a as the next version of the article read at version read: every
// field a writer or editor changes, with the version one more. Another change landed
// first: domain.ErrStale; no such article: domain.ErrNotFound. A new slug joins the
// article's addresses (the old ones keep finding it).
func (s *Store) SaveArticle(ctx context.Context, a domain.Article, read int) error {
	return wrap("save article", a.ID, s.inTx(ctx, func(q querier) error {
		var slug string
		if err := q.QueryRowContext(ctx, `SELECT slug FROM articles WHERE id = $1`, a.ID).Scan(&slug); err != nil {
			return notFound(err)
		}
		if slug != a.Slug {
			if err := addSlug(ctx, q, a.Slug, a.ID, a.UpdatedAt); err != nil {
				return err
			}
		}
		res, err := q.ExecContext(ctx, `UPDATE articles SET slug = $3, title = $4, subtitle = $5, excerpt = $6, body = $7,
			category = $8, tags = $9, cover_key = $10, cover_alt = $11, status = $12, featured = $13, notes = $14,
			publish_at = $15, published_at = $16, search_text = $17, updated_at = $18, version = version + 1
			WHERE id = $1 AND version = $2`,
			a.ID, read, a.Slug, a.Title, a.Subtitle, a.Excerpt, a.Body, a.Category, strings.Join(a.Tags, "\n"), a.CoverKey,
			a.CoverAlt, string(a.Status), boolInt(a.Featured), a.Notes, nullTime(a.PublishAt), nullTime(a.PublishedAt),
			domain.SearchText(a), a.UpdatedAt.UTC())
		if err != nil {
			return duplicate(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return domain.ErrStale
		}
		return setTags(ctx, q, a.ID, a.Tags)
	}))
}

// Schedule records an editor's approval of a SUBMITTED article for at, by the editor
// named, when it is still at version read.
func (s *Store) Schedule(ctx context.Context, id string, read int, at time.Time, byID, byEmail string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE articles SET publish_at = $3, scheduled_by_id = $4, scheduled_by_email = $5,
		notes = '', updated_at = $6, version = version + 1 WHERE id = $1 AND version = $2 AND status = 'SUBMITTED'`,
		id, read, at.UTC(), byID, byEmail, now.UTC())
	return wrap("schedule article", id, stale(res, err))
}

// LastPublicChange is when an article that is or was public (of category, when set)
// last changed: a feed built from the newest ones is no older than this, whatever
// left it since (an archived article bumps it too). Nil when none ever was.
func (s *Store) LastPublicChange(ctx context.Context, category string) (*time.Time, error) {
	var a db.Args
	cond := "status IN ('PUBLISHED', 'ARCHIVED')"
	if category != "" {
		cond += " AND category = " + a.Add(category)
	}
	var at time.Time
	err := s.q().QueryRowContext(ctx, `SELECT updated_at FROM articles WHERE `+cond+` ORDER BY updated_at DESC LIMIT 1`,
		a.Values()...).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	at = at.UTC()
	return &at, wrap("last public change", category, err)
}

// CountArticles is how many articles there are, in any state.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n)
	return n, wrap("count articles", "", err)
}

// Article finds an article by id.
func (s *Store) Article(ctx context.Context, id string) (domain.Article, error) {
	a, err := scanArticle(s.q().QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1`, id))
	if err == nil {
		a, err = s.withCoAuthors(ctx, a)
	}
	return a, wrap("article", id, notFound(err))
}

// ArticleBySlug finds the article that has, or once had, slug; the article's Slug is
// its address now.
func (s *Store) ArticleBySlug(ctx context.Context, slug string) (domain.Article, error) {
	a, err := scanArticle(s.q().QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles
		WHERE id = (SELECT article_id FROM article_slugs WHERE slug = $1)`, slug))
	if err == nil {
		a, err = s.withCoAuthors(ctx, a)
	}
	return a, wrap("article by slug", slug, notFound(err))
}

// PublicArticles lists PUBLISHED articles matching f, featured first, then newest,
// and how many match in all (-1 when f.NoTotal).
func (s *Store) PublicArticles(ctx context.Context, f domain.Filter) ([]domain.Article, int, error) {
	var a db.Args
	where := []string{"status = 'PUBLISHED'"}
	if f.Category != "" {
		where = append(where, "category = "+a.Add(f.Category))
	}
	if f.Tag != "" {
		where = append(where, "id IN (SELECT article_id FROM article_tags WHERE tag = "+a.Add(f.Tag)+")")
	}
	if f.AuthorID != "" {
		where = append(where, "author_id = "+a.Add(f.AuthorID))
	}
	for _, w := range domain.SearchWords(f.Query) {
		where = append(where, "search_text LIKE "+a.Add(db.LikePattern(w))+` ESCAPE '\'`)
	}
	cond := strings.Join(where, " AND ")
	total := -1
	if !f.NoTotal {
		if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, a.Values()...).Scan(&total); err != nil {
			return nil, 0, wrap("count articles", "", err)
		}
	}
	order := "featured DESC, published_at DESC, id"
	if f.Newest {
		order = "published_at DESC, id"
	}
	limit, offset := a.Add(max(f.Limit, 1)), a.Add(max(f.Offset, 0))
	list, err := s.articles(ctx, `SELECT `+articleCols+` FROM articles WHERE `+cond+`
		ORDER BY `+order+` LIMIT `+limit+` OFFSET `+offset, a.Values()...)
	return list, total, wrap("public articles", "", err)
}

// Addresses are the addresses of PUBLISHED articles, newest first, at most limit.
func (s *Store) Addresses(ctx context.Context, limit int) ([]domain.Address, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT slug, updated_at FROM articles WHERE status = 'PUBLISHED'
		ORDER BY published_at DESC, id LIMIT $1`, max(limit, 1))
	if err != nil {
		return nil, wrap("addresses", "", err)
	}
	defer rows.Close()
	var out []domain.Address
	for rows.Next() {
		var a domain.Address
		if err := rows.Scan(&a.Slug, &a.UpdatedAt); err != nil {
			return nil, wrap("addresses", "", err)
		}
		a.UpdatedAt = a.UpdatedAt.UTC()
		out = append(out, a)
	}
	return out, wrap("addresses", "", rows.Err())
}

// ArticlesOfAuthor lists everything a writer wrote or co-authors (by the e-mail
// address they sign in with), last changed first.
func (s *Store) ArticlesOfAuthor(ctx context.Context, authorID, email string, limit, offset int) ([]domain.Article, int, error) {
	const mine = `(author_id = $1 OR id IN (SELECT article_id FROM article_coauthors WHERE email = $2))`
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+mine, authorID, email).Scan(&total); err != nil {
		return nil, 0, wrap("count articles of author", authorID, err)
	}
	list, err := s.articles(ctx, `SELECT `+articleCols+` FROM articles WHERE `+mine+`
		ORDER BY updated_at DESC, id LIMIT $3 OFFSET $4`, authorID, email, max(limit, 1), max(offset, 0))
	return list, total, wrap("articles of author", authorID, err)
}

// Submissions lists the SUBMITTED articles waiting for an editor (scheduled false:
// not yet scheduled, oldest first, as they queued) or scheduled for later (soonest
// first), and how many there are.
func (s *Store) Submissions(ctx context.Context, scheduled bool, limit, offset int) ([]domain.Article, int, error) {
	cond, order := "status = 'SUBMITTED' AND publish_at IS NULL", "updated_at, id"
	if scheduled {
		cond, order = "status = 'SUBMITTED' AND publish_at IS NOT NULL", "publish_at, id"
	}
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond).Scan(&total); err != nil {
		return nil, 0, wrap("count submissions", "", err)
	}
	list, err := s.articles(ctx, `SELECT `+articleCols+` FROM articles WHERE `+cond+` ORDER BY `+order+`
		LIMIT $1 OFFSET $2`, max(limit, 1), max(offset, 0))
	return list, total, wrap("submissions", "", err)
}

// SetCover records an article's cover image, whatever its version (a cover is not
// writing that two people could both have changed).
func (s *Store) SetCover(ctx context.Context, id, key, alt string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE articles SET cover_key = $2, cover_alt = $3, updated_at = $4,
		version = version + 1 WHERE id = $1`, id, key, alt, now.UTC())
	if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			err = domain.ErrNotFound
		}
	}
	return wrap("set cover", id, err)
}

// Tags are the tags of PUBLISHED articles with how many carry each, most used first.
func (s *Store) Tags(ctx context.Context, limit int) ([]domain.TagCount, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT t.tag, COUNT(*) FROM article_tags t JOIN articles a ON a.id = t.article_id
		WHERE a.status = 'PUBLISHED' GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT $1`, max(limit, 1))
	if err != nil {
		return nil, wrap("tags", "", err)
	}
	defer rows.Close()
	var out []domain.TagCount
	for rows.Next() {
		var t domain.TagCount
		if err := rows.Scan(&t.Tag, &t.Count); err != nil {
			return nil, wrap("tags", "", err)
		}
		out = append(out, t)
	}
	return out, wrap("tags", "", rows.Err())
}

func (s *Store) articles(ctx context.Context, query string, args ...any) ([]domain.Article, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func addSlug(ctx context.Context, q querier, slug, articleID string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO article_slugs (slug, article_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (slug) DO NOTHING`, slug, articleID, at.UTC()); err != nil {
		return err
	}
	// An article may take back an address it had; another article's is taken.
	var owner string
	if err := q.QueryRowContext(ctx, `SELECT article_id FROM article_slugs WHERE slug = $1`, slug).Scan(&owner); err != nil {
		return err
	}
	if owner != articleID {
		return domain.ErrDuplicate
	}
	return nil
}

func setTags(ctx context.Context, q querier, articleID string, tags []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = $1`, articleID); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := q.ExecContext(ctx, `INSERT INTO article_tags (article_id, tag) VALUES ($1, $2)`, articleID, t); err != nil {
			return err
		}
	}
	return nil
}

func duplicate(err error) error {
	if db.IsUniqueViolation(err) {
		return domain.ErrDuplicate
	}
	return err
}

// stale turns "no row changed" into domain.ErrStale.
func stale(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.ErrStale
	}
	return nil
}
