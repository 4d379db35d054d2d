package httpapi

import (
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

type dashboardData struct {
	Own, Staffed []domain.Event
	Rows         []eventRow // Own, soonest first, with sales
	Organizer    bool
	Card         bool
	Error        string
	Categories   []string
}

func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	if r.URL.Query().Get("connect") == "done" && u.Has(auth.RoleEventOrganizer) {
		// Back from Stripe onboarding: whether the account can take charges now
		// decides whether the organizer's events take cards.
		if _, err := h.ev.RefreshStripeAccount(r.Context(), u); err != nil {
			h.log.WarnContext(r.Context(), "checking a Stripe account after onboarding", "error", err.Error())
		}
	}
	own, staffed, err := h.ev.MyEvents(r.Context(), u)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	rows := make([]eventRow, 0, len(own))
	for _, ev := range own {
		row := eventRow{Event: ev}
		sales, err := h.ev.Sales(r.Context(), u, ev.ID)
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		for _, t := range sales.Tiers {
			row.Sold += t.Sold
			row.Capacity += t.Capacity
			row.GrossCents += t.GrossCents
		}
		rows = append(rows, row)
	}
	sortSoonestFirst(rows, time.Now())
	h.render(w, r, http.StatusOK, "dashboard.html", "Organizer dashboard", dashboardData{Own: own, Rows: rows, Staffed: staffed,
		Organizer: u.Has(auth.RoleEventOrganizer), Card: h.ev.CardEnabled(), Error: r.URL.Query().Get("err"),
		Categories: domain.Categories})
}

// eventRow is one of the organizer's events on their dashboard, with its sales.
type eventRow struct {
	Event          domain.Event
	Sold, Capacity int
	GrossCents     int64
}

// sortSoonestFirst puts the events still to come first, the soonest on top (tonight's
// before March's), then the past ones, the latest first.
func sortSoonestFirst(rows []eventRow, now time.Time) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Event, rows[j].Event
		aOver, bOver := a.EndsAt.Before(now), b.EndsAt.Before(now)
		if aOver != bOver {
			return !aOver
		}
		if aOver {
			return a.StartsAt.After(b.StartsAt)
		}
		return a.StartsAt.Before(b.StartsAt)
	})
}

func eventInputFrom(r *http.Request) (domain.EventInput, error) {
	bad := map[string]string{}
	in := domain.EventInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Category: r.PostFormValue("category"), Venue: r.PostFormValue("venue"), Address: r.PostFormValue("address")}
	if t := parseLocal(r.PostForm, "startsAt", bad); t != nil {
		in.StartsAt = *t
	}
	if t := parseLocal(r.PostForm, "endsAt", bad); t != nil {
		in.EndsAt = *t
	}
	if len(bad) > 0 {
		return in, errs.Invalid(bad)
	}
	return in, nil
}

func (h *Handler) createEventForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	in, err := eventInputFrom(r)
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	ev, err := h.ev.CreateEvent(r.Context(), caller(r), in)
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	back(w, r, "/dashboard/events/"+ev.ID+"/settings", nil, "Event created as a draft. Add a ticket tier, then publish.")
}

func (h *Handler) connectForm(w http.ResponseWriter, r *http.Request) {
	link, err := h.ev.ConnectLink(r.Context(), caller(r))
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}

// manageForm runs one dashboard action on an event and comes back to its page.
func (h *Handler) manageForm(w http.ResponseWriter, r *http.Request) {
	ctx, u, id := r.Context(), caller(r), r.PathValue("id")
	here := "/dashboard/events/" + id + tabOfAction[r.PathValue("action")]
	if r.PathValue("action") == "flyer" {
		h.flyerForm(w, r, here)
		return
	}
	if err := r.ParseForm(); err != nil {
		back(w, r, here, err, "")
		return
	}
	f := r.PostForm
	var ok string
	var err error
	switch r.PathValue("action") {
	case "edit":
		var in domain.EventInput
		if in, err = eventInputFrom(r); err == nil {
			bad := map[string]string{}
			deadline := parseLocal(f, "cashDeadline", bad)
			if len(bad) > 0 {
				err = errs.Invalid(bad)
			} else {
				_, err = h.ev.EditEvent(ctx, u, id, in, deadline, true)
			}
		}
		ok = "Details saved."
	case "publish":
		_, err = h.ev.Publish(ctx, u, id)
		ok = "Published: tickets are on sale."
	case "cancel":
		// Refunding every buyer cannot be undone: the organizer types the event's name.
		var e app.EventWithTiers
		if e, err = h.ev.Manage(ctx, u, id); err == nil && !strings.EqualFold(strings.Join(strings.Fields(f.Get("confirmTitle")), " "),
			strings.Join(strings.Fields(e.Title), " ")) {
			err = errs.Invalid(map[string]string{"confirmTitle": "must be the event's name, " + strconv.Quote(e.Title) + ", to cancel it and refund everyone"})
		}
		var res app.CancelResult
		if err == nil {
			res, err = h.ev.CancelEvent(ctx, u, id)
		}
		ok = "Event cancelled; " + strconv.Itoa(res.Refunded) + " orders refunded, " + strconv.Itoa(res.Released) + " holds released."
	case "tiers":
		bad := map[string]string{}
		in := domain.TierInput{Name: f.Get("name"), Capacity: atoi(f.Get("capacity")), MaxPerOrder: max(0, atoi(f.Get("maxPerOrder"))),
			SalesStart: parseLocal(f, "salesStart", bad), SalesEnd: parseLocal(f, "salesEnd", bad)}
		if in.PriceCents, err = parseDollars(f.Get("price")); err != nil {
			bad["price"] = "must be an amount like 25.00"
		}
		err = nil
		if len(bad) > 0 {
			err = errs.Invalid(bad)
		} else {
			_, err = h.ev.AddTier(ctx, u, id, in)
		}
		ok = "Tier added."
	case "discounts":
		in := domain.DiscountInput{Code: f.Get("code"), Kind: domain.DiscountKind(f.Get("kind")), UsageLimit: max(0, atoi(f.Get("usageLimit")))}
		bad := map[string]string{}
		in.ExpiresAt = parseLocal(f, "expiresAt", bad)
		if in.Kind == domain.DiscountFixed {
			in.Amount, err = parseDollars(f.Get("amount"))
		} else {
			in.Amount = int64(atoi(f.Get("amount")))
		}
		if err != nil {
			bad["amount"] = "must be an amount like 5.00"
		}
		err = nil
		if len(bad) > 0 {
			err = errs.Invalid(bad)
		} else {
			_, err = h.ev.AddDiscount(ctx, u, id, in)
		}
		ok = "Discount code added."
	case "staff":
		_, err = h.ev.AddStaff(ctx, u, id, f.Get("email"))
		ok = "Staff member added: they can scan tickets after signing in."
	default:
		err = errs.NotFound("Action")
	}
	back(w, r, here, err, ok)
}

func (h *Handler) flyerForm(w http.ResponseWriter, r *http.Request, here string) {
	file, _, err := r.FormFile("flyer")
	if err != nil {
		back(w, r, here, errs.Invalid(map[string]string{"flyer": "choose an image file"}), "")
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, imaging.MaxUploadBytes+1))
	if err == nil {
		_, err = h.ev.SetFlyer(r.Context(), caller(r), r.PathValue("id"), data)
	}
	back(w, r, here, err, "Flyer updated.")
}

func (h *Handler) removeStaffForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.ev.RemoveStaff(r.Context(), caller(r), id, r.PathValue("staffId"))
	back(w, r, "/dashboard/events/"+id+"/door", err, "Staff member removed.")
}

func (h *Handler) orderForm(w http.ResponseWriter, r *http.Request) {
	ctx, u, oid := r.Context(), caller(r), r.PathValue("oid")
	var o domain.Order
	var err error
	var ok string
	switch r.PathValue("action") {
	case "approve":
		o, err = h.ev.ApproveCash(ctx, u, oid)
		ok = "Cash received: tickets are valid."
	case "refund":
		o, err = h.ev.Refund(ctx, u, oid)
		ok = "Order refunded."
	default:
		err = errs.NotFound("Action")
	}
	dest := r.PostFormValue("back")
	if !strings.HasPrefix(dest, "/dashboard/") && !strings.HasPrefix(dest, "/checkin/") {
		dest = "/dashboard/events/" + o.EventID
		if o.EventID == "" {
			dest = "/dashboard"
		}
	}
	back(w, r, dest, err, ok)
}
