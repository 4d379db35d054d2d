package httpapi

import (
	"net/http"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/store/app"
)

// mountFailedPayments registers the admins' page of failed card payments waiting
// for a person, and the form that records one handled.
func (h *Handler) mountFailedPayments(mux *http.ServeMux) {
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequirePageRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /admin/payments", admin(h.failedPaymentsPage))
	mux.HandleFunc("POST /admin/orders/{id}/payment-handled", admin(h.paymentHandledForm))
}

type failedPaymentsPage struct {
	Orders []storeapi.Order
	Total  int
	Error  string
}

func (h *Handler) failedPaymentsPage(w http.ResponseWriter, r *http.Request) {
	l, err := h.app.FailedPayments(r.Context(), user(r), app.Page{Limit: 100})
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := failedPaymentsPage{Total: l.Total, Error: r.URL.Query().Get("err")}
	for _, o := range l.Items {
		d.Orders = append(d.Orders, h.orderOut(o))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_payments.html", "Failed payments", d)
}

func (h *Handler) paymentHandledForm(w http.ResponseWriter, r *http.Request) {
	o, err := h.app.HandleFailedPayment(r.Context(), user(r), r.PathValue("id"), formOf(r).Get("reason"))
	back(w, r, "/admin/payments", err, "Order "+o.Number+" is handled; your note is in its audit trail.")
}
