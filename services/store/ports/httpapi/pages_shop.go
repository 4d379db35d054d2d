package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/store/domain"
)

// mountShopSettings registers the pages where a vendor's team runs the shop itself:
// where buyers pick up (the shop, or a dance night), discount codes, and the team.
func (h *Handler) mountShopSettings(mux *http.ServeMux) {
	page := auth.RequirePage
	mux.HandleFunc("GET /dashboard/vendors/{id}/shop", page(h.shopSettingsPage))
	mux.HandleFunc("POST /dashboard/vendors/{id}/pickup-points", page(h.addPickupPointForm))
	mux.HandleFunc("POST /dashboard/vendors/{id}/pickup-points/{point}/remove", page(h.removePickupPointForm))
	mux.HandleFunc("POST /dashboard/vendors/{id}/discounts", page(h.newDiscountForm))
	mux.HandleFunc("POST /dashboard/discounts/{id}/{onoff}", page(h.discountActiveForm))
	mux.HandleFunc("POST /dashboard/vendors/{id}/team", page(h.addMemberForm))
	mux.HandleFunc("POST /dashboard/vendors/{id}/team/{member}/remove", page(h.removeMemberForm))
}

type shopSettings struct {
	Vendor    storeapi.Vendor
	Owner     bool
	Points    []storeapi.PickupPoint
	Discounts []storeapi.Discount
	Team      []storeapi.Member
	Error     string
}

func (h *Handler) shopSettingsPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, id := r.Context(), user(r), r.PathValue("id")
	det, err := h.app.VendorByID(ctx, u, id)
	if err == nil && !det.Role.Can(domain.RoleManager) {
		err = errs.Errorf(errs.CodeForbidden, "Only the shop's owner and managers may change it.")
	}
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := shopSettings{Vendor: h.vendorOut(det.Vendor, det.Role, true), Owner: det.Role == domain.RoleOwner,
		Error: r.URL.Query().Get("err")}
	for _, p := range det.Vendor.PickupPoints {
		d.Points = append(d.Points, pointOut(p))
	}
	codes, err := h.app.Discounts(ctx, u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	for _, c := range codes {
		d.Discounts = append(d.Discounts, discountOut(c))
	}
	if d.Owner {
		team, err := h.app.Members(ctx, u, id)
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		for _, m := range team {
			d.Team = append(d.Team, storeapi.Member{ID: m.ID, Email: m.Email, Role: string(m.Role), CreatedAt: m.CreatedAt})
		}
	}
	h.render(w, r, http.StatusOK, "dashboard_shop.html", det.Vendor.Name+": pickup, codes and team", d)
}

func shopBack(id string) string { return "/dashboard/vendors/" + id + "/shop" }

// addPickupPointForm offers buyers a new place to collect: the shop's counter, or a
// dance night with its date and time window ("pick up at the set"), which buyers
// may choose until the window ends.
func (h *Handler) addPickupPointForm(w http.ResponseWriter, r *http.Request) {
	id, f := r.PathValue("id"), formOf(r)
	p := domain.PickupPoint{Label: f.Get("label"), Address: f.Get("address"), Notes: f.Get("notes")}
	if day := strings.TrimSpace(f.Get("date")); day != "" {
		starts, ends, err := window(day, f.Get("from"), f.Get("until"))
		if err != nil {
			back(w, r, shopBack(id), err, "")
			return
		}
		p.Starts, p.Ends = &starts, &ends
	}
	_, err := h.app.UpdateVendor(r.Context(), user(r), id, func(in *domain.VendorInput) {
		in.PickupEnabled = true
		in.PickupPoints = append(in.PickupPoints, p)
	})
	back(w, r, shopBack(id), err, "Buyers can now choose “"+strings.TrimSpace(p.Label)+"” to pick up.")
}

// window reads a pickup night's date and its from–until times, Chicago wall-clock;
// an until before from runs past midnight.
func window(day, from, until string) (time.Time, time.Time, error) {
	bad := map[string]string{}
	starts, err := time.ParseInLocation("2006-01-02 15:04", day+" "+strings.TrimSpace(from), domain.Chicago)
	if err != nil {
		bad["from"] = "choose the date and the time pickup opens"
	}
	ends, err := time.ParseInLocation("2006-01-02 15:04", day+" "+strings.TrimSpace(until), domain.Chicago)
	if err != nil {
		bad["until"] = "choose the time pickup closes"
	}
	if len(bad) > 0 {
		return starts, ends, errs.Invalid(bad)
	}
	if !ends.After(starts) {
		ends = ends.AddDate(0, 0, 1)
	}
	return starts, ends, nil
}

func (h *Handler) removePickupPointForm(w http.ResponseWriter, r *http.Request) {
	id, point := r.PathValue("id"), r.PathValue("point")
	_, err := h.app.UpdateVendor(r.Context(), user(r), id, func(in *domain.VendorInput) {
		kept := in.PickupPoints[:0]
		for _, p := range in.PickupPoints {
			if p.ID != point {
				kept = append(kept, p)
			}
		}
		in.PickupPoints = kept
	})
	back(w, r, shopBack(id), err, "The pickup point is no longer offered; orders already placed keep theirs.")
}

func (h *Handler) newDiscountForm(w http.ResponseWriter, r *http.Request) {
	id, f := r.PathValue("id"), formOf(r)
	in := domain.DiscountInput{Code: f.Get("code"), Kind: domain.DiscountKind(f.Get("kind"))}
	var err error
	switch strings.ToUpper(f.Get("kind")) {
	case "PERCENT":
		in.Amount, err = wholeNumber(f.Get("amount"), "amount")
	default:
		in.Amount, err = parseDollars(f.Get("amount"), "amount")
	}
	if err == nil {
		in.MinSubtotalCents, err = optionalDollars(f.Get("minimum"), "minSubtotalCents")
	}
	if err == nil {
		in.MaxDiscountCents, err = optionalDollars(f.Get("cap"), "maxDiscountCents")
	}
	var n int64
	if err == nil {
		n, err = wholeNumber(orZero(f.Get("usageLimit")), "usageLimit")
		in.UsageLimit = int(n)
	}
	if err == nil {
		n, err = wholeNumber(orZero(f.Get("perCustomerLimit")), "perCustomerLimit")
		in.PerCustomerLimit = int(n)
	}
	if err == nil {
		in.StartsAt, in.EndsAt, err = optionalDays(f.Get("starts"), f.Get("ends"))
	}
	if err != nil {
		back(w, r, shopBack(id), err, "")
		return
	}
	d, err := h.app.CreateDiscount(r.Context(), user(r), id, in)
	back(w, r, shopBack(id), err, "Code "+d.Code+" is ready to use.")
}

func (h *Handler) discountActiveForm(w http.ResponseWriter, r *http.Request) {
	on := r.PathValue("onoff") == "on"
	if !on && r.PathValue("onoff") != "off" {
		h.pageError(w, r, errs.NotFound("Page"))
		return
	}
	d, err := h.app.SetDiscountActive(r.Context(), user(r), r.PathValue("id"), on)
	to := "/dashboard"
	if d.VendorID != "" {
		to = shopBack(d.VendorID)
	}
	msg := "Code " + d.Code + " is off; checkouts no longer take it."
	if on {
		msg = "Code " + d.Code + " is on again."
	}
	back(w, r, to, err, msg)
}

func (h *Handler) addMemberForm(w http.ResponseWriter, r *http.Request) {
	id, f := r.PathValue("id"), formOf(r)
	m, err := h.app.AddMember(r.Context(), user(r), id, f.Get("email"), f.Get("role"))
	back(w, r, shopBack(id), err, m.Email+" is on the team; they see the shop's dashboard once signed in with that address.")
}

func (h *Handler) removeMemberForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.app.RemoveMember(r.Context(), user(r), id, r.PathValue("member"))
	back(w, r, shopBack(id), err, "They are off the team.")
}

// formOf is the posted form; an unreadable one reads as empty, which every form
// here refuses field by field.
func formOf(r *http.Request) interface{ Get(string) string } {
	_ = r.ParseForm()
	return r.PostForm
}

func wholeNumber(s, field string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, errs.Invalid(map[string]string{field: "write a whole number"})
	}
	return n, nil
}

func optionalDollars(s, field string) (int64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	return parseDollars(s, field)
}

func orZero(s string) string {
	if strings.TrimSpace(s) == "" {
		return "0"
	}
	return s
}

// optionalDays reads a code's first and last day (Chicago): it works from the start
// of the first to the end of the last.
func optionalDays(from, to string) (*time.Time, *time.Time, error) {
	var starts, ends *time.Time
	if from = strings.TrimSpace(from); from != "" {
		t, err := time.ParseInLocation("2006-01-02", from, domain.Chicago)
		if err != nil {
			return nil, nil, errs.Invalid(map[string]string{"startsAt": "choose a date"})
		}
		starts = &t
	}
	if to = strings.TrimSpace(to); to != "" {
		t, err := time.ParseInLocation("2006-01-02", to, domain.Chicago)
		if err != nil {
			return nil, nil, errs.Invalid(map[string]string{"endsAt": "choose a date"})
		}
		t = t.AddDate(0, 0, 1)
		ends = &t
	}
	return starts, ends, nil
}
