package site

import (
	"net/url"
	"time"

	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/portal/aggregate"
)

// vertical is how the portal presents one service.
type vertical struct {
	Name  string
	Title string
	Blurb string
	// OwnPages: the portal has a page per item (events and restaurants); other
	// items link to their service's own page.
	OwnPages bool
}

var verticals = []vertical{
	{Name: "events", Title: "Events", Blurb: "Sets, parties and socials near you.", OwnPages: true},
	{Name: "classes", Title: "Classes", Blurb: "Learn to step, from first steps to advanced patterns."},
	{Name: "restaurants", Title: "Restaurants", Blurb: "Order ahead for pickup from community kitchens.", OwnPages: true},
	{Name: "store", Title: "Store", Blurb: "Shoes, apparel and more from community vendors."},
	{Name: "services", Title: "Services", Blurb: "DJs, photographers, venues and caterers."},
	{Name: "magazine", Title: "Magazine", Blurb: "News, interviews and the history of steppin."},
}

func verticalOf(name string) vertical {
	for _, v := range verticals {
		if v.Name == name {
			return v
		}
	}
	return vertical{Name: name, Title: name}
}

// card is one item as a page shows it; every value is ready to print.
type card struct {
	Title, Summary, Href, ImageURL string
	When, WhenISO, Price, Status   string
	Place, Kind                    string
	External                       bool
}

// sectionView is one service's part of a page.
type sectionView struct {
	vertical
	Cards []card
	// Down: the service did not answer; Stale: what is shown is older.
	Down, Stale bool
}

var datetime = ui.Funcs["datetime"].(func(time.Time) string)

func cardOf(v vertical, it feed.Item) card {
	c := card{Title: it.Title, Summary: it.Summary, ImageURL: safeURL(it.ImageURL), Status: it.Status,
		Place: it.Place, Kind: it.Kind}
	if v.OwnPages && it.Slug != "" && (it.Kind == "" || it.Kind == singular(v.Name)) {
		c.Href = "/" + v.Name + "/" + url.PathEscape(it.Slug)
	} else if u := safeURL(it.URL); u != "" {
		c.Href, c.External = u, true
	}
	if it.StartsAt != nil {
		c.When, c.WhenISO = datetime(*it.StartsAt), it.StartsAt.UTC().Format(time.RFC3339)
	}
	if it.PriceCents != nil {
		c.Price = ui.Money(*it.PriceCents)
		if *it.PriceCents == 0 {
			c.Price = "Free"
		}
	}
	return c
}

func singular(name string) string {
	switch name {
	case "events":
		return "event"
	case "restaurants":
		return "restaurant"
	}
	return name
}

func sectionOf(s aggregate.Section) sectionView {
	v := verticalOf(s.Service)
	sv := sectionView{vertical: v, Down: !s.Complete, Stale: s.Stale}
	for _, it := range s.Items {
		sv.Cards = append(sv.Cards, cardOf(v, it))
	}
	return sv
}

func sectionsOf(res aggregate.Result) []sectionView {
	out := make([]sectionView, 0, len(res.Sections))
	for _, s := range res.Sections {
		out = append(out, sectionOf(s))
	}
	return out
}

// safeURL keeps only http(s) addresses, so a service cannot put a javascript: link
// on the portal.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
