package httpapi

import (
	"bytes"
	"net/http"
	"net/url"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

// The kitchen board: the live orders full screen, without the site around them, for
// a tablet across the kitchen. It rings for new orders (kitchen.js), pauses online
// ordering and marks dishes sold out in one tap.

func (h *Handlers) mountKitchen(mux *http.ServeMux) {
	mux.HandleFunc("GET /dashboard/{id}/kitchen", auth.RequirePage(h.kitchenPage))
	mux.HandleFunc("POST /dashboard/{id}/kitchen/pause", auth.RequirePage(h.kitchenPause))
	mux.HandleFunc("POST /dashboard/{id}/items/{itemId}/soldout", auth.RequirePage(h.kitchenSoldOut))
}

type kitchenData struct {
	ID, Name       string
	Paused         bool
	PrepMinutes    int
	Board          boardData
	Dishes         []kitchenDish
	Flash, Error   string
	CSRF           string
	DashboardURL   string
	SoldOutCount   int
	CanSetPrepTime bool
}

type kitchenDish struct {
	ID, Name string
	SoldOut  bool
}

func (h *Handlers) kitchenPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d, err := h.App.ByID(r.Context(), user(r), id)
	if err == nil && d.Role == "" {
		err = errs.Errorf(errs.CodeForbidden, "Only this restaurant's team may open its kitchen board.")
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
	board.Back = "kitchen"
	q := r.URL.Query()
	data := kitchenData{ID: id, Name: d.Restaurant.Name, Paused: d.Restaurant.OrderingPaused, PrepMinutes: d.Restaurant.PrepMinutes,
		Board: board, Flash: web.Flash(r, "flash"), Error: q.Get("err"), DashboardURL: "/dashboard/" + url.PathEscape(id),
		CanSetPrepTime: d.Role == domain.RoleOwner || d.Role == domain.RoleManager}
	if c, err := r.Cookie(ui.CSRFCookie); err == nil {
		data.CSRF = c.Value
	}
	for _, it := range d.Items {
		data.Dishes = append(data.Dishes, kitchenDish{ID: it.ID, Name: it.Name, SoldOut: !it.Available})
		if !it.Available {
			data.SoldOutCount++
		}
	}
	var buf bytes.Buffer
	if err := h.board.ExecuteTemplate(&buf, "kitchen-page", data); err != nil {
		web.WriteError(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", ui.PagePolicy)
	_, _ = w.Write(buf.Bytes())
}

func (h *Handlers) kitchenPause(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ret := boardReturn(r)
	paused := r.PostFormValue("paused") == "1"
	k := app.Kitchen{Paused: &paused}
	if _, err := h.App.SetKitchen(r.Context(), user(r), id, k); err != nil {
		ret.fail(w, r, id, err)
		return
	}
	if paused {
		ret.back(w, r, id, "Online ordering is paused. Customers see that you are not taking orders right now.")
		return
	}
	ret.back(w, r, id, "Online ordering is back on.")
}

func (h *Handlers) kitchenSoldOut(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ret := boardReturn(r)
	soldOut := r.PostFormValue("soldOut") == "1"
	m, err := h.App.SetSoldOut(r.Context(), user(r), id, r.PathValue("itemId"), soldOut)
	if err != nil {
		ret.fail(w, r, id, err)
		return
	}
	if soldOut {
		ret.back(w, r, id, m.Name+" is sold out; customers cannot order it.")
		return
	}
	ret.back(w, r, id, m.Name+" is back on the menu.")
}

// returnTo is where a board form goes back to: the dashboard's board, or the
// full-screen kitchen board the form was sent from.
type returnTo struct{ kitchen bool }

func boardReturn(r *http.Request) returnTo {
	return returnTo{kitchen: r.PostFormValue("back") == "kitchen"}
}

func (t returnTo) back(w http.ResponseWriter, r *http.Request, id, msg string) {
	t.redirect(w, r, id, "flash", msg)
}

func (t returnTo) refuse(w http.ResponseWriter, r *http.Request, id, msg string) {
	t.redirect(w, r, id, "err", msg)
}

func (t returnTo) fail(w http.ResponseWriter, r *http.Request, id string, err error) {
	t.refuse(w, r, id, message(w, r, err))
}

func (t returnTo) redirect(w http.ResponseWriter, r *http.Request, id, param, msg string) {
	if !t.kitchen {
		redirect(w, r, id, param, msg, "board")
		return
	}
	http.Redirect(w, r, "/dashboard/"+url.PathEscape(id)+"/kitchen?"+param+"="+url.QueryEscape(msg), http.StatusSeeOther)
}
