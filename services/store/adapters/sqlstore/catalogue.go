package sqlstore

import (
	"context"
	"strings"

	"stepperslife/internal/kit/db"
	"stepperslife/services/store/domain"
)

// PublicProducts lists ACTIVE products of APPROVED vendors matching f, with their
// variants and images, and how many match in all.
func (s *Store) PublicProducts(ctx context.Context, f domain.ProductFilter) ([]domain.Product, int, error) {
	var a db.Args
	where := []string{"p.status = " + a.Add(string(domain.ProductActive)), "v.status = " + a.Add(string(domain.VendorApproved))}
	if f.Category != "" {
		where = append(where, "p.category = "+a.Add(f.Category))
	}
	if f.VendorID != "" {
		x := a.Add(f.VendorID)
		where = append(where, "(v.id = "+x+" OR v.slug = "+x+")")
	}
	if f.InStock {
		where = append(where, "EXISTS (SELECT 1 FROM variants x WHERE x.product_id = p.id AND x.stock > 0)")
	}
	for _, w := range f.Words {
		x := a.Add(db.LikePattern(domain.Fold(w)))
		where = append(where, "(p.search_text LIKE "+x+` ESCAPE '\' OR v.search_text LIKE `+x+` ESCAPE '\')`)
	}
	from := ` FROM products p JOIN vendors v ON v.id = p.vendor_id WHERE ` + strings.Join(where, " AND ")
	total, err := count(ctx, s.q(), `SELECT COUNT(*)`+from, a.Values()...)
	if err != nil {
		return nil, 0, wrap("count public products", "", err)
	}
	order := "p.created_at DESC, p.id"
	switch f.Sort {
	case domain.SortPriceAsc:
		order = "p.min_price_cents, p.created_at DESC, p.id"
	case domain.SortPriceDesc:
		order = "p.min_price_cents DESC, p.created_at DESC, p.id"
	case domain.SortName:
		order = "p.name, p.id"
	}
	ps, err := s.products(ctx, `SELECT `+prefixed("p.", productCols)+from+` ORDER BY `+order+
		` LIMIT `+a.Add(f.Limit)+` OFFSET `+a.Add(f.Offset), a.Values()...)
	return ps, total, wrap("public products", "", err)
}

// VendorProducts lists a vendor's products in status (all when empty), newest first.
func (s *Store) VendorProducts(ctx context.Context, vendorID string, status domain.ProductStatus, limit, offset int) ([]domain.Product, int, error) {
	var a db.Args
	cond := " FROM products WHERE vendor_id = " + a.Add(vendorID)
	if status != "" {
		cond += " AND status = " + a.Add(string(status))
	}
	total, err := count(ctx, s.q(), `SELECT COUNT(*)`+cond, a.Values()...)
	if err != nil {
		return nil, 0, wrap("count products of vendor", vendorID, err)
	}
	ps, err := s.products(ctx, `SELECT `+productCols+cond+` ORDER BY created_at DESC, id LIMIT `+a.Add(limit)+
		` OFFSET `+a.Add(offset), a.Values()...)
	return ps, total, wrap("products of vendor", vendorID, err)
}

func (s *Store) products(ctx context.Context, query string, args ...any) ([]domain.Product, error) {
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillProducts(ctx, out)
}

// LowStock lists the vendor's variants at or under their low-stock threshold, of
// products not archived, fewest left first, each with its product (without its
// other variants).
func (s *Store) LowStock(ctx context.Context, vendorID string) ([]domain.Offer, error) {
	rows, err := s.q().QueryContext(ctx, `SELECT `+prefixed("x.", variantCols)+`, `+prefixed("p.", productCols)+`
		FROM variants x JOIN products p ON p.id = x.product_id
		WHERE x.vendor_id = $1 AND p.status <> $2 AND x.stock <= x.low_stock_threshold
		ORDER BY x.stock, p.name, x.position, x.id`, vendorID, string(domain.ProductArchived))
	if err != nil {
		return nil, wrap("low stock of vendor", vendorID, err)
	}
	defer rows.Close()
	var out []domain.Offer
	for rows.Next() {
		o, err := scanOffer(rows, false)
		if err != nil {
			return nil, wrap("low stock of vendor", vendorID, err)
		}
		out = append(out, o)
	}
	return out, wrap("low stock of vendor", vendorID, rows.Err())
}

// Offers reads variants with their products and vendors as a checkout sees them,
// by variant id; unknown ids are absent.
func (s *Store) Offers(ctx context.Context, variantIDs []string) (map[string]domain.Offer, error) {
	out := make(map[string]domain.Offer, len(variantIDs))
	if len(variantIDs) == 0 {
		return out, nil
	}
	var a db.Args
	keys := make([]any, len(variantIDs))
	for i, id := range variantIDs {
		keys[i] = id
	}
	rows, err := s.q().QueryContext(ctx, `SELECT `+prefixed("x.", variantCols)+`, `+prefixed("p.", productCols)+`, `+
		prefixed("v.", vendorCols)+`, COALESCE((SELECT i.image_key FROM product_images i WHERE i.product_id = p.id
		ORDER BY i.position, i.id LIMIT 1), '') FROM variants x JOIN products p ON p.id = x.product_id JOIN vendors v ON v.id = x.vendor_id
		WHERE x.id IN (`+a.List(keys...)+`)`, a.Values()...)
	if err != nil {
		return nil, wrap("offers", "", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cover string
		o, err := scanOffer(rows, true, &cover)
		if err != nil {
			return nil, wrap("offers", "", err)
		}
		if cover != "" {
			o.Product.Images = []domain.Image{{Key: cover}}
		}
		out[o.Variant.ID] = o
	}
	return out, wrap("offers", "", rows.Err())
}

// scanOffer reads a row of variant, product and (withVendor) vendor columns, and
// then the columns of more.
func scanOffer(r scanner, withVendor bool, more ...any) (domain.Offer, error) {
	var o domain.Offer
	var vopts, popts, pstatus string
	dest := []any{&o.Variant.ID, &o.Variant.ProductID, &o.Variant.VendorID, &o.Variant.SKU, &vopts, &o.Variant.PriceCents,
		&o.Variant.Stock, &o.Variant.LowStockThreshold, &o.Variant.ImageKey, &o.Variant.Position, &o.Variant.CreatedAt,
		&o.Variant.UpdatedAt,
		&o.Product.ID, &o.Product.VendorID, &o.Product.Slug, &o.Product.Name, &o.Product.Description, &o.Product.Category,
		&pstatus, &popts, &o.Product.CreatedAt, &o.Product.UpdatedAt}
	var vendor vendorRow
	if withVendor {
		dest = append(dest, vendor.dest()...)
	}
	dest = append(dest, more...)
	if err := r.Scan(dest...); err != nil {
		return o, err
	}
	o.Product.Status = domain.ProductStatus(pstatus)
	o.Variant.CreatedAt, o.Variant.UpdatedAt = o.Variant.CreatedAt.UTC(), o.Variant.UpdatedAt.UTC()
	o.Product.CreatedAt, o.Product.UpdatedAt = o.Product.CreatedAt.UTC(), o.Product.UpdatedAt.UTC()
	o.Variant.Options = map[string]string{}
	if err := fromJSON(vopts, &o.Variant.Options); err != nil {
		return o, err
	}
	if err := fromJSON(popts, &o.Product.Options); err != nil {
		return o, err
	}
	if !withVendor {
		return o, nil
	}
	var err error
	o.Vendor, err = vendor.vendor()
	return o, err
}
