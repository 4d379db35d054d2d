// Package demo fills an empty restaurants database with a few Chicago restaurants,
// their hours and menus, and pictures drawn on the spot (no downloads), and one
// application waiting for an admin.
package demo

import (
	"context"
	"embed"
	"image"
	"image/color"
	"log/slog"
	"math"
	"time"

	"golang.org/x/image/draw"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/restaurants/adapters/sqlstore"
	"stepperslife/services/restaurants/domain"
)

// OwnerEmail owns the demo restaurants: whoever signs in with it may run them.
const OwnerEmail = "owner@demo.stepperslife.com"

// ApplicantEmail applied for the demo's one restaurant waiting for approval, which
// the demo admin finds on the admin desk.
const ApplicantEmail = "applicant@demo.stepperslife.com"

// application is the demo's restaurant waiting for an admin.
var application = domain.Restaurant{Name: "Steppers' Supper Club", Cuisine: "Soul food",
	Address: "7601 S Cottage Grove Ave, Chicago, IL 60619", Phone: "(773) 555-0176",
	Description: "Supper and a dance floor: catfish, greens and a live band on Fridays. Opening soon."}

type dish struct {
	category, name, description string
	cents                       int64
	dietary                     []string
	tint                        color.RGBA
}

type place struct {
	name, cuisine, address, phone, description string
	tint                                       color.RGBA
	open, close                                int // minutes after midnight, every day
	dishes                                     []dish
}

var (
	gold   = color.RGBA{214, 150, 48, 255}
	green  = color.RGBA{92, 140, 62, 255}
	red    = color.RGBA{178, 56, 40, 255}
	brown  = color.RGBA{120, 72, 40, 255}
	yellow = color.RGBA{236, 200, 80, 255}
	plum   = color.RGBA{122, 31, 92, 255}
)

var places = []place{
	{name: "Soul Food Kitchen on 79th", cuisine: "Soul food", address: "1234 E 79th St, Chicago, IL 60619",
		phone: "(773) 555-0179", description: "Smothered chicken, greens and cornbread the way grandma made them — a steppers' favourite before a night out.",
		tint: brown, open: 11 * 60, close: 23 * 60, dishes: []dish{
			{"Mains", "Smothered Chicken", "Fried chicken in onion gravy, with collard greens and mac and cheese.", 1650, nil, brown},
			{"Mains", "Fried Catfish", "Cornmeal-crusted catfish, hot sauce on the side.", 1595, []string{domain.GlutenFree}, gold},
			{"Sides", "Collard Greens", "Slow-simmered with smoked turkey.", 550, []string{domain.GlutenFree}, green},
			{"Sides", "Mac and Cheese", "Baked, three cheeses.", 600, []string{domain.Vegetarian}, yellow},
			{"Desserts", "Peach Cobbler", "Warm, with a buttery crust.", 650, []string{domain.Vegetarian}, gold},
		}},
	{name: "Lake Shore Jerk & Grill", cuisine: "Caribbean", address: "455 S Lake Shore Dr, Chicago, IL 60605",
		phone: "(312) 555-0142", description: "Jerk chicken from the drum grill, oxtails and festival by the lake.",
		tint: red, open: 12 * 60, close: 2 * 60, dishes: []dish{
			{"Mains", "Jerk Chicken", "Half chicken, scotch bonnet marinade, rice and peas.", 1450, []string{domain.Spicy, domain.GlutenFree}, red},
			{"Mains", "Oxtail Stew", "Braised with butter beans.", 1995, []string{domain.GlutenFree}, brown},
			{"Mains", "Ital Vegetable Curry", "Pumpkin, chickpeas and coconut.", 1250, []string{domain.Vegan, domain.Vegetarian, domain.GlutenFree}, yellow},
			{"Sides", "Festival", "Sweet fried dumplings.", 450, []string{domain.Vegetarian}, gold},
		}},
	{name: "Bronzeville Wings & Things", cuisine: "American", address: "4700 S Martin Luther King Dr, Chicago, IL 60653",
		phone: "(773) 555-0147", description: "Mild sauce wings, lemon pepper and late-night fries for the dance crowd.",
		tint: gold, open: 16 * 60, close: 3 * 60, dishes: []dish{
			{"Wings", "Mild Sauce Wings (10)", "Chicago mild sauce, fries and white bread.", 1399, []string{domain.Spicy}, red},
			{"Wings", "Lemon Pepper Wings (10)", "Dry rub, fries.", 1399, nil, yellow},
			{"Sides", "Seasoned Fries", "Large.", 450, []string{domain.Vegan, domain.Vegetarian}, gold},
			{"Drinks", "Fresh Lemonade", "Squeezed daily.", 350, []string{domain.Vegan, domain.Vegetarian, domain.GlutenFree}, yellow},
		}},
}

// Load puts the demo restaurants into an empty database; it does nothing otherwise.
func Load(ctx context.Context, s *sqlstore.Store, blobs blob.Store, log *slog.Logger) error {
	empty, err := s.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	// Each row gets its own time, so lists keep the order the demo was written in.
	now := func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	for i, p := range places {
		created := now()
		r := domain.Restaurant{ID: domain.NewID("rst"), OwnerEmail: OwnerEmail, Name: p.name, Description: p.description,
			Cuisine: p.cuisine, Address: p.address, Phone: p.phone, Status: domain.Approved,
			TaxBasisPoints: domain.DefaultTaxBasisPoints, CreatedAt: created, UpdatedAt: created}
		if err := s.CreateRestaurant(ctx, &r); err != nil {
			return err
		}
		var hours domain.Hours
		for d := time.Sunday; d <= time.Saturday; d++ {
			hours = append(hours, domain.Span{Day: d, Open: p.open, Close: p.close})
		}
		if err := s.SetHours(ctx, r.ID, hours); err != nil {
			return err
		}
		key, err := imaging.PutDrawn(ctx, blobs, storefront(p.tint, i), "photos", twins)
		if err != nil {
			return err
		}
		if err := s.AddPhoto(ctx, r.ID, domain.Photo{ID: domain.NewID("pho"), ImageKey: key}, now()); err != nil {
			return err
		}
		for j, d := range p.dishes {
			m := domain.MenuItem{ID: domain.NewID("itm"), RestaurantID: r.ID, Category: d.category, Name: d.name,
				Description: d.description, PriceCents: d.cents, Dietary: d.dietary, Available: true,
				CreatedAt: now()}
			m.UpdatedAt = m.CreatedAt
			if err := m.Normalize(); err != nil {
				return err
			}
			if err := s.CreateItem(ctx, &m, domain.NewID("cat")); err != nil {
				return err
			}
			key, err := imaging.PutDrawn(ctx, blobs, plate(d.tint, j), "menu", twins)
			if err != nil {
				return err
			}
			if err := s.SetItemImage(ctx, r.ID, m.ID, key, now()); err != nil {
				return err
			}
		}
	}
	a := application
	a.ID, a.OwnerEmail, a.Status, a.TaxBasisPoints = domain.NewID("rst"), ApplicantEmail, domain.Pending, domain.DefaultTaxBasisPoints
	a.CreatedAt = now()
	a.UpdatedAt = a.CreatedAt
	if err := s.CreateRestaurant(ctx, &a); err != nil {
		return err
	}
	log.Info("demo restaurants loaded", slog.Int("restaurants", len(places)), slog.String("owner", OwnerEmail),
		slog.String("waiting for approval", a.Name))
	return nil
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
	for i, p := range places {
		out = append(out, imaging.Drawn{Img: storefront(p.tint, i), Prefix: "photos"})
		for j, d := range p.dishes {
			out = append(out, imaging.Drawn{Img: plate(d.tint, j), Prefix: "menu"})
		}
	}
	return out
}

// plate draws food on a plate on a wooden table: a disc of the dish's colour with a
// few garnish dots, different for each dish.
func plate(tint color.RGBA, seed int) image.Image {
	const w, h = 800, 600
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	wood := color.RGBA{150, 105, 70, 255}
	for y := 0; y < h; y++ {
		shade := uint8(20 * math.Abs(math.Sin(float64(y)/9+float64(seed))))
		c := color.RGBA{wood.R - shade, wood.G - shade/2, wood.B, 255}
		draw.Draw(img, image.Rect(0, y, w, y+1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	disc(img, w/2, h/2, 250, color.RGBA{245, 245, 240, 255})
	disc(img, w/2, h/2, 200, color.RGBA{230, 230, 222, 255})
	disc(img, w/2, h/2, 150, tint)
	for k := 0; k < 7; k++ {
		a := float64(k*51+seed*23) * math.Pi / 180
		disc(img, w/2+int(100*math.Cos(a)), h/2+int(90*math.Sin(a)), 22, color.RGBA{60, 130, 50, 255})
	}
	return img
}

// storefront draws an awning over a lit window.
func storefront(tint color.RGBA, seed int) image.Image {
	const w, h = 1200, 700
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{40, 36, 50, 255}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(150, 260, 1050, 650), image.NewUniform(color.RGBA{250, 214, 140, 255}), image.Point{}, draw.Src)
	for x := 100; x < 1100; x += 100 {
		c := tint
		if (x/100+seed)%2 == 0 {
			c = color.RGBA{245, 240, 230, 255}
		}
		draw.Draw(img, image.Rect(x, 150, x+100, 250), image.NewUniform(c), image.Point{}, draw.Src)
	}
	draw.Draw(img, image.Rect(100, 80, 1100, 150), image.NewUniform(plum), image.Point{}, draw.Src)
	return img
}

func disc(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r && image.Pt(x, y).In(img.Bounds()) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
