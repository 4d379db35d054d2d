package httpapi

import (
	"slices"
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
	// Back is where the board's forms return to: "kitchen" for the full-screen board.
	Back string
	// PrepChoices are the one-tap quotes offered when confirming, around DefaultPrep.
	PrepChoices   []int
	DefaultPrep   int
	CancelReasons []string
	// Waiting counts the new orders nobody has accepted yet (the board rings for them).
	Waiting int
}

type column struct {
	Status  string
	Tickets []ticket
}

type ticket struct {
	ID, Number, Pickup, Customer, PaymentStatus string
	Phone                                       string
	// Placed and Due are ISO times for the board's timers: when it was ordered, and
	// when it must be ready (the quote, else the pickup time). PlacedAgo and DueText
	// are what the board says at render time; Late marks an order past Due.
	Placed, Due, PlacedAgo, DueText string
	Late                            bool
	// New: waiting for the kitchen to accept it (and ringing); AwaitingCard: not paid
	// yet, so it cannot be accepted.
	New, AwaitingCard bool
	CancelReason      string
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

// cancelReasons are the reasons the board offers in one tap; any other may be typed.
var cancelReasons = []string{"Sold out of an item", "Kitchen is closing", "Too busy right now", "Customer asked to cancel"}

func boardView(r domain.Restaurant, role domain.MemberRole, orders []domain.Order, now time.Time) boardData {
	b := boardData{RestaurantID: r.ID, CanCancel: role == domain.RoleOwner || role == domain.RoleManager,
		PrepChoices: prepChoices(r.PrepMinutes), DefaultPrep: r.PrepMinutes, CancelReasons: cancelReasons}
	for _, st := range []domain.OrderStatus{domain.OrderPending, domain.OrderConfirmed, domain.OrderPreparing, domain.OrderReady} {
		c := column{Status: string(st)}
		for _, o := range orders {
			if o.Status != st {
				continue
			}
			t := ticket{ID: o.ID, Number: o.Number, Pickup: o.PickupTime.In(domain.Chicago).Format("Mon 3:04 PM"),
				Customer: o.CustomerName, PaymentStatus: string(o.PaymentStatus), TotalCents: o.TotalCents, Lines: o.Lines,
				Phone: o.CustomerPhone, Placed: o.CreatedAt.UTC().Format(time.RFC3339), PlacedAgo: ago(now.Sub(o.CreatedAt))}
			due := o.PickupTime
			if !o.ReadyAt.IsZero() && o.ReadyAt.Before(due) {
				due = o.ReadyAt
			}
			t.Due, t.DueText = due.UTC().Format(time.RFC3339), "ready by "+due.In(domain.Chicago).Format("3:04 PM")
			t.AwaitingCard = st == domain.OrderPending && o.PaymentStatus == domain.PaymentAwaiting
			t.New = st == domain.OrderPending && !t.AwaitingCard
			// Ready orders wait for their customer; the kitchen is late on the others.
			t.Late = st != domain.OrderReady && now.After(due)
			if t.New {
				b.Waiting++
			}
			if n, ok := st.Next(); ok {
				t.Next, t.NextAction = string(n), nextAction[n]
			}
			c.Tickets = append(c.Tickets, t)
		}
		b.Columns = append(b.Columns, c)
	}
	return b
}

// prepChoices are the board's quotes: the usual set, with the usual time among them.
func prepChoices(usual int) []int {
	out := append([]int(nil), domain.PrepChoices...)
	if usual > 0 && !slices.Contains(out, usual) {
		out = append(out, usual)
		slices.Sort(out)
	}
	return out
}

// ago says how long ago something happened, as a kitchen reads it.
func ago(d time.Duration) string {
	switch m := int(d / time.Minute); {
	case m < 1:
		return "just now"
	case m < 60:
		return strconv.Itoa(m) + " min ago"
	default:
		return strconv.Itoa(m/60) + " h " + strconv.Itoa(m%60) + " min ago"
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
