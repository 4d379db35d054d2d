package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/domain"
)

const restaurantCols = `id, slug, owner_id, owner_email, name, description, cuisine, address, phone, status,
	tax_bp, stripe_account_id, created_at, updated_at, card_ready, status_reason, prep_minutes, ordering_paused`

func scanRestaurant(row interface{ Scan(...any) error }) (domain.Restaurant, error) {
	var r domain.Restaurant
	var status string
	err := row.Scan(&r.ID, &r.Slug, &r.OwnerID, &r.OwnerEmail, &r.Name, &r.Description, &r.Cuisine, &r.Address,
		&r.Phone, &status, &r.TaxBasisPoints, &r.StripeAccount, &r.CreatedAt, &r.UpdatedAt, &r.CardReady, &r.StatusReason,
		&r.PrepMinutes, &r.OrderingPaused)
	r.Status = domain.RestaurantStatus(status)
	return r, err
}

// CreateRestaurant stores a new restaurant, giving it the first free slug made from
// its name (name, name-2, name-3, …); domain.ErrDuplicate when every one is taken.
func (s *Store) CreateRestaurant(ctx context.Context, r *domain.Restaurant) error {
	if r.PrepMinutes == 0 {
		r.PrepMinutes = domain.DefaultPrepMinutes
	}
	base := domain.Slugify(r.Name)
	search := domain.Profile{Name: r.Name, Cuisine: r.Cuisine, Description: r.Description, Address: r.Address}.SearchText()
	for n := 1; n < 100; n++ {
		r.Slug = base
		if n > 1 {
			r.Slug = base + "-" + strconv.Itoa(n)
		}
		_, err := s.scope.Q().ExecContext(ctx, `INSERT INTO restaurants (`+restaurantCols+`, search_text)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			r.ID, r.Slug, r.OwnerID, strings.ToLower(r.OwnerEmail), r.Name, r.Description, r.Cuisine, r.Address,
			r.Phone, string(r.Status), r.TaxBasisPoints, r.StripeAccount, r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.CardReady,
			r.StatusReason, r.PrepMinutes, r.OrderingPaused, search)
		if err == nil {
			return nil
		}
		if !db.IsUniqueViolation(err) {
			return wrap("create restaurant", strconv.Quote(r.Name), err)
		}
	}
	return wrap("create restaurant", strconv.Quote(r.Name)+": no free slug", domain.ErrDuplicate)
}

// Restaurant finds a restaurant by id.
func (s *Store) Restaurant(ctx context.Context, id string) (domain.Restaurant, error) {
	r, err := scanRestaurant(s.scope.Q().QueryRowContext(ctx, `SELECT `+restaurantCols+` FROM restaurants WHERE id = $1`, id))
	return r, wrap("restaurant", id, notFound(err))
}

// RestaurantBySlug finds a restaurant by slug.
func (s *Store) RestaurantBySlug(ctx context.Context, slug string) (domain.Restaurant, error) {
	r, err := scanRestaurant(s.scope.Q().QueryRowContext(ctx, `SELECT `+restaurantCols+` FROM restaurants WHERE slug = $1`, slug))
	return r, wrap("restaurant by slug", strconv.Quote(slug), notFound(err))
}

// SetKitchen writes how long the kitchen usually takes and whether it takes online
// orders now.
func (s *Store) SetKitchen(ctx context.Context, id string, prepMinutes int, paused bool, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE restaurants SET prep_minutes = $2, ordering_paused = $3, updated_at = $4
		WHERE id = $1`, id, prepMinutes, paused, now.UTC())
	return wrap("set kitchen of restaurant", id, oneRow(res, err))
}

// UpdateProfile writes the owner's profile fields.
func (s *Store) UpdateProfile(ctx context.Context, id string, p domain.Profile, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE restaurants SET name = $2, description = $3, cuisine = $4, address = $5,
		phone = $6, tax_bp = $7, updated_at = $8, search_text = $9 WHERE id = $1`,
		id, p.Name, p.Description, p.Cuisine, p.Address, p.Phone, p.TaxBasisPoints, now.UTC(), p.SearchText())
	return wrap("update profile of restaurant", id, oneRow(res, err))
}

// SetStatus moves a restaurant from one moderation status to another, with the
// reason its owner reads (empty clears it); it fails with domain.ErrChanged when
// another admin changed it in between.
func (s *Store) SetStatus(ctx context.Context, id string, from, to domain.RestaurantStatus, reason string, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE restaurants SET status = $3, status_reason = $4, updated_at = $5
		WHERE id = $1 AND status = $2`, id, string(from), string(to), reason, now.UTC())
	if err != nil {
		return wrap("set status of restaurant", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return wrap("set status of restaurant", id+" from "+string(from), domain.ErrChanged)
	}
	return nil
}

// SetStripeAccount records the restaurant's Connect account.
func (s *Store) SetStripeAccount(ctx context.Context, id, account string, now time.Time) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE restaurants SET stripe_account_id = $2, updated_at = $3 WHERE id = $1`,
		id, account, now.UTC())
	return wrap("set stripe account of restaurant", id, oneRow(res, err))
}

// SetCardReady records whether the restaurant's Stripe account can take charges, as
// Stripe just said. It is Stripe's news, not an edit: updated_at stays.
func (s *Store) SetCardReady(ctx context.Context, id string, ready bool) error {
	res, err := s.scope.Q().ExecContext(ctx, `UPDATE restaurants SET card_ready = $2 WHERE id = $1`, id, ready)
	return wrap("set card readiness of restaurant", id, oneRow(res, err))
}

// Restaurants lists restaurants matching f, newest first, with the total count.
func (s *Store) Restaurants(ctx context.Context, f domain.RestaurantFilter) ([]domain.Restaurant, int, error) {
	var a db.Args
	var where []string
	if f.Status != "" {
		where = append(where, "status = "+a.Add(string(f.Status)))
	}
	if f.Cuisine != "" {
		where = append(where, "LOWER(cuisine) = "+a.Add(strings.ToLower(strings.TrimSpace(f.Cuisine))))
	}
	for _, w := range f.Words {
		where = append(where, "search_text LIKE "+a.Add(db.LikePattern(strings.ToLower(domain.Fold(w))))+` ESCAPE '\'`)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.scope.Q().QueryRowContext(ctx, `SELECT COUNT(*) FROM restaurants`+cond, a.Values()...).Scan(&total); err != nil {
		return nil, 0, wrap("count restaurants", "", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = web.DefaultLimit
	}
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT `+restaurantCols+` FROM restaurants`+cond+
		` ORDER BY created_at DESC, id LIMIT `+a.Add(limit)+` OFFSET `+a.Add(f.Offset), a.Values()...)
	if err != nil {
		return nil, 0, wrap("list restaurants", "", err)
	}
	defer rows.Close()
	var out []domain.Restaurant
	for rows.Next() {
		r, err := scanRestaurant(rows)
		if err != nil {
			return nil, 0, wrap("list restaurants", "", err)
		}
		out = append(out, r)
	}
	return out, total, wrap("list restaurants", "", rows.Err())
}

// ForUser lists the restaurants a user owns or works for, with their role in each.
// Restaurants without an owner id are matched to verifiedEmail by
// domain.Restaurant.IsOwner (one normalised form, which SQL cannot compute); an
// empty verifiedEmail matches no membership, as none is stored without an address.
func (s *Store) ForUser(ctx context.Context, userID, verifiedEmail string) ([]domain.Restaurant, []domain.MemberRole, error) {
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT `+restaurantCols+`, '' FROM restaurants
		WHERE owner_id = $1 OR owner_id = ''
		UNION ALL
		SELECT `+prefixed("r.", restaurantCols)+`, m.role FROM restaurants r
		JOIN restaurant_members m ON m.restaurant_id = r.id WHERE m.email = $2 AND m.email <> ''
		ORDER BY 13`, userID, verifiedEmail)
	if err != nil {
		return nil, nil, wrap("restaurants of user", userID, err)
	}
	defer rows.Close()
	var out []domain.Restaurant
	var roles []domain.MemberRole
	at := map[string]int{}
	for rows.Next() {
		var r domain.Restaurant
		var status, role string
		if err := rows.Scan(&r.ID, &r.Slug, &r.OwnerID, &r.OwnerEmail, &r.Name, &r.Description, &r.Cuisine, &r.Address,
			&r.Phone, &status, &r.TaxBasisPoints, &r.StripeAccount, &r.CreatedAt, &r.UpdatedAt, &r.CardReady, &r.StatusReason,
			&r.PrepMinutes, &r.OrderingPaused, &role); err != nil {
			return nil, nil, wrap("restaurants of user", userID, err)
		}
		if role == "" {
			if !r.IsOwner(userID, verifiedEmail) {
				continue
			}
			role = string(domain.RoleOwner)
		}
		r.Status = domain.RestaurantStatus(status)
		if i, ok := at[r.ID]; ok {
			if role == string(domain.RoleOwner) {
				roles[i] = domain.RoleOwner // owning outranks a membership listed first
			}
			continue
		}
		at[r.ID] = len(out)
		out = append(out, r)
		roles = append(roles, domain.MemberRole(role))
	}
	return out, roles, wrap("restaurants of user", userID, rows.Err())
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// Empty reports whether no restaurant exists yet (demo data goes only into an empty
// database).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.scope.Q().QueryRowContext(ctx, `SELECT COUNT(*) FROM restaurants`).Scan(&n)
	return n == 0, wrap("count restaurants", "", err)
}

// Hours reads a restaurant's opening hours.
func (s *Store) Hours(ctx context.Context, restaurantID string) (domain.Hours, error) {
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT day, open_min, close_min FROM restaurant_hours
		WHERE restaurant_id = $1 ORDER BY day, open_min`, restaurantID)
	if err != nil {
		return nil, wrap("hours of restaurant", restaurantID, err)
	}
	defer rows.Close()
	h := domain.Hours{}
	for rows.Next() {
		var sp domain.Span
		var day int
		if err := rows.Scan(&day, &sp.Open, &sp.Close); err != nil {
			return nil, wrap("hours of restaurant", restaurantID, err)
		}
		sp.Day = time.Weekday(day)
		h = append(h, sp)
	}
	return h, wrap("hours of restaurant", restaurantID, rows.Err())
}

// SetHours replaces a restaurant's opening hours in one transaction.
func (s *Store) SetHours(ctx context.Context, restaurantID string, h domain.Hours) error {
	err := s.scope.InTx(ctx, func(q db.Querier) error {
		if _, err := q.ExecContext(ctx, `DELETE FROM restaurant_hours WHERE restaurant_id = $1`, restaurantID); err != nil {
			return err
		}
		for _, sp := range h {
			if _, err := q.ExecContext(ctx, `INSERT INTO restaurant_hours (restaurant_id, day, open_min, close_min)
				VALUES ($1, $2, $3, $4)`, restaurantID, int(sp.Day), sp.Open, sp.Close); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("set hours of restaurant", restaurantID, err)
}

// AddPhoto appends a photo to the end of a restaurant's gallery.
func (s *Store) AddPhoto(ctx context.Context, restaurantID string, p domain.Photo, now time.Time) error {
	_, err := s.scope.Q().ExecContext(ctx, `INSERT INTO restaurant_photos (id, restaurant_id, image_key, position, created_at)
		VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM restaurant_photos WHERE restaurant_id = $2), $4)`,
		p.ID, restaurantID, p.ImageKey, now.UTC())
	return wrap("add photo to restaurant", restaurantID, err)
}

// Photos lists a restaurant's photos in order.
func (s *Store) Photos(ctx context.Context, restaurantID string) ([]domain.Photo, error) {
	rows, err := s.scope.Q().QueryContext(ctx, `SELECT id, image_key FROM restaurant_photos WHERE restaurant_id = $1
		ORDER BY position, id`, restaurantID)
	if err != nil {
		return nil, wrap("photos of restaurant", restaurantID, err)
	}
	defer rows.Close()
	var out []domain.Photo
	for rows.Next() {
		var p domain.Photo
		if err := rows.Scan(&p.ID, &p.ImageKey); err != nil {
			return nil, wrap("photos of restaurant", restaurantID, err)
		}
		out = append(out, p)
	}
	return out, wrap("photos of restaurant", restaurantID, rows.Err())
}

// DeletePhoto removes a photo of a restaurant.
func (s *Store) DeletePhoto(ctx context.Context, restaurantID, photoID string) error {
	res, err := s.scope.Q().ExecContext(ctx, `DELETE FROM restaurant_photos WHERE id = $1 AND restaurant_id = $2`, photoID, restaurantID)
	return wrap("delete photo", photoID+" of restaurant "+restaurantID, oneRow(res, err))
}
