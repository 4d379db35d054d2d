package httpapi

import (
	"errors"
	"net/http"
	"net/url"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/restaurants/app"
)

// refundWords name what admins did about a stuck refund, as its audit trail says it.
var refundWords = ui.Vocabulary{
	"refundAction": {
		app.ActionRetryRefund:   {Text: "Refund asked of Stripe again", Tone: words.Active},
		app.ActionRefundSettled: {Text: "Marked refunded: Stripe had refunded it", Tone: words.Good},
	},
}

type adminOrderData struct {
	app.OrderReview
	Error  string // why the last retry failed, shown by its form
	Reason string // what the admin wrote, kept for another try
}

func (h *Handlers) adminOrder(w http.ResponseWriter, r *http.Request) {
	h.renderAdminOrder(w, r, http.StatusOK, adminOrderData{})
}

func (h *Handlers) renderAdminOrder(w http.ResponseWriter, r *http.Request, status int, data adminOrderData) {
	rev, err := h.App.ReviewOrder(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	data.OrderReview = rev
	w.Header().Set("Cache-Control", "private, no-store")
	h.pages.Render(w, r, status, "admin_order.html", h.view(r, "Order "+rev.Order.Number+" · admin", data))
}

func (h *Handlers) adminRetryRefund(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	reason := r.PostFormValue("reason")
	o, settled, err := h.App.RetryRefund(r.Context(), user(r), id, reason)
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) && (e.Class() == errs.CodeNotFound || e.Class() == errs.CodeForbidden) {
			web.WriteError(w, r, err)
			return
		}
		// Stripe refused or is down, or the refund settled meanwhile: the admin stays
		// on the page with what happened, their note kept.
		web.LoggerFrom(r.Context()).Warn("admin refund retry failed", "order", id, "error", err.Error())
		h.renderAdminOrder(w, r, web.Status(err), adminOrderData{Error: message(w, r, err), Reason: reason})
		return
	}
	flash := "Stripe took the refund of " + ui.Money(o.TotalCents) + " again; the order waits for Stripe to confirm it."
	if settled {
		flash = "Stripe had refunded " + ui.Money(o.TotalCents) + " already; the order is marked refunded."
	}
	http.Redirect(w, r, "/admin/orders/"+url.PathEscape(id)+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
}
