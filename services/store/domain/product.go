package domain

import (
	"slices"
	"strings"
	"time"
)

// ProductStatus is whether a product is on sale.
type ProductStatus string

// Product states: DRAFT ↔ ACTIVE; either → ARCHIVED; ARCHIVED → DRAFT (brought
// back to edit before selling again).
const (
	ProductActive   ProductStatus = "ACTIVE"
	ProductDraft    ProductStatus = "DRAFT"
	ProductArchived ProductStatus = "ARCHIVED"
)

// ProductStatuses are every product state.
var ProductStatuses = []ProductStatus{ProductActive, ProductDraft, ProductArchived}

var productMoves = map[ProductStatus][]ProductStatus{
	ProductDraft:    {ProductActive, ProductArchived},
	ProductActive:   {ProductDraft, ProductArchived},
	ProductArchived: {ProductDraft},
}

// CanMove reports whether a product may go from s to next; staying put is no move
// and always allowed.
func (s ProductStatus) CanMove(next ProductStatus) bool {
	return s == next || slices.Contains(productMoves[s], next)
}

// Categories a product may have; shoppers filter by them.
var Categories = []string{"APPAREL", "SHOES", "MUSIC", "ACCESSORIES", "OTHER"}

// Limits on what a product may say. Three options is what shoppers can choose
// among on a phone (size, colour, width); 100 variants is Shopify's old limit and
// far more than a dance-wear vendor lists.
const (
	MaxOptions          = 3
	MaxOptionValues     = 30
	MaxVariants         = 100
	MaxPriceCents       = 10_000_00 // $10,000 per item
	MaxStock            = 1_000_000
	DefaultLowStock     = 3
	MaxImagesPerProduct = 10
)

// Option is one way a product varies ("Size": S, M, L), in the order shown.
type Option struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Product is one thing a vendor sells, in one or more variants.
type Product struct {
	ID          string
	VendorID    string
	Slug        string
	Name        string
	Description string
	Category    string
	Status      ProductStatus
	Options     []Option
	Variants    []Variant
	Images      []Image
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Image is one photo of a product, in the order shown.
type Image struct {
	ID       string
	Key      string
	Position int
}

// Variant is one buyable version of a product (size M in black), with its own SKU,
// price and stock. Stock is what is left to sell: a checkout takes units from it at
// once (a card checkout holds them until paid or expired), so it never counts units
// promised to someone else.
type Variant struct {
	ID                string
	ProductID         string
	VendorID          string
	SKU               string
	Options           map[string]string
	PriceCents        int64
	Stock             int
	LowStockThreshold int
	ImageKey          string
	Position          int
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// LowStock reports whether the variant is at or under its low-stock threshold.
func (v Variant) LowStock() bool { return v.Stock <= v.LowStockThreshold }

// Label is how the variant reads to a buyer: its option values in the product's
// option order ("M / Black"), or "" for a product without options.
func (v Variant) Label(options []Option) string {
	parts := make([]string, 0, len(options))
	for _, o := range options {
		if val := v.Options[o.Name]; val != "" {
			parts = append(parts, val)
		}
	}
	return strings.Join(parts, " / ")
}

// InStock reports whether any variant of p has stock.
func (p Product) InStock() bool {
	for _, v := range p.Variants {
		if v.Stock > 0 {
			return true
		}
	}
	return false
}

// PriceRange is the lowest and highest variant price.
func (p Product) PriceRange() (lo, hi int64) {
	for i, v := range p.Variants {
		if i == 0 || v.PriceCents < lo {
			lo = v.PriceCents
		}
		if v.PriceCents > hi {
			hi = v.PriceCents
		}
	}
	return lo, hi
}

// SearchText is what search words are matched against: what a shopper reads about
// the product, not its SKUs.
func (p Product) SearchText() string {
	parts := []string{p.Name, p.Description, p.Category}
	for _, o := range p.Options {
		parts = append(parts, o.Values...)
	}
	return Fold(strings.Join(parts, " "))
}

// ProductFilter narrows the public list of products.
type ProductFilter struct {
	Words    []string
	Category string
	VendorID string
	InStock  bool
	Sort     ProductSort
	Limit    int
	Offset   int
}

// ProductSort orders the public list.
type ProductSort string

// The orders a shopper may ask for.
const (
	SortNewest    ProductSort = "newest"
	SortPriceAsc  ProductSort = "price_asc"
	SortPriceDesc ProductSort = "price_desc"
	SortName      ProductSort = "name"
)

// ProductSorts are every order a shopper may ask for; the first is the default.
var ProductSorts = []ProductSort{SortNewest, SortPriceAsc, SortPriceDesc, SortName}
