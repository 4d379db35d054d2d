package httpapi

import (
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

// The dashboard's view models: everything a template shows is worked out here, so
// the templates need only the kit's shared helpers.

// The templates name statuses and roles with the vocabulary restaurantsapi.Words:
// the view models carry the machine values, never words of their own.

type restCard struct {
	ID, Name, Cuisine, Address, Status, Role string
	StatusReason                             string // why an admin rejected or suspended it
}

type homeData struct {
	Restaurants []restCard
	CanApply    bool
	Error       string // what went wrong with the last form
}

type restaurantData struct {
	ID, Name, Cuisine, Address, Status, Role string
	IsOwner, CanEdit                         bool
	Board                                    boardData
	Categories                               []catView
	CategoryNames                            []string
	AllFlags                                 []string
	Days                                     []dayHours
	Members                                  []memberRow
	Payments                                 app.PaymentSetup
	Description, Phone, TaxPercent           string
	Photos                                   []restaurantsapi.Photo
	StatusReason                             string // why an admin rejected or suspended it
	Error                                    string // what went wrong with the last form
}

type catView struct {
	Name  string
	Items []itemRow
}

type flag struct {
	Name    string
	Checked bool
}

type itemRow struct {
	ID, Name, Category, Description, Dollars, ImageURL string
	PriceCents                                         int64
	Available                                          bool
	Dietary                                            []string
	Flags                                              []flag
}

type dayHours struct {
	Day         string // the form's key: "monday"
	Name        string // what people read: "Monday"
	Open, Close string
}

type memberRow struct {
	ID, Email, Role string
}

type boardData struct {
	RestaurantID string
	CanCancel    bool
	Columns      []column
}

type column struct {
	Status  string
	Tickets []ticket
}

type ticket struct {
	ID, Number, Pickup, Customer, PaymentStatus string
	// Next is the status one tap moves the order to, and NextAction the button's words.
	Next, NextAction string
	TotalCents       int64
	Lines            []domain.OrderLine
}

// nextAction is what the board's one-tap button says for each forward step.
var nextAction = map[domain.OrderStatus]string{
	domain.OrderConfirmed: "Confirm",
	domain.OrderPreparing: "Start preparing",
	domain.OrderReady:     "Ready for pickup",
	domain.OrderCompleted: "Picked up",
}

func dollars(c int64) string {
	cents := c % 100
	return strconv.FormatInt(c/100, 10) + "." + string([]byte{byte('0' + cents/10), byte('0' + cents%10)})
}

func (h *Handlers) restaurantPage(d app.Detail, b boardData, members []domain.Member, pay app.PaymentSetup) restaurantData {
	r := d.Restaurant
	v := restaurantData{ID: r.ID, Name: r.Name, Cuisine: r.Cuisine, Address: r.Address, Status: string(r.Status),
		Role:    string(d.Role),
		IsOwner: d.Role == domain.RoleOwner, CanEdit: d.Role == domain.RoleOwner || d.Role == domain.RoleManager,
		Board: b, AllFlags: domain.DietaryFlags, Payments: pay, Description: r.Description, Phone: r.Phone,
		TaxPercent: dollars(r.TaxBasisPoints), Photos: h.photosView(d.Photos), StatusReason: r.StatusReason}
	idx := map[string]int{}
	for _, c := range d.Categories {
		idx[c.ID] = len(v.Categories)
		v.Categories = append(v.Categories, catView{Name: c.Name})
		v.CategoryNames = append(v.CategoryNames, c.Name)
	}
	for _, it := range d.Items {
		row := itemRow{ID: it.ID, Name: it.Name, Category: it.Category, Description: it.Description,
			Dollars: dollars(it.PriceCents), ImageURL: h.App.ImageURL(it.ImageKey), PriceCents: it.PriceCents,
			Available: it.Available, Dietary: it.Dietary}
		for _, f := range domain.DietaryFlags {
			row.Flags = append(row.Flags, flag{Name: f, Checked: contains(it.Dietary, f)})
		}
		i := idx[it.CategoryID]
		v.Categories[i].Items = append(v.Categories[i].Items, row)
	}
	for day := time.Sunday; day <= time.Saturday; day++ {
		dh := dayHours{Day: strings.ToLower(day.String()), Name: day.String()}
		for _, s := range d.Hours {
			if s.Day == day {
				dh.Open, dh.Close = domain.FormatClock(s.Open), domain.FormatClock(s.Close)
				break
			}
		}
		v.Days = append(v.Days, dh)
	}
	for _, m := range members {
		v.Members = append(v.Members, memberRow{ID: m.ID, Email: m.Email, Role: string(m.Role)})
	}
	return v
}

func boardView(restaurantID string, role domain.MemberRole, orders []domain.Order) boardData {
	b := boardData{RestaurantID: restaurantID, CanCancel: role == domain.RoleOwner || role == domain.RoleManager}
	for _, st := range []domain.OrderStatus{domain.OrderPending, domain.OrderConfirmed, domain.OrderPreparing, domain.OrderReady} {
		c := column{Status: string(st)}
		for _, o := range orders {
			if o.Status != st {
				continue
			}
			t := ticket{ID: o.ID, Number: o.Number, Pickup: o.PickupTime.In(domain.Chicago).Format("Mon 3:04 PM"),
				Customer: o.CustomerName, PaymentStatus: string(o.PaymentStatus), TotalCents: o.TotalCents, Lines: o.Lines}
			if n, ok := st.Next(); ok {
				t.Next, t.NextAction = string(n), nextAction[n]
			}
			c.Tickets = append(c.Tickets, t)
		}
		b.Columns = append(b.Columns, c)
	}
	return b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
