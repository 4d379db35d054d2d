package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/services/domain"
)

const providerCols = `id, slug, owner_id, owner_email, status, reject_reason, business_name, tagline, description,
	description_html, category, details, phone, email, website, city, zip, area_kind, radius_miles, price_range,
	starting_price_cents, logo_key, cover_key, verified, premium_until, review_count, rating_sum, licence_key, licence_type,
	licence_at, created_at, updated_at`

func scanProvider(r scanner) (domain.Provider, error) {
	var p domain.Provider
	var details string
	var premium, licenceAt sql.NullTime
	err := r.Scan(&p.ID, &p.Slug, &p.OwnerID, &p.OwnerEmail, &p.Status, &p.RejectReason, &p.BusinessName, &p.Tagline,
		&p.Description, &p.DescriptionHTML, &p.Category, &details, &p.Phone, &p.Email, &p.Website, &p.City, &p.ZIP,
		&p.Area.Kind, &p.Area.RadiusMiles, &p.PriceRange, &p.StartingPriceCents, &p.LogoKey, &p.CoverKey, &p.Verified,
		&premium, &p.ReviewCount, &p.RatingSum, &p.LicenceKey, &p.LicenceType, &licenceAt, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(details), &p.Details); err != nil {
		return p, err
	}
	p.PremiumUntil, p.LicenceAt = timePtr(premium), timePtr(licenceAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// searchText is what word searches read of a listing: its name, tagline, category in
// words, city, cities served and description.
func searchText(p domain.Provider) string {
	category := strings.ToLower(strings.ReplaceAll(string(p.Category), "_", " "))
	return strings.Join([]string{p.BusinessName, p.Tagline, category, p.City, strings.Join(p.Area.Cities, " "), p.Description}, "\n")
}

// CreateProvider stores a new listing with its served cities and search index.
func (s *Store) CreateProvider(ctx context.Context, p domain.Provider) error {
	details, err := json.Marshal(p.Details)
	if err != nil {
		return wrap("create provider", p.ID, err)
	}
	var lat, lon any
	if place, ok := domain.Locate(p.ZIP, p.City); ok {
		lat, lon = place.Lat, place.Lon
	}
	return wrap("create provider", p.ID, s.inTx(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, `INSERT INTO providers (id, slug, owner_id, owner_email, status, reject_reason,
			business_name, tagline, description, description_html, category, details, phone, email, website, city, zip,
			lat, lon, area_kind, radius_miles, price_range, price_level, starting_price_cents, logo_key, cover_key, verified,
			premium_until, review_count, rating_sum, rank_score, search_text, city_key, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
			$23, '', '', $24, $25, 0, 0, $26, $27, $29, $28, $28)`,
			p.ID, p.Slug, p.OwnerID, p.OwnerEmail, string(p.Status), p.BusinessName, p.Tagline, p.Description,
			p.DescriptionHTML, string(p.Category), string(details), p.Phone, p.Email, p.Website, p.City, p.ZIP, lat, lon,
			string(p.Area.Kind), p.Area.RadiusMiles, string(p.PriceRange), p.PriceRange.Level(), p.StartingPriceCents,
			p.Verified, nullTime(p.PremiumUntil), domain.RankScore(0, 0), searchText(p), p.CreatedAt.UTC(), cityKey(p.City))
		if db.IsUniqueViolation(err) {
			return domain.ErrDuplicate
		}
		if err != nil {
			return err
		}
		for _, c := range p.Area.Cities {
			if _, err := q.ExecContext(ctx, `INSERT INTO provider_cities (provider_id, city_key) VALUES ($1, $2)`,
				p.ID, strings.ToLower(c)); err != nil {
				return err
			}
		}
		return s.index(ctx, q, p)
	}))
}

// cityKey is how a city is matched: in lower case, as provider_cities and searches
// hold it.
func cityKey(city string) string { return strings.ToLower(strings.TrimSpace(city)) }

// index writes a listing's words into the embedded database's FTS5 table. PostgreSQL
// keeps its full text from search_text (a generated column); there the listing's
// words join the vocabulary typo tolerance draws on.
func (s *Store) index(ctx context.Context, q querier, p domain.Provider) error {
	if s.db.Dialect != db.SQLite {
		return s.addVocabulary(ctx, q, searchText(p))
	}
	// FTS5 refuses a second row with the same rowid, so two listings never share one.
	if _, err := q.ExecContext(ctx, `UPDATE providers SET search_rowid = (SELECT COALESCE(MAX(search_rowid), 0) + 1 FROM providers)
		WHERE id = $1 AND search_rowid IS NULL`, p.ID); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM provider_search WHERE rowid = (SELECT search_rowid FROM providers WHERE id = $1)`, p.ID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO provider_search (rowid, provider_id, body)
		SELECT search_rowid, id, $2 FROM providers WHERE id = $1`, p.ID, searchText(p))
	return err
}

// Provider finds a listing by id.
func (s *Store) Provider(ctx context.Context, id string) (domain.Provider, error) {
	p, err := scanProvider(s.q().QueryRowContext(ctx, `SELECT `+providerCols+` FROM providers WHERE id = $1`, id))
	if err == nil {
		p.Area.Cities, err = s.cities(ctx, id)
	}
	return p, wrap("provider", id, notFound(err))
}

// ProviderBySlug finds a listing by slug.
func (s *Store) ProviderBySlug(ctx context.Context, slug string) (domain.Provider, error) {
	p, err := scanProvider(s.q().QueryRowContext(ctx, `SELECT `+providerCols+` FROM providers WHERE slug = $1`, slug))
	if err == nil {
		p.Area.Cities, err = s.cities(ctx, p.ID)
	}
	return p, wrap("provider by slug", slug, notFound(err))
}

func (s *Store) cities(ctx context.Context, id string) ([]string, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT city_key FROM provider_cities WHERE provider_id = $1 ORDER BY city_key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProvidersOfOwner lists the listings a user owns, newest first: by their id, and
// those stored without an owner's id under the address they verified (see
// domain.Provider.IsOwner), which the caller checks again one by one.
func (s *Store) ProvidersOfOwner(ctx context.Context, ownerID, verifiedEmail string) ([]domain.Provider, error) {
	ps, err := s.providers(ctx, `SELECT `+providerCols+` FROM providers WHERE owner_id = $1
		OR (owner_id = '' AND $2 <> '' AND LOWER(owner_email) = LOWER($2)) ORDER BY created_at DESC, id`, ownerID, verifiedEmail)
	if err != nil {
		return nil, wrap("providers of owner", ownerID, err)
	}
	mine := ps[:0]
	for _, p := range ps {
		if p.IsOwner(ownerID, verifiedEmail) {
			mine = append(mine, p)
		}
	}
	return mine, nil
}

// ProvidersInStatus lists listings in one status, oldest first (applications wait in
// the order they came), with the total.
func (s *Store) ProvidersInStatus(ctx context.Context, st domain.ProviderStatus, limit, offset int) ([]domain.Provider, int, error) {
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM providers WHERE status = $1`, string(st)).Scan(&total); err != nil {
		return nil, 0, wrap("count providers", string(st), err)
	}
	ps, err := s.providers(ctx, `SELECT `+providerCols+` FROM providers WHERE status = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
		string(st), max(limit, 1), max(offset, 0))
	return ps, total, wrap("providers in status", string(st), err)
}

func (s *Store) providers(ctx context.Context, query string, args ...any) ([]domain.Provider, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MoveProvider changes a listing's status from from to to, only if it is still in
// from (domain.ErrWrongState otherwise), recording the reason of a rejection.
func (s *Store) MoveProvider(ctx context.Context, id string, from, to domain.ProviderStatus, reason string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE providers SET status = $3, reject_reason = $4, updated_at = $5
		WHERE id = $1 AND status = $2`, id, string(from), string(to), reason, now.UTC())
	if err = oneRow(res, err); err == domain.ErrNotFound {
		if _, e := s.Provider(ctx, id); e != nil {
			return e
		}
		err = domain.ErrWrongState
	}
	return wrap("move provider", id, err)
}

// SetPremium sets (or, with nil, ends) a listing's premium placement.
func (s *Store) SetPremium(ctx context.Context, id string, until *time.Time, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE providers SET premium_until = $2, updated_at = $3 WHERE id = $1`,
		id, nullTime(until), now.UTC())
	return wrap("set premium", id, oneRow(res, err))
}

// SetVerified records an admin's check of a listing's licence.
func (s *Store) SetVerified(ctx context.Context, id string, verified bool, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE providers SET verified = $2, updated_at = $3 WHERE id = $1`, id, verified, now.UTC())
	return wrap("set verified", id, oneRow(res, err))
}

// SetImages records a listing's logo and cover keys (an empty key keeps the one it has).
func (s *Store) SetImages(ctx context.Context, id, logoKey, coverKey string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE providers SET logo_key = CASE WHEN $2 = '' THEN logo_key ELSE $2 END,
		cover_key = CASE WHEN $3 = '' THEN cover_key ELSE $3 END, updated_at = $4 WHERE id = $1`, id, logoKey, coverKey, now.UTC())
	return wrap("set images", id, oneRow(res, err))
}

// Photo is one portfolio picture of a listing.
type Photo struct {
	ID       string
	Key      string
	Position int
}

// AddPhoto appends a portfolio photo unless the listing has max already (then
// domain.ErrWrongState); the count and the insert run under the listing's row lock.
func (s *Store) AddPhoto(ctx context.Context, providerID, id, key string, max int, now time.Time) error {
	return wrap("add photo", providerID, s.inTx(ctx, func(q querier) error {
		if err := s.lockProvider(ctx, q, providerID); err != nil {
			return err
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM provider_photos WHERE provider_id = $1`, providerID).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return domain.ErrWrongState
		}
		_, err := q.ExecContext(ctx, `INSERT INTO provider_photos (id, provider_id, blob_key, position, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, providerID, key, n, now.UTC())
		return err
	}))
}

// Photos lists a listing's portfolio in order.
func (s *Store) Photos(ctx context.Context, providerID string) ([]Photo, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT id, blob_key, position FROM provider_photos WHERE provider_id = $1
		ORDER BY position, id`, providerID)
	if err != nil {
		return nil, wrap("photos", providerID, err)
	}
	defer rows.Close()
	out := []Photo{}
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.ID, &p.Key, &p.Position); err != nil {
			return nil, wrap("photos", providerID, err)
		}
		out = append(out, p)
	}
	return out, wrap("photos", providerID, rows.Err())
}

// lockProvider takes the listing row's lock for the rest of the transaction: every
// change to its counters takes it first. SQLite's write transactions are serial
// already (they begin IMMEDIATE).
func (s *Store) lockProvider(ctx context.Context, q querier, id string) error {
	lock := ""
	if s.db.Dialect == db.Postgres {
		lock = " FOR UPDATE"
	}
	var got string
	return notFound(q.QueryRowContext(ctx, `SELECT id FROM providers WHERE id = $1`+lock, id).Scan(&got))
}

// LockProvider takes the listing's row lock for the rest of the bound transaction, so
// checks and writes about one listing (inquiry limits) run one at a time.
func (s *Store) LockProvider(ctx context.Context, id string) error {
	return wrap("lock provider", id, s.lockProvider(ctx, s.q(), id))
}

// CategoryCounts counts the listed (APPROVED) providers of each category.
func (s *Store) CategoryCounts(ctx context.Context) (map[domain.Category]int, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT category, COUNT(*) FROM providers WHERE status = $1 GROUP BY category`,
		string(domain.ProviderApproved))
	if err != nil {
		return nil, wrap("category counts", "", err)
	}
	defer rows.Close()
	out := map[domain.Category]int{}
	for rows.Next() {
		var c domain.Category
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, wrap("category counts", "", err)
		}
		out[c] = n
	}
	return out, wrap("category counts", "", rows.Err())
}

// Empty reports whether the directory has no listing at all (the demo fills only an
// empty one).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM providers`).Scan(&n)
	return n == 0, wrap("empty", "", err)
}

// SetLicence records a listing's licence evidence, answering the key it replaces
// ("" for none), for the caller to delete from the bucket.
func (s *Store) SetLicence(ctx context.Context, id, key, contentType string, now time.Time) (string, error) {
	var old string
	err := s.inTx(ctx, func(q querier) error {
		if err := s.lockProvider(ctx, q, id); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT licence_key FROM providers WHERE id = $1`, id).Scan(&old); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `UPDATE providers SET licence_key = $2, licence_type = $3, licence_at = $4, updated_at = $4
			WHERE id = $1`, id, key, contentType, now.UTC())
		return err
	})
	return old, wrap("set licence", id, notFound(err))
}

// LicencesToVerify lists listings (waiting or listed) with licence evidence and no
// badge yet, the oldest evidence first, with the total.
func (s *Store) LicencesToVerify(ctx context.Context, limit, offset int) ([]domain.Provider, int, error) {
	const where = ` FROM providers WHERE licence_key <> '' AND verified = $1 AND status IN ($2, $3)`
	args := []any{false, string(domain.ProviderPending), string(domain.ProviderApproved)}
	var total int
	if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, wrap("count licences", "", err)
	}
	ps, err := s.providers(ctx, `SELECT `+providerCols+where+` ORDER BY licence_at, id LIMIT $4 OFFSET $5`,
		append(args, max(limit, 1), max(offset, 0))...)
	return ps, total, wrap("licences to verify", "", err)
}
