package sqlstore

import (
	"context"
	"time"

	"stepperslife/services/magazine/domain"
)

// AddCoAuthor shares an article with another writer (again: their name is updated).
func (s *Store) AddCoAuthor(ctx context.Context, articleID string, c domain.CoAuthor, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO article_coauthors (article_id, email, name, added_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (article_id, email) DO UPDATE SET name = excluded.name`, articleID, c.Email, c.Name, now.UTC())
	return wrap("add co-author", articleID, err)
}

// RemoveCoAuthor stops sharing an article with a writer; domain.ErrNotFound when it
// was not shared with them.
func (s *Store) RemoveCoAuthor(ctx context.Context, articleID, email string) error {
	res, err := s.q().ExecContext(ctx, `DELETE FROM article_coauthors WHERE article_id = $1 AND email = $2`, articleID, email)
	if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			err = domain.ErrNotFound
		}
	}
	return wrap("remove co-author", articleID, err)
}

// withCoAuthors reads the co-authors of a, in the order they were added.
func (s *Store) withCoAuthors(ctx context.Context, a domain.Article) (domain.Article, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT email, name FROM article_coauthors WHERE article_id = $1
		ORDER BY added_at, email`, a.ID)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	a.CoAuthors = []domain.CoAuthor{}
	for rows.Next() {
		var c domain.CoAuthor
		if err := rows.Scan(&c.Email, &c.Name); err != nil {
			return a, err
		}
		a.CoAuthors = append(a.CoAuthors, c)
	}
	return a, rows.Err()
}
