package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/store/domain"
)

const vendorCols = `id, slug, owner_id, owner_email, name, description, contact_email, contact_phone, logo_key,
	shipping_rate_cents, free_shipping_over_cents, tax_bp, pickup_enabled, pickup_points, status, status_reason,
	reviewed_by, reviewed_at, stripe_account_id, card_ready, created_at, updated_at`

// vendorRow receives one row of vendorCols.
type vendorRow struct {
	v        domain.Vendor
	status   string
	points   string
	reviewed sql.NullTime
}

// dest is where Scan puts vendorCols.
func (r *vendorRow) dest() []any {
	v := &r.v
	return []any{&v.ID, &v.Slug, &v.OwnerID, &v.OwnerEmail, &v.Name, &v.Description, &v.ContactEmail, &v.ContactPhone,
		&v.LogoKey, &v.ShippingRateCents, &v.FreeShippingOverCents, &v.TaxBasisPoints, &v.PickupEnabled, &r.points,
		&r.status, &v.StatusReason, &v.ReviewedBy, &r.reviewed, &v.StripeAccount, &v.CardReady, &v.CreatedAt, &v.UpdatedAt}
}

// vendor is the vendor scanned.
func (r *vendorRow) vendor() (domain.Vendor, error) {
	v := r.v
	v.Status, v.ReviewedAt = domain.VendorStatus(r.status), db.TimeOf(r.reviewed)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, fromJSON(r.points, &v.PickupPoints)
}

func scanVendor(r scanner) (domain.Vendor, error) {
	var row vendorRow
	if err := r.Scan(row.dest()...); err != nil {
		return domain.Vendor{}, err
	}
	return row.vendor()
}

// CreateVendor stores a new vendor, giving it the first free slug made from its name
// (name, name-2, …); domain.ErrDuplicate when every one is taken.
func (s *Store) CreateVendor(ctx context.Context, v *domain.Vendor) error {
	base := domain.Slugify(v.Name, "vendor")
	for n := 1; n < 100; n++ {
		v.Slug = base
		if n > 1 {
			v.Slug = base + "-" + strconv.Itoa(n)
		}
		err := s.tx(ctx, func(q db.Querier) error {
			_, err := q.ExecContext(ctx, `INSERT INTO vendors (`+vendorCols+`, search_text)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
				v.ID, v.Slug, v.OwnerID, v.OwnerEmail, v.Name, v.Description, v.ContactEmail, v.ContactPhone,
				v.LogoKey, v.ShippingRateCents, v.FreeShippingOverCents, v.TaxBasisPoints, v.PickupEnabled,
				jsonText(points(v.PickupPoints)), string(v.Status), v.StatusReason, v.ReviewedBy, db.NullTime(v.ReviewedAt),
				v.StripeAccount, v.CardReady, v.CreatedAt.UTC(), v.UpdatedAt.UTC(), v.SearchText())
			return err
		})
		if err == nil {
			return nil
		}
		if !db.IsUniqueViolation(err) {
			return wrap("create vendor", strconv.Quote(v.Name), err)
		}
	}
	return wrap("create vendor", strconv.Quote(v.Name)+": no free slug", domain.ErrDuplicate)
}

// points is never nil, so it is stored as [] rather than null.
func points(p []domain.PickupPoint) []domain.PickupPoint {
	if p == nil {
		return []domain.PickupPoint{}
	}
	return p
}

// Vendor finds a vendor by id.
func (s *Store) Vendor(ctx context.Context, id string) (domain.Vendor, error) {
	v, err := scanVendor(s.q().QueryRowContext(ctx, `SELECT `+vendorCols+` FROM vendors WHERE id = $1`, id))
	return v, wrap("vendor", id, notFound(err))
}

// VendorBySlug finds a vendor by slug.
func (s *Store) VendorBySlug(ctx context.Context, slug string) (domain.Vendor, error) {
	v, err := scanVendor(s.q().QueryRowContext(ctx, `SELECT `+vendorCols+` FROM vendors WHERE slug = $1`, slug))
	return v, wrap("vendor by slug", strconv.Quote(slug), notFound(err))
}

// UpdateVendor writes what the owner says about the shop.
func (s *Store) UpdateVendor(ctx context.Context, id string, in domain.VendorInput, now time.Time) error {
	v := domain.Vendor{Name: in.Name, Description: in.Description}
	res, err := s.q().ExecContext(ctx, `UPDATE vendors SET name = $2, description = $3, contact_email = $4,
		contact_phone = $5, shipping_rate_cents = $6, free_shipping_over_cents = $7, tax_bp = $8, pickup_enabled = $9,
		pickup_points = $10, search_text = $11, updated_at = $12 WHERE id = $1`,
		id, in.Name, in.Description, in.ContactEmail, in.ContactPhone, in.ShippingRateCents, in.FreeShippingOverCents,
		in.TaxBasisPoints, in.PickupEnabled, jsonText(points(in.PickupPoints)), v.SearchText(), now.UTC())
	return wrap("update vendor", id, oneRow(res, err))
}

// SetVendorLogo records the key of the vendor's logo.
func (s *Store) SetVendorLogo(ctx context.Context, id, key string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE vendors SET logo_key = $2, updated_at = $3 WHERE id = $1`, id, key, now.UTC())
	return wrap("set logo of vendor", id, oneRow(res, err))
}

// ModerateVendor moves a vendor from one status to another and records the decision
// in the audit trail, together; domain.ErrChanged when another admin moved it first.
func (s *Store) ModerateVendor(ctx context.Context, r domain.Review) error {
	return wrap("moderate vendor", r.VendorID, s.tx(ctx, func(q db.Querier) error {
		res, err := q.ExecContext(ctx, `UPDATE vendors SET status = $3, status_reason = $4, reviewed_by = $5,
			reviewed_at = $6, updated_at = $6 WHERE id = $1 AND status = $2`,
			r.VendorID, string(r.From), string(r.To), r.Reason, r.ActorID, r.CreatedAt.UTC())
		if err := oneRow(res, err); err == domain.ErrNotFound {
			return domain.ErrChanged
		} else if err != nil {
			return err
		}
		_, err = q.ExecContext(ctx, `INSERT INTO vendor_reviews (id, vendor_id, action, from_status, to_status, reason,
			actor_id, actor_email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			r.ID, r.VendorID, string(r.Action), string(r.From), string(r.To), r.Reason, r.ActorID, r.ActorEmail, r.CreatedAt.UTC())
		return err
	}))
}

// Reviews lists a vendor's moderation decisions, newest first.
func (s *Store) Reviews(ctx context.Context, vendorID string) ([]domain.Review, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT id, vendor_id, action, from_status, to_status, reason, actor_id,
		actor_email, created_at FROM vendor_reviews WHERE vendor_id = $1 ORDER BY created_at DESC, id`, vendorID)
	if err != nil {
		return nil, wrap("reviews of vendor", vendorID, err)
	}
	defer rows.Close()
	var out []domain.Review
	for rows.Next() {
		var r domain.Review
		var action, from, to string
		if err := rows.Scan(&r.ID, &r.VendorID, &action, &from, &to, &r.Reason, &r.ActorID, &r.ActorEmail, &r.CreatedAt); err != nil {
			return nil, wrap("reviews of vendor", vendorID, err)
		}
		r.Action, r.From, r.To, r.CreatedAt = domain.VendorAction(action), domain.VendorStatus(from), domain.VendorStatus(to), r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, wrap("reviews of vendor", vendorID, rows.Err())
}

// SetStripeAccount records the vendor's Connect account; it cannot take charges
// until Stripe says so.
func (s *Store) SetStripeAccount(ctx context.Context, id, account string, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE vendors SET stripe_account_id = $2, card_ready = FALSE, updated_at = $3
		WHERE id = $1`, id, account, now.UTC())
	return wrap("set stripe account of vendor", id, oneRow(res, err))
}

// SetCardReady records whether Stripe says the Connect account can take charges;
// domain.ErrNotFound when no vendor has the account.
func (s *Store) SetCardReady(ctx context.Context, account string, ready bool, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE vendors SET card_ready = $2, updated_at = $3 WHERE stripe_account_id = $1`,
		account, ready, now.UTC())
	return wrap("set card readiness of account", account, oneRow(res, err))
}

// Vendors lists vendors in f.Status (every status when empty) matching f.Words,
// oldest first, so applications are reviewed in the order they came (newest first
// with f.NewestFirst).
func (s *Store) Vendors(ctx context.Context, f domain.VendorFilter) ([]domain.Vendor, int, error) {
	var a db.Args
	where := []string{"1 = 1"}
	if f.Status != "" {
		where = append(where, "status = "+a.Add(string(f.Status)))
	}
	for _, w := range f.Words {
		where = append(where, "search_text LIKE "+a.Add(db.LikePattern(domain.Fold(w)))+` ESCAPE '\'`)
	}
	cond := strings.Join(where, " AND ")
	order := "created_at, id"
	if f.NewestFirst {
		order = "created_at DESC, id DESC"
	}
	total, err := count(ctx, s.q(), `SELECT COUNT(*) FROM vendors WHERE `+cond, a.Values()...)
	if err != nil {
		return nil, 0, wrap("count vendors", "", err)
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+vendorCols+` FROM vendors WHERE `+cond+
		` ORDER BY `+order+` LIMIT `+a.Add(f.Limit)+` OFFSET `+a.Add(f.Offset), a.Values()...)
	if err != nil {
		return nil, 0, wrap("vendors", "", err)
	}
	defer rows.Close()
	var out []domain.Vendor
	for rows.Next() {
		v, err := scanVendor(rows)
		if err != nil {
			return nil, 0, wrap("vendors", "", err)
		}
		out = append(out, v)
	}
	return out, total, wrap("vendors", "", rows.Err())
}

// VendorsForUser lists the vendors userID owns, and those verifiedEmail owns (a
// vendor not yet claimed) or works at, with the user's role at each; verifiedEmail
// is "" when the user has not proved an address.
func (s *Store) VendorsForUser(ctx context.Context, userID, verifiedEmail string) ([]domain.Vendor, []domain.MemberRole, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+prefixed("v.", vendorCols)+`, COALESCE(m.role, '') FROM vendors v
		LEFT JOIN vendor_members m ON m.vendor_id = v.id AND m.email = $2 AND $2 <> ''
		WHERE (v.owner_id <> '' AND v.owner_id = $1) OR (v.owner_id = '' AND $2 <> '' AND v.owner_email = $2)
			OR m.id IS NOT NULL
		ORDER BY v.created_at, v.id`, userID, verifiedEmail)
	if err != nil {
		return nil, nil, wrap("vendors for user", userID, err)
	}
	defer rows.Close()
	var vs []domain.Vendor
	var roles []domain.MemberRole
	for rows.Next() {
		var row vendorRow
		var role string
		if err := rows.Scan(append(row.dest(), &role)...); err != nil {
			return nil, nil, wrap("vendors for user", userID, err)
		}
		v, err := row.vendor()
		if err != nil {
			return nil, nil, wrap("vendors for user", userID, err)
		}
		r := domain.MemberRole(role)
		if v.IsOwner(userID, verifiedEmail) {
			r = domain.RoleOwner
		}
		vs = append(vs, v)
		roles = append(roles, r)
	}
	return vs, roles, wrap("vendors for user", userID, rows.Err())
}

// prefixed puts a table alias in front of every column of a column list.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// VendorsByID reads the vendors of ids, by id; unknown ids are absent.
func (s *Store) VendorsByID(ctx context.Context, ids []string) (map[string]domain.Vendor, error) {
	out := make(map[string]domain.Vendor, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var a db.Args
	keys := make([]any, len(ids))
	for i, id := range ids {
		keys[i] = id
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+vendorCols+` FROM vendors WHERE id IN (`+a.List(keys...)+`)`, a.Values()...)
	if err != nil {
		return nil, wrap("vendors by id", "", err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVendor(rows)
		if err != nil {
			return nil, wrap("vendors by id", "", err)
		}
		out[v.ID] = v
	}
	return out, wrap("vendors by id", "", rows.Err())
}

// Empty reports whether the store has no vendor yet (the demo fills only an empty
// store).
func (s *Store) Empty(ctx context.Context) (bool, error) {
	n, err := count(ctx, s.q(), `SELECT COUNT(*) FROM vendors`)
	return n == 0, wrap("count vendors", "", err)
}
