package site

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

type restaurantView struct {
	ID, Slug, Name, Description, Cuisine, Address, Phone, Image string
	Categories                                                  []menuCategory
	Orderable, CardPayments                                     bool
}

type menuCategory struct {
	Name  string
	Items []menuItem
}

type menuItem struct {
	ID, Name, Description, Price, Image string
	Dietary                             []string
	Available                           bool
	Selected                            int
	Options                             []int
}

type orderForm struct {
	Key, Pickup, Payment, Error string
	SignIn                      bool
	Fields                      map[string]string
}

type restaurantPage struct {
	Restaurant restaurantView
	Form       orderForm
}

func (s *Site) restaurant(w http.ResponseWriter, r *http.Request) {
	rv, err := s.loadRestaurant(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "restaurants", err)
		return
	}
	s.renderRestaurant(w, r, http.StatusOK, rv, orderForm{Key: newKey(), Payment: restaurantsapi.PayAtPickup, Fields: map[string]string{}})
}

func (s *Site) loadRestaurant(r *http.Request, slug string) (restaurantView, error) {
	rs, err := getJSON[restaurantsapi.Restaurant](s, r, "restaurants", "/api/restaurants/"+pathEscape(slug))
	if err != nil {
		return restaurantView{}, err
	}
	return s.restaurantOf(rs), nil
}

func (s *Site) renderRestaurant(w http.ResponseWriter, r *http.Request, status int, rv restaurantView, f orderForm) {
	for ci := range rv.Categories {
		for ii := range rv.Categories[ci].Items {
			it := &rv.Categories[ci].Items[ii]
			it.Selected, _ = strconv.Atoi(f.Fields["qty."+it.ID])
		}
	}
	s.tpl.Render(w, r, status, "restaurant.html", ui.View{
		Title: rv.Name, Description: rv.Description, ImageURL: rv.Image, Service: "portal",
		Data: restaurantPage{Restaurant: rv, Form: f},
	})
}

// restaurantOf is the restaurants service's answer as the restaurant page shows it:
// the menu's dishes under their categories, in the service's order. Whether a dish
// can be ordered is the service's word.
func (s *Site) restaurantOf(rs restaurantsapi.Restaurant) restaurantView {
	rv := restaurantView{ID: rs.ID, Slug: rs.Slug, Name: rs.Name, Description: rs.Description, Cuisine: rs.Cuisine,
		Address: rs.Address, Phone: rs.Phone, Image: s.imageURL("restaurants", rs.ImageURL), CardPayments: rs.CardPayments}
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

func (s *Site) menuItemOf(m restaurantsapi.MenuItem) menuItem {
	it := menuItem{ID: m.ID, Name: m.Name, Description: m.Description, Price: ui.Money(m.PriceCents),
		Image: s.imageURL("restaurants", m.ImageURL), Dietary: m.Dietary, Available: m.Available}
	if it.Available {
		for q := 0; q <= dishChoices; q++ {
			it.Options = append(it.Options, q)
		}
	}
	return it
}

// placeOrder forwards the order form to the restaurants service, which owns orders.
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
		Payment: r.PostFormValue("payment"), Fields: map[string]string{}}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newKey()
	}
	req := restaurantsapi.OrderRequest{RestaurantID: rv.ID}
	for _, c := range rv.Categories {
		for _, it := range c.Items {
			f.Fields["qty."+it.ID] = r.PostFormValue("qty." + it.ID)
			if q, _ := strconv.Atoi(f.Fields["qty."+it.ID]); q > 0 {
				req.Items = append(req.Items, restaurantsapi.RequestedItem{MenuItemID: it.ID, Quantity: int64(q)})
			}
		}
	}
	pickup, ok := s.pickupTime(f.Pickup)
	switch {
	case len(req.Items) == 0:
		f.Error = "Choose at least one dish."
	case !ok:
		f.Error = "Pick a pickup time, or leave it empty for as soon as possible."
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
		s.renderRestaurant(w, r, web.Status(e), rv, f)
		return
	}
	s.done(w, r, foodOrderOf(order), rv.Name, "/restaurants/"+pathEscape(rv.Slug))
}
