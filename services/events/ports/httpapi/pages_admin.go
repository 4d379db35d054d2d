package httpapi

import (
	"errors"
	"net/http"
	"net/url"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// adminWords name what the audit trail of an order records.
var adminWords = ui.Vocabulary{
	"action": {"refund": {Text: "Refunded", Tone: words.Neutral}},
}

// The admins' pages: what waits for them here (refunds owed on cancelled events) and
// an order's page where they refund it, with its audit trail.
func (h *Handler) mountAdmin(mux *http.ServeMux) {
	if h.pages != nil {
		h.pages.Use(eventsapi.Words).Use(adminWords)
	}
	mux.HandleFunc("GET /admin", auth.RequirePage(h.adminPage))
	mux.HandleFunc("GET /admin/orders/{id}", auth.RequirePage(h.adminOrderPage))
	mux.HandleFunc("POST /admin/orders/{id}/refund", auth.RequirePage(h.adminRefundForm))
}

type adminData struct {
	Owed  []domain.RefundOwed
	Total int
}

func (h *Handler) adminPage(w http.ResponseWriter, r *http.Request) {
	owed, total, err := h.ev.RefundsOwed(r.Context(), caller(r), web.MaxLimit, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin.html", "Events admin", adminData{Owed: owed, Total: total})
}

type adminOrderData struct {
	app.OrderReview
	Error  string // why the last refund failed, by its form
	Reason string // what the admin wrote, kept for another try
}

func (h *Handler) adminOrderPage(w http.ResponseWriter, r *http.Request) {
	h.renderAdminOrder(w, r, http.StatusOK, adminOrderData{})
}

func (h *Handler) renderAdminOrder(w http.ResponseWriter, r *http.Request, status int, data adminOrderData) {
	rev, err := h.ev.ReviewOrder(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	data.OrderReview = rev
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "admin_order.html", "Order "+rev.Order.ID+" · admin", data)
}

func (h *Handler) adminRefundForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !caller(r).Has(auth.RoleAdmin) {
		h.pageError(w, r, auth.ErrForbidden)
		return
	}
	reason := r.PostFormValue("reason")
	o, err := h.ev.RefundBecause(r.Context(), caller(r), id, reason)
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) && (e.Class() == errs.CodeNotFound || e.Class() == errs.CodeForbidden) {
			h.pageError(w, r, err)
			return
		}
		// Stripe refused or is down, or the order moved meanwhile: the admin stays on
		// the page with what happened, their note kept.
		web.LoggerFrom(r.Context()).Warn("admin refund failed", "order", id, "error", err.Error())
		status := http.StatusBadGateway
		if e != nil {
			status = web.Status(e)
		}
		h.renderAdminOrder(w, r, status, adminOrderData{Error: message(err), Reason: reason})
		return
	}
	flash := "Refunded: " + ui.Money(o.TotalCents) + " to " + o.BuyerName + "."
	http.Redirect(w, r, "/admin/orders/"+url.PathEscape(id)+"?ok="+url.QueryEscape(flash), http.StatusSeeOther)
}
