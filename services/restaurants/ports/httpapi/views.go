package httpapi

import (
	"strings"
	"time"

	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

type restaurantJSON struct {
	ID             string     `json:"id"`
	Slug           string     `json:"slug"`
	Name           string     `json:"name"`
	Description    string     `json:"description"`
	Cuisine        string     `json:"cuisine"`
	Address        string     `json:"address"`
	Phone          string     `json:"phone"`
	Status         string     `json:"status"`
	TaxBasisPoints int64      `json:"taxBasisPoints"`
	CardPayments   bool       `json:"cardPayments"`
	ImageURL       string     `json:"imageUrl,omitempty"`
	Role           string     `json:"role,omitempty"` // the caller's role there
	Hours          []spanJSON `json:"hours,omitempty"`
	Photos         []photo    `json:"photos,omitempty"`
	Menu           *menuJSON  `json:"menu,omitempty"`
	CreatedAt      time.Time  `json:"createdAt"`
	UpdatedAt      time.Time  `json:"updatedAt"`
}

type spanJSON struct {
	Day   string `json:"day"`
	Open  string `json:"open"`
	Close string `json:"close"`
}

type photo struct {
	ID       string `json:"id"`
	ImageURL string `json:"imageUrl"`
}

type menuJSON struct {
	Categories []categoryJSON `json:"categories"`
}

type categoryJSON struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Items []itemJSON `json:"items"`
}

type itemJSON struct {
	ID           string   `json:"id"`
	RestaurantID string   `json:"restaurantId"`
	CategoryID   string   `json:"categoryId"`
	Category     string   `json:"category"`
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	PriceCents   int64    `json:"priceCents"`
	Currency     string   `json:"currency"`
	Dietary      []string `json:"dietary"`
	Available    bool     `json:"available"`
	ImageURL     string   `json:"imageUrl,omitempty"`
}

type lineJSON struct {
	MenuItemID     string `json:"menuItemId"`
	Name           string `json:"name"`
	UnitPriceCents int64  `json:"unitPriceCents"`
	Quantity       int64  `json:"quantity"`
	LineTotalCents int64  `json:"lineTotalCents"`
	Notes          string `json:"notes,omitempty"`
}

type orderJSON struct {
	ID               string     `json:"id"`
	OrderNumber      string     `json:"orderNumber"`
	RestaurantID     string     `json:"restaurantId"`
	RestaurantName   string     `json:"restaurantName"`
	Status           string     `json:"status"`
	PaymentMethod    string     `json:"paymentMethod"`
	PaymentStatus    string     `json:"paymentStatus"`
	Items            []lineJSON `json:"items"`
	SubtotalCents    int64      `json:"subtotalCents"`
	TaxCents         int64      `json:"taxCents"`
	TotalCents       int64      `json:"totalCents"`
	PlatformFeeCents int64      `json:"platformFeeCents,omitempty"`
	Currency         string     `json:"currency"`
	PickupTime       time.Time  `json:"pickupTime"`
	Customer         customer   `json:"customer"`
	CheckoutURL      string     `json:"checkoutUrl,omitempty"`
	CreatedAt        time.Time  `json:"createdAt"`
	UpdatedAt        time.Time  `json:"updatedAt"`
}

type customer struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

type memberJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

func (h *Handlers) restaurantView(r domain.Restaurant) restaurantJSON {
	return restaurantJSON{ID: r.ID, Slug: r.Slug, Name: r.Name, Description: r.Description, Cuisine: r.Cuisine,
		Address: r.Address, Phone: r.Phone, Status: string(r.Status), TaxBasisPoints: r.TaxBasisPoints,
		CardPayments: r.StripeAccount != "" && h.App.Pay.Enabled(), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (h *Handlers) detailView(d app.Detail) restaurantJSON {
	v := h.restaurantView(d.Restaurant)
	v.Role = string(d.Role)
	v.Hours = hoursView(d.Hours)
	v.Photos = h.photosView(d.Photos)
	if len(v.Photos) > 0 {
		v.ImageURL = v.Photos[0].ImageURL
	}
	m := &menuJSON{Categories: []categoryJSON{}}
	byCat := map[string]int{}
	for _, c := range d.Categories {
		byCat[c.ID] = len(m.Categories)
		m.Categories = append(m.Categories, categoryJSON{ID: c.ID, Name: c.Name, Items: []itemJSON{}})
	}
	for _, it := range d.Items {
		i := byCat[it.CategoryID]
		m.Categories[i].Items = append(m.Categories[i].Items, h.itemView(it))
	}
	v.Menu = m
	return v
}

func hoursView(hs domain.Hours) []spanJSON {
	out := []spanJSON{}
	for _, s := range hs {
		out = append(out, spanJSON{Day: strings.ToLower(s.Day.String()), Open: domain.FormatClock(s.Open), Close: domain.FormatClock(s.Close)})
	}
	return out
}

func (h *Handlers) photosView(ps []domain.Photo) []photo {
	out := []photo{}
	for _, p := range ps {
		out = append(out, photo{ID: p.ID, ImageURL: h.App.ImageURL(p.ImageKey)})
	}
	return out
}

func (h *Handlers) itemView(m domain.MenuItem) itemJSON {
	d := m.Dietary
	if d == nil {
		d = []string{}
	}
	return itemJSON{ID: m.ID, RestaurantID: m.RestaurantID, CategoryID: m.CategoryID, Category: m.Category, Name: m.Name,
		Description: m.Description, PriceCents: m.PriceCents, Currency: domain.Currency, Dietary: d,
		Available: m.Available, ImageURL: h.App.ImageURL(m.ImageKey)}
}

func orderView(o domain.Order) orderJSON {
	v := orderJSON{ID: o.ID, OrderNumber: o.Number, RestaurantID: o.RestaurantID, RestaurantName: o.RestaurantName,
		Status: string(o.Status), PaymentMethod: o.PaymentMethod, PaymentStatus: string(o.PaymentStatus),
		Items: []lineJSON{}, SubtotalCents: o.SubtotalCents, TaxCents: o.TaxCents, TotalCents: o.TotalCents,
		PlatformFeeCents: o.PlatformFeeCents, Currency: o.Currency, PickupTime: o.PickupTime.UTC(),
		Customer: customer{Name: o.CustomerName, Email: o.CustomerEmail}, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
	if o.PaymentStatus == domain.PaymentAwaiting && o.Status == domain.OrderPending {
		v.CheckoutURL = o.CheckoutURL
	}
	for _, l := range o.Lines {
		v.Items = append(v.Items, lineJSON{MenuItemID: l.MenuItemID, Name: l.Name, UnitPriceCents: l.UnitCents,
			Quantity: l.Quantity, LineTotalCents: l.UnitCents * l.Quantity, Notes: l.Notes})
	}
	return v
}

func memberView(m domain.Member) memberJSON {
	return memberJSON{ID: m.ID, Email: m.Email, Role: string(m.Role), CreatedAt: m.CreatedAt.UTC()}
}
