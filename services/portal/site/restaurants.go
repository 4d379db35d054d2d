package site

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

type restaurantView struct {
	ID, Slug, Name, Description, Cuisine, Address, Phone, Image string
	// ImageSet offers the picture's narrower copies (imaging.Srcset).
	ImageSet                string
	Categories              []menuCategory
	Orderable, CardPayments bool
	// OpenNote is "Open now · closes 11 PM" or "Closed · opens 11 AM"; Open says
	// which. Hours are the week's, day by day.
	OpenNote string
	Open     bool
	Hours    []hoursRow
	// Asap is offered as "about PrepMinutes min" when the kitchen can make it by then;
	// Slots are the other pickup times, by day.
	Asap           bool
	PrepMinutes    int
	Slots          []slotGroup
	Paused         bool
	TaxBasisPoints int64
	TaxPercent     string
	MapURL         string
}

// CanOrder reports whether an order placed now has a pickup time to ask for.
func (rv restaurantView) CanOrder() bool {
	return rv.Orderable && !rv.Paused && (rv.Asap || len(rv.Slots) > 0)
}

type menuCategory struct {
	Name  string
	Items []menuItem
}

type menuItem struct {
	ID, Name, Description, Price, Image, ImageSet string
	PriceCents                                    int64
	Dietary                                       []string
	Available                                     bool
	Selected                                      int
	Note                                          string
	Options                                       []int
}

type orderForm struct {
	Key, Pickup, Payment, Phone, Error string
	SignIn                             bool
	Fields                             map[string]string
}

// cartLine is one dish of the cart as the page first draws it (after a refused
// form); the page's script keeps it up to date as quantities change.
type cartLine struct {
	Name, Total string
	Quantity    int
}

type restaurantPage struct {
	Restaurant restaurantView
	// HeroSet is the hero's preload offering the same copies as its img, so the
	// browser fetches the one copy the img will use, once.
	HeroSet  template.HTMLAttr
	Form     orderForm
	Cart     []cartLine
	Count    int
	Subtotal string
	Tax      string
	Total    string
	SignedIn bool
}

func (s *Site) restaurant(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if serveShared(s, w, r, "restaurant "+slug, "restaurants", "/api/restaurants/"+pathEscape(slug), func(rs restaurantsapi.Restaurant) (string, ui.View, error) {
		rv := s.restaurantOf(rs)
		return "restaurant.html", restaurantPageView(rv, newOrderForm(rv, visitorMarks.key), false), nil
	}) {
		return
	}
	rv, err := s.loadRestaurant(r, slug)
	if err != nil {
		s.unavailable(w, r, "restaurants", err)
		return
	}
	s.renderRestaurant(w, r, http.StatusOK, rv, newOrderForm(rv, newKey()))
}

// newOrderForm is the empty order form of rv's page: pay at pickup, as soon as
// possible when the kitchen takes such orders now.
func newOrderForm(rv restaurantView, key string) orderForm {
	f := orderForm{Key: key, Payment: restaurantsapi.PayAtPickup, Fields: map[string]string{}}
	if rv.Asap {
		f.Pickup = "asap"
	}
	return f
}

func (s *Site) loadRestaurant(r *http.Request, slug string) (restaurantView, error) {
	rs, err := getJSON[restaurantsapi.Restaurant](s, r, "restaurants", "/api/restaurants/"+pathEscape(slug))
	if err != nil {
		return restaurantView{}, err
	}
	return s.restaurantOf(rs), nil
}

func (s *Site) renderRestaurant(w http.ResponseWriter, r *http.Request, status int, rv restaurantView, f orderForm) {
	_, signedIn := auth.FromContext(r.Context())
	s.tpl.Render(w, r, status, "restaurant.html", restaurantPageView(rv, f, signedIn))
}

// restaurantPageView is what rv's page draws with the form f, its cart counted.
func restaurantPageView(rv restaurantView, f orderForm, signedIn bool) ui.View {
	p := restaurantPage{Restaurant: rv, Form: f, SignedIn: signedIn, HeroSet: preloadSet(rv.ImageSet, heroSizes)}
	var subtotal int64
	for ci := range rv.Categories {
		for ii := range rv.Categories[ci].Items {
			it := &rv.Categories[ci].Items[ii]
			it.Selected, _ = strconv.Atoi(f.Fields["qty."+it.ID])
			it.Note = f.Fields["note."+it.ID]
			if it.Selected > 0 && it.Available {
				subtotal += it.PriceCents * int64(it.Selected)
				p.Count += it.Selected
				p.Cart = append(p.Cart, cartLine{Name: it.Name, Quantity: it.Selected, Total: ui.Money(it.PriceCents * int64(it.Selected))})
			}
		}
	}
	tax := salesTax(subtotal, rv.TaxBasisPoints)
	p.Subtotal, p.Tax, p.Total = ui.Money(subtotal), ui.Money(tax), ui.Money(subtotal+tax)
	return ui.View{Title: rv.Name, Description: rv.Description, ImageURL: rv.Image, Service: "portal", Data: p}
}

// HeroSizes is the hero img's sizes.
func (restaurantPage) HeroSizes() string { return heroSizes }

// salesTax is the restaurants service's rule (subtotal × basis points, rounded half
// up to the cent), so the cart shows the tax the order will be charged.
func salesTax(subtotal, basisPoints int64) int64 {
	if subtotal <= 0 || basisPoints <= 0 {
		return 0
	}
	return (subtotal*basisPoints + 5000) / 10000
}

// restaurantOf is the restaurants service's answer as the restaurant page shows it:
// the menu's dishes under their categories, in the service's order. Whether a dish
// can be ordered, and when an order may be picked up, is the service's word.
func (s *Site) restaurantOf(rs restaurantsapi.Restaurant) restaurantView {
	now := s.now()
	rv := restaurantView{ID: rs.ID, Slug: rs.Slug, Name: rs.Name, Description: rs.Description, Cuisine: rs.Cuisine,
		Address: rs.Address, Phone: rs.Phone, Image: s.imageURL("restaurants", rs.ImageURL), CardPayments: rs.CardPayments,
		Hours: hoursTable(rs.Hours, now), PrepMinutes: rs.PrepMinutes, Paused: rs.OrderingPaused,
		TaxBasisPoints: rs.TaxBasisPoints, TaxPercent: percent(rs.TaxBasisPoints), MapURL: mapURL(rs.Address)}
	rv.ImageSet = imaging.Srcset(rv.Image)
	rv.OpenNote, rv.Open = openNote(rs, now)
	if rs.Pickup != nil {
		rv.Asap = rs.Pickup.Asap
		rv.Slots = slotGroups(rs.Pickup.Slots, now)
	}
	if rs.Menu == nil {
		return rv
	}
	index := map[string]int{}
	for _, c := range rs.Menu.Categories {
		for _, it := range c.Items {
			rv.add(index, s.menuItemOf(it), c.Name)
		}
	}
	return rv
}

// percent writes basis points as a percentage: 1025 → "10.25%".
func percent(bp int64) string {
	whole, frac := bp/100, bp%100
	if frac == 0 {
		return strconv.FormatInt(whole, 10) + "%"
	}
	return strings.TrimRight(strconv.FormatInt(whole, 10)+"."+strconv.FormatInt(100+frac, 10)[1:], "0") + "%"
}

// mapURL is a link to directions to address, or "" for none.
func mapURL(address string) string {
	if strings.TrimSpace(address) == "" {
		return ""
	}
	return "https://www.google.com/maps/search/?api=1&query=" + url.QueryEscape(address)
}

func (rv *restaurantView) add(index map[string]int, it menuItem, category string) {
	if category == "" {
		category = "Menu"
	}
	i, ok := index[category]
	if !ok {
		i = len(rv.Categories)
		index[category] = i
		rv.Categories = append(rv.Categories, menuCategory{Name: category})
	}
	rv.Categories[i].Items = append(rv.Categories[i].Items, it)
	rv.Orderable = rv.Orderable || it.Available
}

// dishChoices is how many of one dish the page's quantity list offers, to keep the
// list short; it is the page's choice, not a limit of the service, which checks its own.
const dishChoices = 10

// maxNote is the longest note on one dish the service takes.
const maxNote = 300

func (s *Site) menuItemOf(m restaurantsapi.MenuItem) menuItem {
	it := menuItem{ID: m.ID, Name: m.Name, Description: m.Description, Price: ui.Money(m.PriceCents), PriceCents: m.PriceCents,
		Image: s.imageURL("restaurants", m.ImageURL), Dietary: m.Dietary, Available: m.Available}
	it.ImageSet = imaging.Srcset(it.Image)
	if it.Available {
		for q := 0; q <= dishChoices; q++ {
			it.Options = append(it.Options, q)
		}
	}
	return it
}

// placeOrder forwards the order form to the restaurants service, which owns orders,
// then sends the browser on to the order's own page (POST, redirect, GET): a refresh
// there shows the order again and never orders twice.
func (s *Site) placeOrder(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	rv, err := s.loadRestaurant(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "restaurants", err)
		return
	}
	f := orderForm{Key: strings.TrimSpace(r.PostFormValue("idempotency_key")), Pickup: r.PostFormValue("pickup"),
		Payment: r.PostFormValue("payment"), Phone: strings.TrimSpace(r.PostFormValue("phone")), Fields: map[string]string{}}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newKey()
	}
	req := restaurantsapi.OrderRequest{RestaurantID: rv.ID, Phone: f.Phone}
	for _, c := range rv.Categories {
		for _, it := range c.Items {
			f.Fields["qty."+it.ID] = r.PostFormValue("qty." + it.ID)
			note := strings.TrimSpace(r.PostFormValue("note." + it.ID))
			if len([]rune(note)) > maxNote {
				note = string([]rune(note)[:maxNote])
			}
			f.Fields["note."+it.ID] = note
			if q, _ := strconv.Atoi(f.Fields["qty."+it.ID]); q > 0 {
				req.Items = append(req.Items, restaurantsapi.RequestedItem{MenuItemID: it.ID, Quantity: int64(q), Notes: note})
			}
		}
	}
	pickup, ok := s.pickupTime(f.Pickup, rv)
	switch {
	case len(req.Items) == 0:
		f.Error = "Choose at least one dish."
	case !ok:
		f.Error = "Choose when you will pick up your order."
	}
	if f.Error != "" {
		s.renderRestaurant(w, r, http.StatusBadRequest, rv, f)
		return
	}
	req.PickupTime, req.PaymentMethod = pickup.Format(time.RFC3339), restaurantsapi.PayAtPickup
	if f.Payment == restaurantsapi.PayCard && rv.CardPayments {
		req.PaymentMethod = restaurantsapi.PayCard
	}
	order, err := postJSON[restaurantsapi.Order](s, r, "restaurants", "/api/orders", req, f.Key)
	if err != nil {
		e := asError(err)
		f.Error, f.SignIn = politely(e, "restaurants"), e.Code == errs.CodeUnauthenticated
		if e.Code == errs.CodeValidation && e.Details != nil {
			if fields, ok := e.Details["fields"].(map[string]any); ok && fields["pickupTime"] != nil {
				f.Error = "That pickup time cannot be taken any more. Please choose another one from the list."
				f.Pickup = ""
			}
		}
		s.renderRestaurant(w, r, web.Status(e), rv, f)
		return
	}
	if u := safeURL(order.CheckoutURL); u != "" {
		http.Redirect(w, r, u, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/me/orders/"+pathEscape(order.ID)+"?placed=1", http.StatusSeeOther)
}

// pickupTime reads the pickup choice: "asap" is now plus the kitchen's usual prep
// time; anything else must be one of the times the service offered.
func (s *Site) pickupTime(v string, rv restaurantView) (time.Time, bool) {
	if v == "" && rv.Asap {
		v = "asap"
	}
	if v == "asap" {
		prep := time.Duration(max(rv.PrepMinutes, 10)) * time.Minute
		return s.now().Add(prep).UTC().Truncate(time.Second), true
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
