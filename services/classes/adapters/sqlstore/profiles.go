package sqlstore

import (
	"context"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/classes/domain"
)

const profileCols = `user_id, slug, display_name, bio, styles, links, photo_key, verified, featured, created_at, updated_at`

func scanProfile(r scanner) (domain.Profile, error) {
	var p domain.Profile
	var styles, links string
	var verified, featured int
	err := r.Scan(&p.UserID, &p.Slug, &p.DisplayName, &p.Bio, &styles, &links, &p.PhotoKey, &verified, &featured, &p.CreatedAt, &p.UpdatedAt)
	p.Styles, p.Links = lines(styles), lines(links)
	p.Verified, p.Featured = verified != 0, featured != 0
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func lines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// SaveProfile stores an instructor's profile, keeping its slug, photo and an admin's
// marks when it exists already (then p's slug is ignored).
func (s *Store) SaveProfile(ctx context.Context, p domain.Profile, now time.Time) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO instructor_profiles (`+profileCols+`) VALUES ($1, $2, $3, $4, $5, $6, '', 0, 0, $7, $7)
		ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, bio = excluded.bio, styles = excluded.styles,
		links = excluded.links, updated_at = excluded.updated_at`, p.UserID, p.Slug, p.DisplayName, p.Bio,
		strings.Join(p.Styles, "\n"), strings.Join(p.Links, "\n"), now.UTC())
	if db.IsUniqueViolation(err) {
		err = domain.ErrDuplicate
	}
	return wrap("save profile", p.UserID, err)
}

// Profile finds an instructor's profile by user id.
func (s *Store) Profile(ctx context.Context, userID string) (domain.Profile, error) {
	p, err := scanProfile(s.q().QueryRowContext(ctx, `SELECT `+profileCols+` FROM instructor_profiles WHERE user_id = $1`, userID))
	return p, wrap("profile", userID, notFound(err))
}

// ProfileBySlug finds an instructor's profile by slug.
func (s *Store) ProfileBySlug(ctx context.Context, slug string) (domain.Profile, error) {
	p, err := scanProfile(s.q().QueryRowContext(ctx, `SELECT `+profileCols+` FROM instructor_profiles WHERE slug = $1`, slug))
	return p, wrap("profile by slug", slug, notFound(err))
}

// SetProfilePhoto records a profile's photo key.
func (s *Store) SetProfilePhoto(ctx context.Context, userID, key string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE instructor_profiles SET photo_key = $2, updated_at = $3 WHERE user_id = $1`, userID, key, now.UTC())
	return wrap("set profile photo", userID, oneRow(res, err))
}

// MarkProfile sets what an admin says of a profile: verified, featured.
func (s *Store) MarkProfile(ctx context.Context, userID string, verified, featured bool, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE instructor_profiles SET verified = $2, featured = $3, updated_at = $4 WHERE user_id = $1`,
		userID, boolInt(verified), boolInt(featured), now.UTC())
	return wrap("mark profile", userID, oneRow(res, err))
}

// Profiles lists profiles, featured first, then verified, then by name.
func (s *Store) Profiles(ctx context.Context, limit, offset int) ([]domain.Profile, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM instructor_profiles`).Scan(&total); err != nil {
		return nil, 0, wrap("count profiles", "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+profileCols+` FROM instructor_profiles
		ORDER BY featured DESC, verified DESC, display_name, user_id LIMIT $1 OFFSET $2`, max(limit, 1), max(offset, 0))
	if err != nil {
		return nil, 0, wrap("profiles", "", err)
	}
	defer rows.Close()
	var out []domain.Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, 0, wrap("profiles", "", err)
		}
		out = append(out, p)
	}
	return out, total, wrap("profiles", "", rows.Err())
}
