package httpapi

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

func (h *Handlers) mountDashboard(mux *http.ServeMux) {
	mux.HandleFunc("GET /dashboard", auth.RequirePage(h.dashHome))
	mux.HandleFunc("POST /dashboard/apply", auth.RequirePage(h.dashApply))
	mux.HandleFunc("GET /dashboard/{id}", auth.RequirePage(h.dashRestaurant))
	mux.HandleFunc("GET /dashboard/{id}/board", auth.RequireUser(h.dashBoard))
	mux.HandleFunc("POST /dashboard/{id}/orders/{orderId}/status", auth.RequirePage(h.dashOrderStatus))
	mux.HandleFunc("POST /dashboard/{id}/items", auth.RequirePage(h.dashAddItem))
	mux.HandleFunc("POST /dashboard/{id}/items/{itemId}", auth.RequirePage(h.dashEditItem))
	mux.HandleFunc("POST /dashboard/{id}/items/{itemId}/delete", auth.RequirePage(h.dashDeleteItem))
	mux.HandleFunc("POST /dashboard/{id}/hours", auth.RequirePage(h.dashHours))
	mux.HandleFunc("POST /dashboard/{id}/staff", auth.RequirePage(h.dashAddStaff))
	mux.HandleFunc("POST /dashboard/{id}/staff/{memberId}/delete", auth.RequirePage(h.dashRemoveStaff))
	mux.HandleFunc("POST /dashboard/{id}/payments/onboarding", auth.RequirePage(h.dashOnboard))
	mux.HandleFunc("POST /dashboard/{id}/profile", auth.RequirePage(h.dashProfile))
	mux.HandleFunc("POST /dashboard/{id}/photos", auth.RequirePage(h.dashAddPhoto))
	mux.HandleFunc("POST /dashboard/{id}/photos/{photoId}/delete", auth.RequirePage(h.dashDeletePhoto))
	h.static.Mount(mux)
}

func (h *Handlers) dashHome(w http.ResponseWriter, r *http.Request) {
	u := user(r)
	rs, roles, err := h.App.Mine(r.Context(), u)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	data := homeData{CanApply: u.Has(auth.RoleRestaurantOwner), Error: r.URL.Query().Get("err")}
	for i, x := range rs {
		data.Restaurants = append(data.Restaurants, restCard{ID: x.ID, Name: x.Name, Cuisine: x.Cuisine, Address: x.Address,
			Status: string(x.Status), Role: string(roles[i]), StatusReason: x.StatusReason})
	}
	h.pages.Render(w, r, http.StatusOK, "dashboard.html", h.view(r, "Restaurant dashboard", data))
}

func (h *Handlers) dashApply(w http.ResponseWriter, r *http.Request) {
	p := domain.Profile{Name: r.PostFormValue("name"), Description: r.PostFormValue("description"),
		Cuisine: r.PostFormValue("cuisine"), Address: r.PostFormValue("address"), Phone: r.PostFormValue("phone")}
	rs, err := h.App.Apply(r.Context(), user(r), p)
	if err != nil {
		fail(w, r, "", err, "")
		return
	}
	back(w, r, rs.ID, "Thanks! Your restaurant waits for an admin's approval; meanwhile set up your menu.", "")
}

func (h *Handlers) loadBoard(r *http.Request, rs domain.Restaurant, role domain.MemberRole) (boardData, error) {
	active := []domain.OrderStatus{domain.OrderPending, domain.OrderConfirmed, domain.OrderPreparing, domain.OrderReady}
	orders, _, err := h.App.RestaurantOrders(r.Context(), user(r), rs.ID, active, app.Page{Limit: 200})
	if err != nil {
		return boardData{}, err
	}
	b := boardView(rs, role, orders, h.App.Now())
	if r.URL.Query().Get("view") == "kitchen" {
		b.Back = "kitchen"
	}
	return b, nil
}

func (h *Handlers) dashRestaurant(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d, err := h.App.ByID(r.Context(), user(r), id)
	if err == nil && d.Role == "" {
		err = errs.Errorf(errs.CodeForbidden, "Only this restaurant's team may open its dashboard.")
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	board, err := h.loadBoard(r, d.Restaurant, d.Role)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	var members []domain.Member
	if d.Role == domain.RoleOwner || d.Role == domain.RoleManager {
		if members, err = h.App.Members(r.Context(), user(r), id); err != nil {
			web.WriteError(w, r, err)
			return
		}
	}
	var pay app.PaymentSetup
	if d.Role == domain.RoleOwner {
		if pay, err = h.App.PaymentSetup(r.Context(), user(r), id); err != nil {
			// Stripe being slow must not take the dashboard down; the page says less.
			web.LoggerFrom(r.Context()).Warn("payment setup", "error", err.Error())
			pay = app.PaymentSetup{CardPayments: h.App.CardEnabled()}
		}
	}
	data := h.restaurantPage(d, board, members, pay)
	data.Error = r.URL.Query().Get("err")
	h.pages.Render(w, r, http.StatusOK, "dashboard_restaurant.html", h.view(r, data.Name+" · dashboard", data))
}

// dashBoard renders only the order board, which the page's script swaps in when the
// order stream says something changed.
func (h *Handlers) dashBoard(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rs, err := h.App.ByID(r.Context(), user(r), id)
	if err == nil && rs.Role == "" {
		err = errs.Errorf(errs.CodeForbidden, "Only this restaurant's team may see its orders.")
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	b, err := h.loadBoard(r, rs.Restaurant, rs.Role)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := h.board.ExecuteTemplate(&buf, "board", b); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func (h *Handlers) dashOrderStatus(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ret := boardReturn(r)
	to, ok := domain.ParseOrderStatus(r.PostFormValue("status"))
	if !ok {
		ret.refuse(w, r, id, "Unknown status.")
		return
	}
	c := app.StatusChange{To: to, Reason: r.PostFormValue("reason")}
	if other := strings.TrimSpace(r.PostFormValue("reasonOther")); other != "" {
		c.Reason = other
	}
	if to == domain.OrderCancelled && (strings.TrimSpace(c.Reason) == "" || c.Reason == "Other") {
		ret.refuse(w, r, id, "Say why the order is cancelled: the customer reads it.")
		return
	}
	if p := r.PostFormValue("prep"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			ret.refuse(w, r, id, "The prep time must be a number of minutes.")
			return
		}
		c.PrepMinutes = n
	}
	o, err := h.App.Order(r.Context(), user(r), r.PathValue("orderId"))
	if err == nil && o.RestaurantID != id {
		err = errs.NotFound("Order")
	}
	if err == nil {
		o, err = h.App.ChangeStatus(r.Context(), user(r), o.ID, c)
	}
	if err != nil {
		ret.fail(w, r, id, err)
		return
	}
	msg := o.Number + ": " + restaurantsapi.Words.Of("order", string(o.Status)).Text
	if to == domain.OrderConfirmed && !o.ReadyAt.IsZero() {
		msg += ", ready by " + o.ReadyAt.In(domain.Chicago).Format("3:04 PM")
	}
	ret.back(w, r, id, msg+".")
}

func (h *Handlers) dashAddItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		refuse(w, r, id, "The form could not be read (is the picture over 5 MB?).", "menu")
		return
	}
	m := domain.MenuItem{}
	formItem(r, &m)
	img, err := formImage(r)
	if err == nil {
		m, err = h.App.AddItem(r.Context(), user(r), id, m)
	}
	if err == nil && img != nil {
		_, err = h.App.SetItemImage(r.Context(), user(r), id, m.ID, img)
	}
	if err != nil {
		fail(w, r, id, err, "menu")
		return
	}
	back(w, r, id, m.Name+" is on the menu.", "menu")
}

func (h *Handlers) dashEditItem(w http.ResponseWriter, r *http.Request) {
	id, itemID := r.PathValue("id"), r.PathValue("itemId")
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		refuse(w, r, id, "The form could not be read (is the picture over 5 MB?).", "menu")
		return
	}
	img, err := formImage(r)
	var m domain.MenuItem
	if err == nil {
		m, err = h.App.EditItem(r.Context(), user(r), id, itemID, func(m *domain.MenuItem) { formItem(r, m) })
	}
	if err == nil && img != nil {
		_, err = h.App.SetItemImage(r.Context(), user(r), id, itemID, img)
	}
	if err != nil {
		fail(w, r, id, err, "menu")
		return
	}
	back(w, r, id, m.Name+" is saved.", "menu")
}

func (h *Handlers) dashDeleteItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.App.DeleteItem(r.Context(), user(r), id, r.PathValue("itemId")); err != nil {
		fail(w, r, id, err, "menu")
		return
	}
	back(w, r, id, "The dish is off the menu.", "menu")
}

func (h *Handlers) dashHours(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var spans []restaurantsapi.Span
	for day := time.Sunday; day <= time.Saturday; day++ {
		name := strings.ToLower(day.String())
		open, cl := strings.TrimSpace(r.PostFormValue("open_"+name)), strings.TrimSpace(r.PostFormValue("close_"+name))
		if open == "" && cl == "" {
			continue // closed that day
		}
		spans = append(spans, restaurantsapi.Span{Day: name, Open: open, Close: cl})
	}
	hs, err := parseHours(spans)
	if err == nil {
		_, err = h.App.SetHours(r.Context(), user(r), id, hs)
	}
	if err != nil {
		fail(w, r, id, err, "hours")
		return
	}
	back(w, r, id, "Opening hours saved.", "hours")
}

func (h *Handlers) dashAddStaff(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	m, err := h.App.AddMember(r.Context(), user(r), id, r.PostFormValue("email"), r.PostFormValue("role"))
	if err != nil {
		fail(w, r, id, err, "staff")
		return
	}
	back(w, r, id, m.Email+" joins the team as "+strings.ToLower(restaurantsapi.Words.Of("member", string(m.Role)).Text)+".", "staff")
}

func (h *Handlers) dashRemoveStaff(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.App.RemoveMember(r.Context(), user(r), id, r.PathValue("memberId")); err != nil {
		fail(w, r, id, err, "staff")
		return
	}
	back(w, r, id, "Removed from the team.", "staff")
}

func (h *Handlers) dashOnboard(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	link, err := h.App.Onboard(r.Context(), user(r), id)
	if err != nil {
		fail(w, r, id, err, "payments")
		return
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}

func (h *Handlers) dashProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	tax, okTax := parseDollars(r.PostFormValue("taxPercent")) // "10.25" reads as 1025 hundredths
	_, err := h.App.UpdateProfile(r.Context(), user(r), id, func(p *domain.Profile) {
		p.Name, p.Description = r.PostFormValue("name"), r.PostFormValue("description")
		p.Cuisine, p.Address, p.Phone = r.PostFormValue("cuisine"), r.PostFormValue("address"), r.PostFormValue("phone")
		if okTax {
			p.TaxBasisPoints = tax
		} else {
			p.TaxBasisPoints = -1 // refused by the profile's own check with a clear message
		}
	})
	if err != nil {
		fail(w, r, id, err, "profile")
		return
	}
	back(w, r, id, "Profile saved.", "profile")
}

func (h *Handlers) dashAddPhoto(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		refuse(w, r, id, "The form could not be read (is the picture over 5 MB?).", "profile")
		return
	}
	img, err := formImage(r)
	if err == nil && img == nil {
		err = errs.Invalid(map[string]string{"image": "choose a picture"})
	}
	if err == nil {
		_, err = h.App.AddPhoto(r.Context(), user(r), id, img)
	}
	if err != nil {
		fail(w, r, id, err, "profile")
		return
	}
	back(w, r, id, "Photo added.", "profile")
}

func (h *Handlers) dashDeletePhoto(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.App.DeletePhoto(r.Context(), user(r), id, r.PathValue("photoId")); err != nil {
		fail(w, r, id, err, "profile")
		return
	}
	back(w, r, id, "Photo removed.", "profile")
}
