package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/store/domain"
)

const productCols = `id, vendor_id, slug, name, description, category, status, options, created_at, updated_at`

func scanProduct(r scanner) (domain.Product, error) {
	var p domain.Product
	var status, opts string
	if err := r.Scan(&p.ID, &p.VendorID, &p.Slug, &p.Name, &p.Description, &p.Category, &status, &opts,
		&p.CreatedAt, &p.UpdatedAt); err != nil {
		return p, err
	}
	p.Status, p.CreatedAt, p.UpdatedAt = domain.ProductStatus(status), p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, fromJSON(opts, &p.Options)
}

const variantCols = `id, product_id, vendor_id, sku, options, price_cents, stock, low_stock_threshold, image_key,
	position, created_at, updated_at`

func scanVariant(r scanner) (domain.Variant, error) {
	var v domain.Variant
	var opts string
	if err := r.Scan(&v.ID, &v.ProductID, &v.VendorID, &v.SKU, &opts, &v.PriceCents, &v.Stock, &v.LowStockThreshold,
		&v.ImageKey, &v.Position, &v.CreatedAt, &v.UpdatedAt); err != nil {
		return v, err
	}
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	v.Options = map[string]string{}
	return v, fromJSON(opts, &v.Options)
}

func options(o []domain.Option) []domain.Option {
	if o == nil {
		return []domain.Option{}
	}
	return o
}

// CreateProduct stores a product with its variants, giving it the first free slug
// made from its name; a SKU the vendor already uses is a *domain.SKUTakenError.
func (s *Store) CreateProduct(ctx context.Context, p *domain.Product) error {
	return wrap("create product", strconv.Quote(p.Name), s.InTx(ctx, func(st *Store) error {
		skus := make([]string, len(p.Variants))
		for i, v := range p.Variants {
			skus[i] = v.SKU
		}
		if err := st.skusFree(ctx, p.VendorID, "", skus); err != nil {
			return err
		}
		if err := st.insertProduct(ctx, p); err != nil {
			return err
		}
		for _, v := range p.Variants {
			if err := st.insertVariant(ctx, v); err != nil {
				return err
			}
		}
		return setMinPrice(ctx, st.q(), p.ID)
	}))
}

// setMinPrice keeps a product's lowest variant price with it, for sorting by price.
func setMinPrice(ctx context.Context, q db.Querier, productID string) error {
	_, err := q.ExecContext(ctx, `UPDATE products SET min_price_cents = COALESCE((SELECT MIN(price_cents) FROM variants
		WHERE product_id = $1), 0) WHERE id = $1`, productID)
	return err
}

func (s *Store) insertProduct(ctx context.Context, p *domain.Product) error {
	base := domain.Slugify(p.Name, "product")
	for n := 1; n < 100; n++ {
		p.Slug = base
		if n > 1 {
			p.Slug = base + "-" + strconv.Itoa(n)
		}
		err := s.tx(ctx, func(q db.Querier) error {
			_, err := q.ExecContext(ctx, `INSERT INTO products (`+productCols+`, search_text)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				p.ID, p.VendorID, p.Slug, p.Name, p.Description, p.Category, string(p.Status), jsonText(options(p.Options)),
				p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.SearchText())
			return err
		})
		if !db.IsUniqueViolation(err) {
			return err
		}
	}
	return domain.ErrDuplicate
}

// skusFree fails with a *domain.SKUTakenError when the vendor uses one of skus on a
// variant other than exceptVariant already.
func (s *Store) skusFree(ctx context.Context, vendorID, exceptVariant string, skus []string) error {
	if len(skus) == 0 {
		return nil
	}
	var a db.Args
	keys := make([]any, len(skus))
	for i, k := range skus {
		keys[i] = strings.ToUpper(k)
	}
	taken, err := db.IDs(ctx, s.q(), `SELECT sku FROM variants WHERE vendor_id = `+a.Add(vendorID)+` AND id <> `+
		a.Add(exceptVariant)+` AND sku_key IN (`+a.List(keys...)+`) ORDER BY sku`, a.Values()...)
	if err != nil {
		return err
	}
	if len(taken) > 0 {
		return &domain.SKUTakenError{SKU: taken[0]}
	}
	return nil
}

func (s *Store) insertVariant(ctx context.Context, v domain.Variant) error {
	_, err := s.q().ExecContext(ctx, `INSERT INTO variants (`+variantCols+`, sku_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		v.ID, v.ProductID, v.VendorID, v.SKU, jsonText(v.Options), v.PriceCents, v.Stock, v.LowStockThreshold, v.ImageKey,
		v.Position, v.CreatedAt.UTC(), v.UpdatedAt.UTC(), strings.ToUpper(v.SKU))
	if db.IsUniqueViolation(err) {
		return &domain.SKUTakenError{SKU: v.SKU}
	}
	return err
}

// AddVariant stores one more variant of a product.
func (s *Store) AddVariant(ctx context.Context, v domain.Variant) error {
	return wrap("add variant to product", v.ProductID, s.InTx(ctx, func(st *Store) error {
		if err := st.skusFree(ctx, v.VendorID, "", []string{v.SKU}); err != nil {
			return err
		}
		if err := st.insertVariant(ctx, v); err != nil {
			return err
		}
		return setMinPrice(ctx, st.q(), v.ProductID)
	}))
}

// Product finds a product by id, with its variants and images.
func (s *Store) Product(ctx context.Context, id string) (domain.Product, error) {
	return s.productWhere(ctx, "id", id)
}

// ProductBySlug finds a product by slug, with its variants and images.
func (s *Store) ProductBySlug(ctx context.Context, slug string) (domain.Product, error) {
	return s.productWhere(ctx, "slug", slug)
}

func (s *Store) productWhere(ctx context.Context, col, v string) (domain.Product, error) {
	p, err := scanProduct(s.q().QueryRowContext(ctx, `SELECT `+productCols+` FROM products WHERE `+col+` = $1`, v))
	if err != nil {
		return p, wrap("product by "+col, strconv.Quote(v), notFound(err))
	}
	ps := []domain.Product{p}
	err = s.fillProducts(ctx, ps)
	return ps[0], wrap("product by "+col, strconv.Quote(v), err)
}

// fillProducts reads the variants and images of ps, two queries for all of them.
func (s *Store) fillProducts(ctx context.Context, ps []domain.Product) error {
	if len(ps) == 0 {
		return nil
	}
	index := make(map[string]int, len(ps))
	keys := make([]any, len(ps))
	for i, p := range ps {
		index[p.ID], keys[i] = i, p.ID
		ps[i].Variants, ps[i].Images = nil, nil
	}
	var a db.Args
	in := a.List(keys...)
	rows, err := s.q().QueryContext(ctx, `SELECT `+variantCols+` FROM variants WHERE product_id IN (`+in+`)
		ORDER BY position, created_at, id`, a.Values()...)
	if err != nil {
		return err
	}
	for rows.Next() {
		v, err := scanVariant(rows)
		if err != nil {
			rows.Close()
			return err
		}
		i := index[v.ProductID]
		ps[i].Variants = append(ps[i].Variants, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.q().QueryContext(ctx, `SELECT id, product_id, image_key, position FROM product_images
		WHERE product_id IN (`+in+`) ORDER BY position, id`, a.Values()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var img domain.Image
		var pid string
		if err := rows.Scan(&img.ID, &pid, &img.Key, &img.Position); err != nil {
			return err
		}
		i := index[pid]
		ps[i].Images = append(ps[i].Images, img)
	}
	return rows.Err()
}

// UpdateProduct writes a product's name, description, category and status.
func (s *Store) UpdateProduct(ctx context.Context, p domain.Product, now time.Time) error {
	res, err := s.q().ExecContext(ctx, `UPDATE products SET name = $2, description = $3, category = $4, status = $5,
		search_text = $6, updated_at = $7 WHERE id = $1`,
		p.ID, p.Name, p.Description, p.Category, string(p.Status), p.SearchText(), now.UTC())
	return wrap("update product", p.ID, oneRow(res, err))
}

// Variant finds a variant by id.
func (s *Store) Variant(ctx context.Context, id string) (domain.Variant, error) {
	v, err := scanVariant(s.q().QueryRowContext(ctx, `SELECT `+variantCols+` FROM variants WHERE id = $1`, id))
	return v, wrap("variant", id, notFound(err))
}

// UpdateVariant writes a variant's SKU, price, stock, threshold and image. The stock
// written is what the vendor counted: it replaces what the store held.
func (s *Store) UpdateVariant(ctx context.Context, v domain.Variant, now time.Time) error {
	return wrap("update variant", v.ID, s.InTx(ctx, func(st *Store) error {
		if err := st.skusFree(ctx, v.VendorID, v.ID, []string{v.SKU}); err != nil {
			return err
		}
		res, err := st.q().ExecContext(ctx, `UPDATE variants SET sku = $2, sku_key = $3, price_cents = $4, stock = $5,
			low_stock_threshold = $6, image_key = $7, updated_at = $8 WHERE id = $1`,
			v.ID, v.SKU, strings.ToUpper(v.SKU), v.PriceCents, v.Stock, v.LowStockThreshold, v.ImageKey, now.UTC())
		if db.IsUniqueViolation(err) {
			return &domain.SKUTakenError{SKU: v.SKU}
		}
		if err := oneRow(res, err); err != nil {
			return err
		}
		return setMinPrice(ctx, st.q(), v.ProductID)
	}))
}

// AddImage adds a photo at the end of a product's photos; domain.ErrChanged when the
// product has domain.MaxImagesPerProduct already.
func (s *Store) AddImage(ctx context.Context, productID string, img domain.Image, now time.Time) (domain.Image, error) {
	err := s.InTx(ctx, func(st *Store) error {
		// Touching the product first serialises its uploads, so two cannot both take
		// the last place.
		res, err := st.q().ExecContext(ctx, `UPDATE products SET updated_at = $2 WHERE id = $1`, productID, now.UTC())
		if err := oneRow(res, err); err != nil {
			return err
		}
		var n, last int
		if err := st.q().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(position), -1) FROM product_images
			WHERE product_id = $1`, productID).Scan(&n, &last); err != nil {
			return err
		}
		if n >= domain.MaxImagesPerProduct {
			return domain.ErrChanged
		}
		img.Position = last + 1
		_, err = st.q().ExecContext(ctx, `INSERT INTO product_images (id, product_id, image_key, position, created_at)
			VALUES ($1, $2, $3, $4, $5)`, img.ID, productID, img.Key, img.Position, now.UTC())
		return err
	})
	return img, wrap("add image to product", productID, err)
}

// DeleteImage removes a photo of a product.
func (s *Store) DeleteImage(ctx context.Context, productID, imageID string) error {
	res, err := s.q().ExecContext(ctx, `DELETE FROM product_images WHERE product_id = $1 AND id = $2`, productID, imageID)
	return wrap("delete image of product", productID, oneRow(res, err))
}
