package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

// productFilter reads the public list's query: q, category, vendor, inStock, sort.
func productFilter(r *http.Request, page web.Page) (domain.ProductFilter, error) {
	q := r.URL.Query()
	f := domain.ProductFilter{Words: strings.Fields(q.Get("q")), Category: strings.ToUpper(strings.TrimSpace(q.Get("category"))),
		VendorID: strings.TrimSpace(q.Get("vendor")), Sort: domain.ProductSort(strings.ToLower(q.Get("sort"))),
		Limit: page.Limit, Offset: page.Offset}
	bad := map[string]string{}
	if len(q.Get("q")) > feed.MaxQuery || len(f.Words) > 10 {
		bad["q"] = "is too long"
	}
	if f.Category != "" && !contains(domain.Categories, f.Category) {
		bad["category"] = "must be one of " + strings.Join(domain.Categories, ", ")
	}
	if len(f.VendorID) > 120 {
		bad["vendor"] = "is too long"
	}
	switch v := strings.ToLower(q.Get("inStock")); v {
	case "", "false", "0":
	case "true", "1":
		f.InStock = true
	default:
		bad["inStock"] = "must be true or false"
	}
	if f.Sort == "" {
		f.Sort = domain.SortNewest
	} else if !contains(domain.ProductSorts, f.Sort) {
		bad["sort"] = "must be newest, price_asc, price_desc or name"
	}
	if len(bad) > 0 {
		return f, errs.Invalid(bad)
	}
	return f, nil
}

func (h *Handler) listProducts(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	f, err := productFilter(r, page)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	// Pickup points shown open depend on the clock: the answer stands for a window.
	err = h.cache.Serve(w, r, "list "+filterKey(f), feed.Window, func(ctx context.Context) (cache.Answer, error) {
		l, err := h.app.PublicProducts(ctx, f)
		if err != nil {
			return cache.Answer{}, err
		}
		return cache.JSON(web.NewList(h.listOut(l, false), l.Total, page))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

// filterKey names a list of products in the cache: the filter as read, so every
// spelling of the same query shares one answer.
func filterKey(f domain.ProductFilter) string {
	return fmt.Sprintf("%q %q %q %v %q %d %d", f.Words, f.Category, f.VendorID, f.InStock, f.Sort, f.Limit, f.Offset)
}

// getProduct: a signed-in caller may be on the vendor's team (and see a draft), so
// only anonymous answers are kept and shared.
func (h *Handler) getProduct(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_ = cache.ServeJSON(h.cache, w, r, "product "+slug, feed.Window, user(r), func(ctx context.Context, u *auth.User) (storeapi.Product, error) {
		d, err := h.product(ctx, u, slug)
		if err != nil {
			return storeapi.Product{}, err
		}
		return h.productOut(d.Product, d.Vendor, d.Team), nil
	})
}

// product finds a product by its slug or, failing that, its id.
func (h *Handler) product(ctx context.Context, u *auth.User, slugOrID string) (app.ProductDetail, error) {
	d, err := h.app.ProductBySlug(ctx, u, slugOrID)
	if err != nil {
		if d2, err2 := h.app.ProductByID(ctx, u, slugOrID); err2 == nil {
			d, err = d2, nil
		}
	}
	return d, err
}

// productInput reads a new product. Options without variants make one variant per
// combination from the request's SKU prefix, price and stock.
func productInput(req storeapi.ProductRequest) (domain.ProductInput, error) {
	in := domain.ProductInput{Name: req.Name, Description: req.Description, Category: req.Category,
		Status: domain.ProductStatus(req.Status)}
	for _, o := range req.Options {
		in.Options = append(in.Options, domain.Option{Name: o.Name, Values: append([]string(nil), o.Values...)})
	}
	for _, v := range req.Variants {
		in.Variants = append(in.Variants, variantInput(v))
	}
	if len(req.Variants) == 0 && (req.PriceCents != nil || req.SKU != "") {
		bad := map[string]string{}
		if strings.TrimSpace(req.SKU) == "" {
			bad["sku"] = "is required to make the variants"
		}
		if req.PriceCents == nil {
			bad["priceCents"] = "is required to make the variants"
		}
		if len(req.Options) > domain.MaxOptions {
			bad["options"] = "at most 3 options (such as size, colour and width)"
		}
		if len(bad) > 0 {
			return in, errs.Invalid(bad)
		}
		stock := 0
		if req.Stock != nil {
			stock = *req.Stock
		}
		combos := 1
		for _, o := range in.Options {
			combos *= max(1, len(o.Values))
		}
		if combos > domain.MaxVariants {
			return in, errs.Invalid(map[string]string{"options": "these options make more than 100 variants"})
		}
		in.Variants = domain.GenerateVariants(in.Options, req.SKU, *req.PriceCents, stock)
	}
	return in, nil
}

func variantInput(v storeapi.VariantRequest) domain.VariantInput {
	return domain.VariantInput{SKU: v.SKU, Options: v.Options, PriceCents: v.PriceCents, Stock: v.Stock,
		LowStockThreshold: v.LowStockThreshold}
}

func (h *Handler) createProduct(w http.ResponseWriter, r *http.Request) {
	var req storeapi.ProductRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	in, err := productInput(req)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	p, err := h.app.CreateProduct(r.Context(), user(r), r.PathValue("id"), in)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	d, err := h.app.ProductByID(r.Context(), user(r), p.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/products/"+p.Slug)
	web.WriteJSON(w, http.StatusCreated, h.productOut(d.Product, d.Vendor, true))
}

func (h *Handler) vendorProducts(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	status := domain.ProductStatus(strings.ToUpper(r.URL.Query().Get("status")))
	if status != "" && !contains(domain.ProductStatuses, status) {
		web.WriteError(w, r, errs.Invalid(map[string]string{"status": "must be ACTIVE, DRAFT or ARCHIVED"}))
		return
	}
	l, err := h.app.VendorProducts(r.Context(), user(r), r.PathValue("id"), status, app.Page(page))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(h.listOut(l, true), l.Total, page))
}

func (h *Handler) lowStock(w http.ResponseWriter, r *http.Request) {
	offers, err := h.app.LowStock(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]storeapi.LowStockItem, 0, len(offers))
	for _, o := range offers {
		items = append(items, storeapi.LowStockItem{ProductID: o.Product.ID, ProductName: o.Product.Name,
			VariantID: o.Variant.ID, SKU: o.Variant.SKU, Label: o.Variant.Label(o.Product.Options), Stock: o.Variant.Stock,
			LowStockThreshold: o.Variant.LowStockThreshold})
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handler) patchProduct(w http.ResponseWriter, r *http.Request) {
	var req storeapi.ProductPatch
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	patch := domain.ProductPatch{Name: req.Name, Description: req.Description, Category: req.Category}
	if req.Status != nil {
		st := domain.ProductStatus(*req.Status)
		patch.Status = &st
	}
	p, err := h.app.UpdateProduct(r.Context(), user(r), r.PathValue("id"), patch)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeProduct(w, r, p.ID, http.StatusOK)
}

// writeProduct answers with the product as its team sees it now.
func (h *Handler) writeProduct(w http.ResponseWriter, r *http.Request, id string, status int) {
	d, err := h.app.ProductByID(r.Context(), user(r), id)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.productOut(d.Product, d.Vendor, d.Team))
}

func (h *Handler) addVariant(w http.ResponseWriter, r *http.Request) {
	var req storeapi.VariantRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.AddVariant(r.Context(), user(r), r.PathValue("id"), variantInput(req))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeVariant(w, r, v, http.StatusCreated)
}

func (h *Handler) patchVariant(w http.ResponseWriter, r *http.Request) {
	var req storeapi.VariantPatch
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.UpdateVariant(r.Context(), user(r), r.PathValue("id"),
		domain.VariantPatch{Stock: req.Stock, PriceCents: req.PriceCents, LowStockThreshold: req.LowStockThreshold, SKU: req.SKU})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeVariant(w, r, v, http.StatusOK)
}

func (h *Handler) writeVariant(w http.ResponseWriter, r *http.Request, v domain.Variant, status int) {
	d, err := h.app.ProductByID(r.Context(), user(r), v.ProductID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.variantOut(v, d.Product.Options, true))
}

func (h *Handler) putVariantImage(w http.ResponseWriter, r *http.Request) {
	data, err := imaging.ReadUpload(r.Body)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.SetVariantImage(r.Context(), user(r), r.PathValue("id"), data)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeVariant(w, r, v, http.StatusOK)
}

func (h *Handler) addImage(w http.ResponseWriter, r *http.Request) {
	data, err := imaging.ReadUpload(r.Body)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	img, err := h.app.AddImage(r.Context(), user(r), r.PathValue("id"), data)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, storeapi.Image{ID: img.ID, URL: h.app.ImageURL(img.Key)})
}

func (h *Handler) deleteImage(w http.ResponseWriter, r *http.Request) {
	if err := h.app.DeleteImage(r.Context(), user(r), r.PathValue("id"), r.PathValue("imageId")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// serveImage answers a stored picture, as WebP to the browsers that take it.
func (h *Handler) serveImage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !strings.HasPrefix(key, "products/") && !strings.HasPrefix(key, "logos/") {
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	imaging.Serve(w, r, h.blobs, key)
}
