package httpapi

import (
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

type memberJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

func (h *Handlers) restaurantView(r domain.Restaurant) restaurantsapi.Restaurant {
	return restaurantsapi.Restaurant{ID: r.ID, Slug: r.Slug, Name: r.Name, Description: r.Description, Cuisine: r.Cuisine,
		Address: r.Address, Phone: r.Phone, Status: string(r.Status), StatusReason: r.StatusReason, TaxBasisPoints: r.TaxBasisPoints,
		CardPayments: h.App.CardPayments(r), PrepMinutes: r.PrepMinutes, OrderingPaused: r.OrderingPaused,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// withOpenState adds whether the restaurant is open now, and until or from when.
func withOpenState(v *restaurantsapi.Restaurant, st domain.OpenState) {
	v.OpenNow = st.Open
	if !st.ClosesAt.IsZero() {
		t := st.ClosesAt
		v.ClosesAt = &t
	}
	if !st.OpensAt.IsZero() {
		t := st.OpensAt
		v.OpensAt = &t
	}
}

func (h *Handlers) detailView(d app.Detail) restaurantsapi.Restaurant {
	v := h.restaurantView(d.Restaurant)
	v.Role = string(d.Role)
	v.Hours = hoursView(d.Hours)
	withOpenState(&v, h.App.OpenState(d.Hours))
	asap, slots := h.App.PickupChoices(d.Restaurant, d.Hours)
	if slots == nil {
		slots = []time.Time{}
	}
	v.Pickup = &restaurantsapi.Pickup{Asap: asap && !d.Restaurant.OrderingPaused, Slots: slots}
	v.Photos = h.photosView(d.Photos)
	if len(v.Photos) > 0 {
		v.ImageURL = v.Photos[0].ImageURL
	}
	m := &restaurantsapi.Menu{Categories: []restaurantsapi.Category{}}
	byCat := map[string]int{}
	for _, c := range d.Categories {
		byCat[c.ID] = len(m.Categories)
		m.Categories = append(m.Categories, restaurantsapi.Category{ID: c.ID, Name: c.Name, Items: []restaurantsapi.MenuItem{}})
	}
	for _, it := range d.Items {
		i := byCat[it.CategoryID]
		m.Categories[i].Items = append(m.Categories[i].Items, h.itemView(it))
	}
	v.Menu = m
	return v
}

func hoursView(hs domain.Hours) []restaurantsapi.Span {
	out := []restaurantsapi.Span{}
	for _, s := range hs {
		out = append(out, restaurantsapi.Span{Day: strings.ToLower(s.Day.String()), Open: domain.FormatClock(s.Open), Close: domain.FormatClock(s.Close)})
	}
	return out
}

func (h *Handlers) photosView(ps []domain.Photo) []restaurantsapi.Photo {
	out := []restaurantsapi.Photo{}
	for _, p := range ps {
		out = append(out, restaurantsapi.Photo{ID: p.ID, ImageURL: h.App.ImageURL(p.ImageKey)})
	}
	return out
}

func (h *Handlers) itemView(m domain.MenuItem) restaurantsapi.MenuItem {
	d := m.Dietary
	if d == nil {
		d = []string{}
	}
	return restaurantsapi.MenuItem{ID: m.ID, RestaurantID: m.RestaurantID, CategoryID: m.CategoryID, Category: m.Category, Name: m.Name,
		Description: m.Description, PriceCents: m.PriceCents, Currency: domain.Currency, Dietary: d,
		Available: m.Available, ImageURL: h.App.ImageURL(m.ImageKey)}
}

func orderView(o domain.Order) restaurantsapi.Order {
	v := restaurantsapi.Order{ID: o.ID, OrderNumber: o.Number, RestaurantID: o.RestaurantID, RestaurantName: o.RestaurantName,
		Status: string(o.Status), PaymentMethod: o.PaymentMethod, PaymentStatus: string(o.PaymentStatus),
		Items: []restaurantsapi.OrderLine{}, SubtotalCents: o.SubtotalCents, TaxCents: o.TaxCents, TotalCents: o.TotalCents,
		PlatformFeeCents: o.PlatformFeeCents, Currency: o.Currency, PickupTime: o.PickupTime.UTC(),
		Customer:     restaurantsapi.Customer{Name: o.CustomerName, Email: o.CustomerEmail, Phone: o.CustomerPhone},
		CancelReason: o.CancelReason, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
	if o.PaymentStatus == domain.PaymentAwaiting && o.Status == domain.OrderPending {
		v.CheckoutURL = o.CheckoutURL
	}
	if !o.ReadyAt.IsZero() {
		t := o.ReadyAt
		v.ReadyAt = &t
	}
	for _, l := range o.Lines {
		v.Items = append(v.Items, restaurantsapi.OrderLine{MenuItemID: l.MenuItemID, Name: l.Name, UnitPriceCents: l.UnitCents,
			Quantity: l.Quantity, LineTotalCents: l.UnitCents * l.Quantity, Notes: l.Notes})
	}
	return v
}

func memberView(m domain.Member) memberJSON {
	return memberJSON{ID: m.ID, Email: m.Email, Role: string(m.Role), CreatedAt: m.CreatedAt.UTC()}
}
