package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/store/domain"
)

// CreateProduct adds a product with its variants to a vendor's catalogue (owner or
// manager). A vendor still waiting for approval may prepare its catalogue.
func (s *Service) CreateProduct(ctx context.Context, u *auth.User, vendorID string, in domain.ProductInput) (domain.Product, error) {
	v, _, err := s.team(ctx, u, vendorID, domain.RoleManager, false)
	if err != nil {
		return domain.Product{}, err
	}
	if err := in.Normalize(); err != nil {
		return domain.Product{}, err
	}
	now := s.now()
	p := domain.Product{ID: domain.NewID("prd"), VendorID: v.ID, Name: in.Name, Description: in.Description,
		Category: in.Category, Status: in.Status, Options: in.Options, CreatedAt: now, UpdatedAt: now}
	for i, vi := range in.Variants {
		p.Variants = append(p.Variants, newVariant(p, vi, i, now))
	}
	if err := s.store.CreateProduct(ctx, &p); err != nil {
		return p, answer(skuTaken(err), domain.ErrDuplicate, errs.Errorf(errs.CodeConflict, "Too many products share this name; choose another."))
	}
	return p, nil
}

func newVariant(p domain.Product, in domain.VariantInput, position int, now time.Time) domain.Variant {
	return domain.Variant{ID: domain.NewID("var"), ProductID: p.ID, VendorID: p.VendorID, SKU: in.SKU, Options: in.Options,
		PriceCents: in.PriceCents, Stock: in.Stock, LowStockThreshold: *in.LowStockThreshold, Position: position,
		CreatedAt: now, UpdatedAt: now}
}

// ownProduct loads product id and the vendor it belongs to, for a team member of
// at least min.
func (s *Service) ownProduct(ctx context.Context, u *auth.User, id string, min domain.MemberRole) (domain.Product, domain.Vendor, error) {
	p, err := s.store.Product(ctx, id)
	if err != nil {
		return p, domain.Vendor{}, notFound(err, "Product")
	}
	v, _, err := s.team(ctx, u, p.VendorID, min, false)
	return p, v, err
}

// UpdateProduct changes a product's name, description, category or status (owner or
// manager); a status outside the product machine is INVALID_TRANSITION.
func (s *Service) UpdateProduct(ctx context.Context, u *auth.User, id string, patch domain.ProductPatch) (domain.Product, error) {
	p, _, err := s.ownProduct(ctx, u, id, domain.RoleManager)
	if err != nil {
		return p, err
	}
	if p, err = patch.Apply(p); err != nil {
		return p, err
	}
	if err := s.store.UpdateProduct(ctx, p, s.now()); err != nil {
		return p, notFound(err, "Product")
	}
	return p, nil
}

// AddVariant adds one variant to a product; its options must fit the product's
// (owner or manager).
func (s *Service) AddVariant(ctx context.Context, u *auth.User, productID string, in domain.VariantInput) (domain.Variant, error) {
	p, _, err := s.ownProduct(ctx, u, productID, domain.RoleManager)
	if err != nil {
		return domain.Variant{}, err
	}
	if len(p.Options) == 0 {
		return domain.Variant{}, errs.Errorf(errs.CodeConflict, "This product has no options, so it has one variant; change that one instead.")
	}
	if len(p.Variants) >= domain.MaxVariants {
		return domain.Variant{}, errs.Errorf(errs.CodeConflict, "A product has at most 100 variants.")
	}
	// The new variant is checked with the ones there, so its SKU and options are
	// not repeated.
	check := domain.ProductInput{Name: p.Name, Category: p.Category, Status: domain.ProductDraft, Options: p.Options}
	for _, v := range p.Variants {
		low := v.LowStockThreshold
		check.Variants = append(check.Variants, domain.VariantInput{SKU: v.SKU, Options: v.Options, PriceCents: v.PriceCents,
			Stock: v.Stock, LowStockThreshold: &low})
	}
	check.Variants = append(check.Variants, in)
	if err := check.Normalize(); err != nil {
		return domain.Variant{}, renumber(err, len(p.Variants))
	}
	v := newVariant(p, check.Variants[len(p.Variants)], len(p.Variants), s.now())
	return v, skuTaken(s.store.AddVariant(ctx, v))
}

// renumber names a new variant's fields without the index it had among the
// product's variants, as the request sent it on its own.
func renumber(err error, i int) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.CodeValidation {
		return err
	}
	prefix := "variants[" + itoa(i) + "]."
	fields := map[string]string{}
	for k, v := range e.Details["fields"].(map[string]any) {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			fields[rest] = v.(string)
		} else if strings.HasPrefix(k, "variants[") && strings.HasSuffix(k, ".options") {
			continue
		} else {
			fields[k] = v.(string)
		}
	}
	return errs.Invalid(fields)
}

// UpdateVariant changes a variant: its stock count and low-stock threshold (anyone
// on the team), its price and SKU (owner or manager).
func (s *Service) UpdateVariant(ctx context.Context, u *auth.User, id string, patch domain.VariantPatch) (domain.Variant, error) {
	v, err := s.store.Variant(ctx, id)
	if err != nil {
		return v, notFound(err, "Variant")
	}
	min := domain.RoleStaff
	if patch.PriceCents != nil || patch.SKU != nil {
		min = domain.RoleManager
	}
	if _, _, err := s.team(ctx, u, v.VendorID, min, false); err != nil {
		return v, err
	}
	if v, err = patch.Apply(v); err != nil {
		return v, err
	}
	if err := s.store.UpdateVariant(ctx, v, s.now()); err != nil {
		return v, notFound(skuTaken(err), "Variant")
	}
	return v, nil
}

// SetVariantImage stores the photo shown for one variant (owner or manager).
func (s *Service) SetVariantImage(ctx context.Context, u *auth.User, id string, data []byte) (domain.Variant, error) {
	v, err := s.store.Variant(ctx, id)
	if err != nil {
		return v, notFound(err, "Variant")
	}
	if _, _, err := s.team(ctx, u, v.VendorID, domain.RoleManager, false); err != nil {
		return v, err
	}
	if v.ImageKey, err = s.storeImage(ctx, data, "products"); err != nil {
		return v, err
	}
	return v, notFound(s.store.UpdateVariant(ctx, v, s.now()), "Variant")
}

// AddImage adds a photo to a product (owner or manager); at most ten.
func (s *Service) AddImage(ctx context.Context, u *auth.User, productID string, data []byte) (domain.Image, error) {
	p, _, err := s.ownProduct(ctx, u, productID, domain.RoleManager)
	if err != nil {
		return domain.Image{}, err
	}
	if len(p.Images) >= domain.MaxImagesPerProduct {
		return domain.Image{}, errTooManyPhotos // refused before the picture costs a decode
	}
	key, err := s.storeImage(ctx, data, "products")
	if err != nil {
		return domain.Image{}, err
	}
	img, err := s.store.AddImage(ctx, productID, domain.Image{ID: domain.NewID("img"), Key: key}, s.now())
	return img, notFound(answer(err, domain.ErrChanged, errTooManyPhotos), "Product")
}

// DeleteImage removes a photo of a product (owner or manager). The picture stays in
// the bucket: its key is content-addressed and may be shared.
func (s *Service) DeleteImage(ctx context.Context, u *auth.User, productID, imageID string) error {
	if _, _, err := s.ownProduct(ctx, u, productID, domain.RoleManager); err != nil {
		return err
	}
	return notFound(s.store.DeleteImage(ctx, productID, imageID), "Image")
}

// ProductDetail is a product with its vendor, and whether the caller may see the
// vendor's own figures (stock counts).
type ProductDetail struct {
	Product domain.Product
	Vendor  domain.Vendor
	Team    bool
}

// ProductBySlug loads a product's page. A product not ACTIVE, or of a vendor not
// APPROVED, is shown only to the vendor's team and to admins.
func (s *Service) ProductBySlug(ctx context.Context, u *auth.User, slug string) (ProductDetail, error) {
	p, err := s.store.ProductBySlug(ctx, slug)
	if err != nil {
		return ProductDetail{}, notFound(err, "Product")
	}
	return s.productDetail(ctx, u, p)
}

// ProductByID loads a product with the same visibility as ProductBySlug.
func (s *Service) ProductByID(ctx context.Context, u *auth.User, id string) (ProductDetail, error) {
	p, err := s.store.Product(ctx, id)
	if err != nil {
		return ProductDetail{}, notFound(err, "Product")
	}
	return s.productDetail(ctx, u, p)
}

func (s *Service) productDetail(ctx context.Context, u *auth.User, p domain.Product) (ProductDetail, error) {
	v, err := s.store.Vendor(ctx, p.VendorID)
	if err != nil {
		return ProductDetail{}, notFound(err, "Product")
	}
	role, err := s.RoleAt(ctx, v, u)
	if err != nil {
		return ProductDetail{}, err
	}
	team := role != "" || u.Has(auth.RoleAdmin)
	if !team && (p.Status != domain.ProductActive || !v.Listed()) {
		return ProductDetail{}, errs.NotFound("Product")
	}
	return ProductDetail{Product: p, Vendor: v, Team: team}, nil
}

// ProductList is one page of products with their vendors.
type ProductList struct {
	Items   []domain.Product
	Vendors map[string]domain.Vendor
	Total   int
}

// PublicProducts lists ACTIVE products of APPROVED vendors matching f.
func (s *Service) PublicProducts(ctx context.Context, f domain.ProductFilter) (ProductList, error) {
	items, total, err := s.store.PublicProducts(ctx, f)
	if err != nil {
		return ProductList{}, err
	}
	return s.withVendors(ctx, items, total)
}

func (s *Service) withVendors(ctx context.Context, items []domain.Product, total int) (ProductList, error) {
	seen := map[string]bool{}
	var ids []string
	for _, p := range items {
		if !seen[p.VendorID] {
			seen[p.VendorID] = true
			ids = append(ids, p.VendorID)
		}
	}
	vs, err := s.store.VendorsByID(ctx, ids)
	return ProductList{Items: items, Vendors: vs, Total: total}, err
}

// VendorProducts lists a vendor's whole catalogue in status (all when empty), for its
// team and admins.
func (s *Service) VendorProducts(ctx context.Context, u *auth.User, vendorID string, status domain.ProductStatus, page Page) (ProductList, error) {
	if _, _, err := s.team(ctx, u, vendorID, domain.RoleStaff, true); err != nil {
		return ProductList{}, err
	}
	items, total, err := s.store.VendorProducts(ctx, vendorID, status, page.Limit, page.Offset)
	if err != nil {
		return ProductList{}, err
	}
	return s.withVendors(ctx, items, total)
}

// LowStock lists the vendor's variants at or under their low-stock threshold, for its
// team.
func (s *Service) LowStock(ctx context.Context, u *auth.User, vendorID string) ([]domain.Offer, error) {
	if _, _, err := s.team(ctx, u, vendorID, domain.RoleStaff, true); err != nil {
		return nil, err
	}
	return s.store.LowStock(ctx, vendorID)
}
