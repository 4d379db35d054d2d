// Package demo fills an empty store with two Chicago vendors, their shoes, wear and
// music in real sizes, and photos drawn on the spot (no downloads).
package demo

import (
	"context"
	"embed"
	"image"
	"image/color"
	"time"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/store/adapters/sqlstore"
	"stepperslife/services/store/domain"
)

// OwnerEmail owns the demo vendors: whoever signs in with it, proved, runs them.
const OwnerEmail = "owner@demo.stepperslife.com"

type item struct {
	name, description, category, sku string
	cents                            int64
	options                          []domain.Option
	// stock per variant in GenerateVariants order; a short list repeats its last.
	stock []int
	draw  func(tint color.RGBA) image.Image
	tint  color.RGBA
}

type shop struct {
	name, description, phone string
	shipping, freeOver, tax  int64
	points                   []domain.PickupPoint
	logo                     color.RGBA
	items                    []item
}

var (
	black = color.RGBA{30, 28, 32, 255}
	cream = color.RGBA{238, 228, 210, 255}
	wine  = color.RGBA{122, 31, 60, 255}
	tan   = color.RGBA{170, 120, 70, 255}
	navy  = color.RGBA{34, 48, 90, 255}
	white = color.RGBA{248, 248, 246, 255}
	gold  = color.RGBA{201, 160, 72, 255}
)

func sizes(vs ...string) domain.Option { return domain.Option{Name: "Size", Values: vs} }

// nextSunday is the coming Sunday's steppers' set, 7–11 pm in Chicago.
func nextSunday(now time.Time) (time.Time, time.Time) {
	c := now.In(domain.Chicago)
	days := (7 - int(c.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	d := c.AddDate(0, 0, days)
	start := time.Date(d.Year(), d.Month(), d.Day(), 19, 0, 0, 0, domain.Chicago)
	return start.UTC(), start.Add(4 * time.Hour).UTC()
}

func shops(now time.Time) []shop {
	setStart, setEnd := nextSunday(now)
	return []shop{
		{name: "Smooth Steps Footwear", phone: "(773) 555-0108", shipping: 800, freeOver: 10000, tax: 1025,
			description: "Suede-sole steppers' shoes, fitted at the sets since 1998. Try a pair on at Sunday's set, or we ship across the country.",
			logo:        wine,
			points: []domain.PickupPoint{
				{ID: "pp_mansion", Label: "Sunday set at the Mansion", Address: "5250 S Western Ave, Chicago, IL",
					Notes: "Find us by the coat check.", Starts: &setStart, Ends: &setEnd},
				{ID: "pp_shop", Label: "Our shop on 79th", Address: "1421 E 79th St, Chicago, IL 60619",
					Notes: "Tuesday to Saturday, noon to 7 pm."},
			},
			items: []item{
				{name: "Classic Suede Steppers", category: "SHOES", sku: "CSS", cents: 8999, tint: black, draw: shoe,
					description: "Soft suede sole for the spins, cushioned heel for the long sets. Runs true to size.",
					options:     []domain.Option{sizes("8", "9", "10", "11", "12"), {Name: "Width", Values: []string{"Medium", "Wide"}}},
					stock:       []int{3, 2, 6, 4, 5, 5, 0, 2, 1, 0}},
				{name: "Two-Tone Patent Oxfords", category: "SHOES", sku: "TTO", cents: 12500, tint: cream, draw: shoe,
					description: "Black and cream patent leather for the ball. Suede sole, leather lining.",
					options:     []domain.Option{sizes("8", "9", "10", "11", "12")}, stock: []int{2, 4, 4, 3, 1}},
				{name: "Ladies' Suede Dance Heels", category: "SHOES", sku: "LSH", cents: 9500, tint: wine, draw: heel,
					description: "A 2-inch flared heel that stays put on the turns. Suede sole.",
					options:     []domain.Option{sizes("6", "7", "8", "9", "10")}, stock: []int{4, 6, 0, 5, 2}},
				{name: "Suede Sole Brush", category: "ACCESSORIES", sku: "BRUSH", cents: 900, tint: tan, draw: brush,
					description: "Wire brush to bring a slick suede sole back to grip.", stock: []int{40}},
			}},
		{name: "Set Wear Apparel & Sounds", phone: "(312) 555-0133", shipping: 500, tax: 1025,
			description: "All-white for the anniversaries, fedoras for the balls, and the mixes the DJs play.",
			logo:        navy,
			points: []domain.PickupPoint{
				{ID: "pp_set", Label: "Sunday set at the Mansion", Address: "5250 S Western Ave, Chicago, IL",
					Notes: "Our table is by the DJ booth.", Starts: &setStart, Ends: &setEnd},
			},
			items: []item{
				{name: "All-White Anniversary Tee", category: "APPAREL", sku: "AWT", cents: 2800, tint: white, draw: tee,
					description: "Heavy cotton, cut for movement. For the all-white anniversary sets.",
					options:     []domain.Option{sizes("S", "M", "L", "XL", "2XL"), {Name: "Color", Values: []string{"White", "Black"}}},
					stock:       []int{6, 4, 10, 8, 12, 9, 8, 6, 0, 3}},
				{name: "Ball Night Fedora", category: "ACCESSORIES", sku: "FED", cents: 4500, tint: black, draw: fedora,
					description: "Wool felt with a satin band. Stays on through the dips.",
					options:     []domain.Option{sizes("S/M", "L/XL"), {Name: "Color", Values: []string{"Black", "Cream"}}},
					stock:       []int{5, 3, 4, 2}},
				{name: "Chicago Steppin Classics Vol. 1", category: "MUSIC", sku: "CSC1", cents: 1500, tint: gold, draw: record,
					description: "Fifteen steppers' classics, mixed for an unbroken set. CD with download code.", stock: []int{50}},
				{name: "Silk Pocket Square Set", category: "ACCESSORIES", sku: "PSQ", cents: 2200, tint: wine, draw: square,
					description: "Three silk squares: wine, gold and white.", stock: []int{15}},
			}},
	}
}

// Load fills an empty store with the demo vendors, approved and ready to sell, and a
// discount code; a store with vendors is left as it is.
func Load(ctx context.Context, st *sqlstore.Store, blobs blob.Store) error {
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	// Each row gets its own time, so lists keep the order the demo was written in.
	now := func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	for _, sh := range shops(now()) {
		created := now()
		in := domain.VendorInput{Name: sh.name, Description: sh.description, ContactEmail: OwnerEmail, ContactPhone: sh.phone,
			ShippingRateCents: sh.shipping, FreeShippingOverCents: sh.freeOver, TaxBasisPoints: sh.tax, PickupEnabled: true,
			PickupPoints: sh.points}
		if err := in.Normalize(); err != nil {
			return err
		}
		logo, err := put(ctx, blobs, badge(sh.logo), "logos")
		if err != nil {
			return err
		}
		v := domain.Vendor{ID: domain.NewID("ven"), OwnerEmail: OwnerEmail, Name: in.Name, Description: in.Description,
			ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone, LogoKey: logo, ShippingRateCents: in.ShippingRateCents,
			FreeShippingOverCents: in.FreeShippingOverCents, TaxBasisPoints: in.TaxBasisPoints, PickupEnabled: true,
			PickupPoints: in.PickupPoints, Status: domain.VendorApproved, ReviewedBy: "demo", ReviewedAt: &created,
			CreatedAt: created, UpdatedAt: created}
		if err := st.CreateVendor(ctx, &v); err != nil {
			return err
		}
		for _, it := range sh.items {
			if err := addItem(ctx, st, blobs, v, it, now); err != nil {
				return err
			}
		}
		code := domain.Discount{ID: domain.NewID("dsc"), VendorID: v.ID, Code: "STEPPIN10", Kind: domain.DiscountPercent,
			Amount: 10, MinSubtotalCents: 5000, UsageLimit: 100, PerCustomerLimit: 1, Active: true, CreatedAt: now()}
		if err := st.CreateDiscount(ctx, code); err != nil {
			return err
		}
	}
	return nil
}

func addItem(ctx context.Context, st *sqlstore.Store, blobs blob.Store, v domain.Vendor, it item, now func() time.Time) error {
	in := domain.ProductInput{Name: it.name, Description: it.description, Category: it.category, Status: domain.ProductActive,
		Options: it.options, Variants: domain.GenerateVariants(it.options, it.sku, it.cents, 0)}
	for i := range in.Variants {
		in.Variants[i].Stock = it.stock[min(i, len(it.stock)-1)]
	}
	if err := in.Normalize(); err != nil {
		return err
	}
	created := now()
	p := domain.Product{ID: domain.NewID("prd"), VendorID: v.ID, Name: in.Name, Description: in.Description,
		Category: in.Category, Status: in.Status, Options: in.Options, CreatedAt: created, UpdatedAt: created}
	for i, vi := range in.Variants {
		p.Variants = append(p.Variants, domain.Variant{ID: domain.NewID("var"), ProductID: p.ID, VendorID: v.ID, SKU: vi.SKU,
			Options: vi.Options, PriceCents: vi.PriceCents, Stock: vi.Stock, LowStockThreshold: *vi.LowStockThreshold,
			Position: i, CreatedAt: created, UpdatedAt: created})
	}
	if err := st.CreateProduct(ctx, &p); err != nil {
		return err
	}
	key, err := put(ctx, blobs, it.draw(it.tint), "products")
	if err != nil {
		return err
	}
	_, err = st.AddImage(ctx, p.ID, domain.Image{ID: domain.NewID("img"), Key: key}, now())
	return err
}

// put keeps a drawn picture as an upload would be kept: with its narrower copies
// and the WebP twins embedded for it.
func put(ctx context.Context, blobs blob.Store, img image.Image, prefix string) (string, error) {
	return imaging.PutDrawn(ctx, blobs, img, prefix, twins)
}

// twinFiles are the WebP twins of the drawn pictures, encoded ahead of time (see
// imaging.PutDrawn; TestDemoPicturesHaveTheirTwins -write-twins writes them again
// after a drawing changes), so seeding the demo encodes no WebP.
//
//go:embed twins
var twinFiles embed.FS

var twins = imaging.TwinsIn(twinFiles)

// pictures are every picture Load draws.
func pictures() []imaging.Drawn {
	var out []imaging.Drawn
	for _, sh := range shops(time.Now()) {
		out = append(out, imaging.Drawn{Img: badge(sh.logo), Prefix: "logos"})
		for _, it := range sh.items {
			out = append(out, imaging.Drawn{Img: it.draw(it.tint), Prefix: "products"})
		}
	}
	return out
}
