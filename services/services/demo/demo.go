// Package demo is what `up --demo` loads into an empty services directory: a dozen
// listed businesses across the categories, each with generated photos and reviews,
// one of them premium.
package demo

import (
	"context"
	"embed"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"time"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
)

type business struct {
	name, tagline, description string
	category                   domain.Category
	zip, city                  string
	area                       domain.ServiceArea
	price                      domain.PriceRange
	from                       int64
	details                    domain.Details
	stars                      []int
	verified, premium          bool
	tint                       color.RGBA
}

var businesses = []business{
	{"Smooth Operator Sounds", "Steppers sets from 7 to close", "Thirty years behind the tables at Chicago's steppers sets. **Old school, R&B and house**, read from the floor.",
		domain.CategoryDJ, "60619", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 40}, domain.PriceModerate, 45000,
		domain.Details{Genres: []string{"STEPPERS", "RNB", "OLD_SCHOOL"}, HourlyRateCents: 15000, MinimumHours: 3}, []int{5, 5, 4, 5, 5, 5}, true, true, color.RGBA{120, 40, 110, 255}},
	{"DJ Lady Groove", "Weddings and birthdays that dance", "Clean mixes, a wireless mic for the toasts, and a dance floor that never empties.",
		domain.CategoryDJ, "60628", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 25}, domain.PriceBudget, 30000,
		domain.Details{Genres: []string{"STEPPERS", "SOUL", "LINE_DANCE"}, HourlyRateCents: 10000, MinimumHours: 4}, []int{5}, false, false, color.RGBA{200, 80, 60, 255}},
	{"Southside Lens", "Steppers in motion, in focus", "Event and portrait photography. Galleries within a week.",
		domain.CategoryPhotographer, "60637", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 30}, domain.PriceModerate, 60000,
		domain.Details{TurnaroundDays: 7, Packages: []domain.Package{{Name: "Four hours", PriceCents: 60000}, {Name: "All night", PriceCents: 110000}}}, []int{5, 4, 5, 5}, true, false, color.RGBA{40, 90, 160, 255}},
	{"Reel Steps Video", "Highlight films of your night", "Two cameras, a drone outside, and a three-minute highlight film.",
		domain.CategoryVideographer, "60201", "Evanston", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 50}, domain.PricePremium, 120000,
		domain.Details{TurnaroundDays: 21}, []int{4, 5}, false, false, color.RGBA{30, 120, 120, 255}},
	{"The Grand Ballroom on 79th", "Hardwood for 400 steppers", "A ballroom with a sprung hardwood floor, a stage and a full bar.",
		domain.CategoryVenue, "60619", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 1}, domain.PricePremium, 250000,
		domain.Details{Capacity: 400, DanceFloor: "HARDWOOD", DanceFloorSqFt: 3000, Parking: "FREE_LOT"}, []int{5, 4, 4, 5, 5}, true, false, color.RGBA{150, 110, 40, 255}},
	{"Oak Park Loft", "An intimate room for 80", "A loft with a portable floor, string lights and street parking.",
		domain.CategoryVenue, "60302", "Oak Park", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 1}, domain.PriceModerate, 90000,
		domain.Details{Capacity: 80, DanceFloor: "PORTABLE", DanceFloorSqFt: 600, Parking: "STREET"}, nil, false, false, color.RGBA{110, 70, 50, 255}},
	{"Mama Lee's Catering", "Soul food for a crowd", "Smothered chicken, mac and cheese, peach cobbler. Buffet or plated.",
		domain.CategoryCaterer, "60620", "Chicago", domain.ServiceArea{Kind: domain.AreaCities, Cities: []string{"Chicago", "Oak Park", "Evanston"}}, domain.PriceModerate, 150000,
		domain.Details{Packages: []domain.Package{{Name: "Buffet for 50", PriceCents: 150000}}}, []int{5, 5, 5}, false, false, color.RGBA{180, 120, 30, 255}},
	{"Gold Touch Decor", "Balloons, draping, centrepieces", "We turn any hall into your theme, set up and taken down.",
		domain.CategoryDecorator, "60409", "Calumet City", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 30}, domain.PriceBudget, 25000,
		domain.Details{}, []int{4, 3, 4}, false, false, color.RGBA{200, 170, 50, 255}},
	{"Petal & Stem", "Flowers for every table", "Bouquets, boutonnieres and table arrangements in season.",
		domain.CategoryFlorist, "60202", "Evanston", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 20}, domain.PriceModerate, 20000,
		domain.Details{}, []int{5, 5}, false, false, color.RGBA{210, 90, 130, 255}},
	{"Crowned Beauty Studio", "Hair and make-up for the whole party", "On-site styling for brides, birthdays and steppers balls.",
		domain.CategoryHairMakeup, "60649", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 20}, domain.PriceModerate, 15000,
		domain.Details{}, []int{5, 4}, true, false, color.RGBA{170, 60, 90, 255}},
	{"Windy City Limousine", "Arrive like royalty", "Stretch limousines and party buses with a driver in a suit.",
		domain.CategoryTransportation, "60638", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 60}, domain.PriceLuxury, 50000,
		domain.Details{}, []int{4, 4, 5}, false, false, color.RGBA{20, 20, 30, 255}},
	{"Steppin' Showcase Dancers", "A floor show and a lesson", "Our troupe performs a 20-minute showcase, then teaches your guests a basic step.",
		domain.CategoryEntertainment, "60653", "Chicago", domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 35}, domain.PriceModerate, 40000,
		domain.Details{HourlyRateCents: 40000, MinimumHours: 1}, []int{5, 5, 5, 4}, false, false, color.RGBA{90, 40, 150, 255}},
}

// ProviderEmail owns the first few demo businesses: whoever signs in with it (the
// portal's demo account, its address verified) runs them from the dashboard.
const ProviderEmail = "provider@demo.stepperslife.com"

// ownedByDemoAccount is how many of the businesses, from the first, ProviderEmail owns.
const ownedByDemoAccount = 3

var comments = []string{"", "Exactly what we asked for.", "On time, friendly, professional.", "Everyone is still talking about it.",
	"Good, a little pricey.", "Would book again."}

// Load fills an empty directory; a directory with any listing is left alone.
func Load(ctx context.Context, s *sqlstore.Store, blobs blob.Store) error {
	empty, err := s.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	now := func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	for i, b := range businesses {
		in := domain.ProviderInput{BusinessName: b.name, Tagline: b.tagline, Description: b.description, Category: b.category,
			Details: b.details, Phone: fmt.Sprintf("(773) 555-01%02d", i), Email: fmt.Sprintf("hello%d@demo.stepperslife.com", i),
			City: b.city, ZIP: b.zip, Area: b.area, PriceRange: b.price, StartingPriceCents: b.from}
		if err := in.Normalize(); err != nil {
			return fmt.Errorf("demo %s: %w", b.name, err)
		}
		created := now()
		ownerID, ownerEmail := fmt.Sprintf("demo-provider-%d", i), in.Email
		if i < ownedByDemoAccount {
			ownerID, ownerEmail = "", ProviderEmail // claimed by the demo account's verified address
		}
		p := domain.Provider{ID: domain.NewID(), Slug: domain.Slugify(b.name), OwnerID: ownerID,
			OwnerEmail: ownerEmail, Status: domain.ProviderApproved, BusinessName: in.BusinessName, Tagline: in.Tagline,
			Description: in.Description, DescriptionHTML: domain.RenderMarkdown(in.Description), Category: in.Category,
			Details: in.Details, Phone: in.Phone, Email: in.Email, City: in.City, ZIP: in.ZIP, Area: in.Area,
			PriceRange: in.PriceRange, StartingPriceCents: in.StartingPriceCents, Verified: b.verified, CreatedAt: created, UpdatedAt: created}
		if b.premium {
			until := created.AddDate(0, 3, 0)
			p.PremiumUntil = &until
		}
		if err := s.CreateProvider(ctx, p); err != nil {
			return err
		}
		for k := range 3 {
			key, err := put(ctx, blobs, picture(b.tint, i*7+k), photoPrefix)
			if err != nil {
				return err
			}
			if err := s.AddPhoto(ctx, p.ID, domain.NewID(), key, domain.MaxPortfolioPhotos, now()); err != nil {
				return err
			}
			if k == 0 {
				if err := s.SetImages(ctx, p.ID, "", key, now()); err != nil {
					return err
				}
			}
		}
		if i == 0 { // booked on the coming Saturday: "free that Saturday?" hides it
			today := domain.Today(created)
			saturday := today.AddDate(0, 0, (int(time.Saturday)-int(today.Weekday())+7)%7)
			if err := s.MarkBooked(ctx, p.ID, saturday, created); err != nil {
				return err
			}
		}
		for k, stars := range b.stars {
			r := domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: fmt.Sprintf("demo-customer-%d", k),
				AuthorName: fmt.Sprintf("Demo customer %d", k+1), Rating: stars, Body: comments[(i+k)%len(comments)],
				Status: domain.ReviewVisible, CreatedAt: now(), UpdatedAt: now()}
			if err := s.AddReview(ctx, r); err != nil {
				return err
			}
		}
	}
	return nil
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

// photoPrefix starts the keys of the demo's photos: shared by every listing, so the
// embedded twins' names do not depend on the listings' ids.
const photoPrefix = "providers/demo"

// pictures are every picture Load draws.
func pictures() []imaging.Drawn {
	var out []imaging.Drawn
	for i, b := range businesses {
		for k := range 3 {
			out = append(out, imaging.Drawn{Img: picture(b.tint, i*7+k), Prefix: photoPrefix})
		}
	}
	return out
}

// picture draws a stage: a gradient of the business's colour with spotlights, each
// seed placing them differently.
func picture(tint color.RGBA, seed int) image.Image {
	const w, h = 1200, 750
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		f := float64(y) / h
		c := color.RGBA{uint8(float64(tint.R) * (1 - f*0.7)), uint8(float64(tint.G) * (1 - f*0.7)), uint8(float64(tint.B) * (1 - f*0.7)), 255}
		draw.Draw(img, image.Rect(0, y, w, y+1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	for k := range 5 {
		a := float64(k*67+seed*29) * math.Pi / 180
		cx, cy := w/2+int(420*math.Cos(a)), h/2+int(240*math.Sin(a))
		glow(img, cx, cy, 90+20*(k%3))
	}
	draw.Draw(img, image.Rect(0, h-120, w, h), image.NewUniform(color.RGBA{30, 22, 18, 255}), image.Point{}, draw.Src)
	return img
}

// glow lightens a disc, brighter at its centre.
func glow(img *image.RGBA, cx, cy, r int) {
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			d2 := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if d2 > r*r || !image.Pt(x, y).In(img.Bounds()) {
				continue
			}
			k := 1 - math.Sqrt(float64(d2))/float64(r)
			c := img.RGBAAt(x, y)
			lift := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*k*0.8) }
			img.SetRGBA(x, y, color.RGBA{lift(c.R), lift(c.G), lift(c.B), 255})
		}
	}
}
