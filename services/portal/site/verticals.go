package site

import (
	"net/url"
	"strconv"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/portal/aggregate"
)

// vertical is how the portal presents one service.
type vertical struct {
	Name  string
	Title string
	Blurb string
	// OwnPages: the portal has a page per item (events, restaurants and classes);
	// other items link to their service's own page. ItemKind is the feed's kind of
	// those items.
	OwnPages bool
	ItemKind string
	// MineTitle heads the section under My SteppersLife; MinePath is the portal's
	// page of all of them, when there is one.
	MineTitle, MinePath string
}

var verticals = []vertical{
	{Name: "events", Title: "Events", Blurb: "Sets, balls, socials and workshops across Chicago.", OwnPages: true, ItemKind: "event",
		MineTitle: "Your tickets", MinePath: "/me/tickets"},
	{Name: "classes", Title: "Classes", Blurb: "Learn to step, from first steps to advanced patterns.", OwnPages: true,
		ItemKind: "class", MineTitle: "Your classes", MinePath: "/me/classes"},
	{Name: "restaurants", Title: "Restaurants", Blurb: "Order ahead for pickup from community kitchens.", OwnPages: true,
		ItemKind:  "restaurant",
		MineTitle: "Your food orders", MinePath: "/me/orders"},
	{Name: "store", Title: "Store", Blurb: "Shoes, apparel and more from community vendors.",
		MineTitle: "Your store orders", MinePath: "/me/store-orders"},
	{Name: "services", Title: "Services", Blurb: "DJs, photographers, venues and caterers.", OwnPages: true, ItemKind: "provider",
		MineTitle: "Your quote requests", MinePath: "/me/inquiries"},
	{Name: "magazine", Title: "Magazine", Blurb: "News, interviews and the history of steppin.", MineTitle: "Your articles"},
}

func verticalOf(name string) vertical {
	for _, v := range verticals {
		if v.Name == name {
			return v
		}
	}
	return vertical{Name: name, Title: name, MineTitle: name}
}

// card is one item as a page shows it; every value is ready to print, except
// Status and Category, machine values the page shows in words.
type card struct {
	ID, Title, Summary, Href, ImageURL string
	When, WhenISO, Price, Place, Kind  string
	Status, StatusKind                 string
	Category                           string // an event's category
	Note                               string // in words already: "Sold out"
	External                           bool
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
	c := card{ID: it.ID, Title: it.Title, Summary: it.Summary, ImageURL: safeURL(it.ImageURL), Status: it.Status,
		StatusKind: statusKind(v.Name, it.Kind), Place: it.Place, Kind: it.Kind}
	switch {
	case v.OwnPages && it.Slug != "" && (it.Kind == "" || it.Kind == v.ItemKind):
		c.Href = "/" + v.Name + "/" + url.PathEscape(it.Slug)
	case v.Name == "store" && storeHref(it.Kind, it.ID, it.Slug) != "":
		c.Href = storeHref(it.Kind, it.ID, it.Slug)
		if it.Kind == "order" {
			c.StatusKind = "store.fulfillment" // an order's status is its fulfilment's
		}
	case v.Name == "classes" && it.Kind == "enrollment" && it.ID != "":
		// A student's place is shown, with its cancel and claim, on the portal's
		// page of all of them.
		c.Href = "/me/classes#" + enrollmentAnchor(it.ID)
	case v.Name == "services" && it.Kind == "inquiry" && it.ID != "":
		// A quote request's thread has its page under My SteppersLife.
		c.Href = "/me/inquiries/" + url.PathEscape(it.ID)
	case v.Name == "restaurants" && it.Kind == "order" && it.ID != "":
		// The restaurants service has no page for a customer's order: the portal's
		// list of them shows it whole.
		c.Href = "/me/orders#" + orderAnchor(it.ID)
	default:
		if u := safeURL(it.URL); u != "" {
			c.Href, c.External = u, true
		}
	}
	if it.StartsAt != nil {
		c.When, c.WhenISO = datetime(*it.StartsAt), it.StartsAt.UTC().Format(time.RFC3339)
		if v.Name == "restaurants" && it.Kind == "order" {
			c.When = "Pickup " + c.When // not when it was ordered
		}
	}
	if it.PriceCents != nil {
		c.Price = priceText(*it.PriceCents, it.PriceFrom)
	}
	return c
}

// groupTickets shows the tickets of one event at one time as one card ("2 tickets")
// leading to all of the user's tickets, where each has its own code.
func groupTickets(cards []card) []card {
	var out []card
	index := map[string]int{}
	count := map[string]int{}
	for _, c := range cards {
		if c.Kind != "ticket" {
			out = append(out, c)
			continue
		}
		key := c.Title + "\x00" + c.WhenISO
		i, ok := index[key]
		if !ok {
			index[key] = len(out)
			count[key] = 1
			out = append(out, c)
			continue
		}
		count[key]++
		g := &out[i]
		g.Href, g.External, g.Price = "/me/tickets", false, ""
		g.Summary = strconv.Itoa(count[key]) + " tickets"
		if g.Status != c.Status {
			g.Status = "" // mixed: each shows its own on the tickets page
		}
	}
	return out
}

// priceText is a price as a card shows it: "Free", "$20.00", or "From $20.00" when
// it is the lowest of several ("Free option" when that lowest is free).
func priceText(cents int64, from bool) string {
	switch {
	case cents == 0 && from:
		return "Free option"
	case cents == 0:
		return "Free"
	case from:
		return "From " + ui.Money(cents)
	}
	return ui.Money(cents)
}

// eventCard is an event of the events service's list as a card shows it.
func (s *Site) eventCard(e eventsapi.Event) card {
	c := card{ID: e.ID, Title: e.Title, Summary: summary(e.Description), Href: "/events/" + url.PathEscape(e.Slug),
		ImageURL: s.imageURL("events", e.FlyerURL), Place: e.Venue, Kind: "event", Category: e.Category}
	if !e.StartsAt.IsZero() {
		c.When, c.WhenISO = datetime(e.StartsAt), e.StartsAt.UTC().Format(time.RFC3339)
	}
	soldOut := len(e.Tiers) > 0
	for _, t := range e.Tiers {
		soldOut = soldOut && t.SoldOut
	}
	if low, several := lowestPrice(e.Tiers); len(e.Tiers) > 0 {
		c.Price = priceText(low, several)
	}
	if soldOut {
		c.Note = "Sold out"
	}
	return c
}

// lowestPrice is the lowest price of tiers, and whether any costs more.
func lowestPrice(tiers []eventsapi.Tier) (low int64, several bool) {
	for i, t := range tiers {
		if i > 0 && t.PriceCents != low {
			several = true
		}
		if i == 0 || t.PriceCents < low {
			low = t.PriceCents
		}
	}
	return low, several
}

func summary(s string) string {
	r := []rune(s)
	if len(r) <= 160 {
		return s
	}
	return string(r[:157]) + "…"
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

// shown are the sections of res a page shows: those with something in them, in the
// contract's order; the titles of those that did not answer and have nothing to
// show come apart, for one line that says so.
func shown(res aggregate.Result) (sections []sectionView, down []string) {
	for _, s := range res.Sections {
		sv := sectionOf(s)
		switch {
		case len(sv.Cards) > 0:
			sections = append(sections, sv)
		case sv.Down:
			down = append(down, sv.Title)
		}
	}
	return sections, down
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
