package site

import (
	"net/http"
	"strconv"
	"strings"

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
	s.renderRestaurant(w, r, http.StatusOK, rv, orderForm{Key: newKey(), Payment: "pay_at_pickup", Fields: map[string]string{}})
}

func (s *Site) loadRestaurant(r *http.Request, slug string) (restaurantView, error) {
	m, err := s.getJSON(r, "restaurants", "/api/restaurants/"+pathEscape(slug))
	if err != nil {
		return restaurantView{}, err
	}
	return s.restaurantOf(m), nil
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

// restaurantOf reads the restaurants service's answer: the restaurant with its menu,
// as a list of items or of categories holding items, or {"restaurant":…,"menu":…}.
func (s *Site) restaurantOf(top map[string]any) restaurantView {
	m := top
	if inner := obj(top, "restaurant"); inner != nil {
		m = inner
	}
	rv := restaurantView{ID: str(m, "id"), Slug: str(m, "slug"), Name: str(m, "name"),
		Description: str(m, "description"), Cuisine: str(m, "cuisine"), Address: str(m, "address"),
		Phone: str(m, "phone"), Image: s.imageURL("restaurants", str(m, "imageUrl", "coverUrl", "logoUrl")),
		CardPayments: boolean(m, "cardPayments", true)}
	index := map[string]int{}
	var walk func(v any, category string)
	walk = func(v any, category string) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, category)
			}
		case map[string]any:
			if _, isItem := x["priceCents"]; isItem {
				rv.add(index, s.menuItemOf(x), firstNonEmpty(str(x, "category", "categoryName"), category))
				return
			}
			name := firstNonEmpty(str(x, "name", "category"), category)
			for _, k := range []string{"categories", "items", "menuItems"} {
				if sub, ok := x[k]; ok {
					walk(sub, name)
				}
			}
		}
	}
	for _, src := range []map[string]any{top, m} {
		for _, k := range []string{"menu", "categories", "menuItems", "items"} {
			if v, ok := src[k]; ok {
				walk(v, "")
				return rv
			}
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

func (s *Site) menuItemOf(x map[string]any) menuItem {
	it := menuItem{ID: str(x, "id"), Name: str(x, "name"), Description: str(x, "description"),
		Image: s.imageURL("restaurants", str(x, "imageUrl")), Available: boolean(x, "available", true)}
	p, _ := num(x, "priceCents")
	it.Price = ui.Money(p)
	for _, d := range list(x, "dietary") {
		if ds, ok := d.(string); ok {
			it.Dietary = append(it.Dietary, ds)
		}
	}
	if it.Available {
		for q := 0; q <= 10; q++ {
			it.Options = append(it.Options, q)
		}
	}
	return it
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
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
	type line struct {
		MenuItemID string `json:"menuItemId"`
		Quantity   int    `json:"quantity"`
		Notes      string `json:"notes,omitempty"`
	}
	var items []line
	for _, c := range rv.Categories {
		for _, it := range c.Items {
			f.Fields["qty."+it.ID] = r.PostFormValue("qty." + it.ID)
			if q, _ := strconv.Atoi(f.Fields["qty."+it.ID]); q > 0 {
				items = append(items, line{MenuItemID: it.ID, Quantity: q})
			}
		}
	}
	pickup, ok := s.pickupTime(f.Pickup)
	switch {
	case len(items) == 0:
		f.Error = "Choose at least one dish."
	case !ok:
		f.Error = "Pick a pickup time, or leave it empty for as soon as possible."
	}
	if f.Error != "" {
		s.renderRestaurant(w, r, http.StatusBadRequest, rv, f)
		return
	}
	method := "pay_at_pickup"
	if f.Payment == "card" && rv.CardPayments {
		method = "card"
	}
	body := map[string]any{"restaurantId": rv.ID, "items": items, "pickupTime": pickup, "paymentMethod": method}
	order, err := s.postJSON(r, "restaurants", "/api/orders", body, f.Key)
	if err != nil {
		e := asError(err)
		f.Error, f.SignIn = politely(e, "restaurants"), e.Code == errs.CodeUnauthenticated
		s.renderRestaurant(w, r, web.Status(e), rv, f)
		return
	}
	s.done(w, r, orderOf(order, "order"), rv.Name, "/restaurants/"+pathEscape(rv.Slug))
}
