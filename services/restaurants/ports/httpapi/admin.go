package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

// adminWords name the admins' decisions, as the audit trail and the buttons say them.
var adminWords = ui.Vocabulary{
	"decision": {
		string(domain.Approve):   {Text: "Approved", Tone: words.Good},
		string(domain.Reject):    {Text: "Not approved", Tone: words.Bad},
		string(domain.Suspend):   {Text: "Suspended", Tone: words.Bad},
		string(domain.Reinstate): {Text: "Reinstated", Tone: words.Good},
	},
	"decide": {
		string(domain.Approve):   {Text: "Approve", Tone: words.Good},
		string(domain.Reject):    {Text: "Reject", Tone: words.Bad},
		string(domain.Suspend):   {Text: "Suspend", Tone: words.Bad},
		string(domain.Reinstate): {Text: "Reinstate", Tone: words.Good},
	},
}

// adminTabs are the lists of the admin page, the applications waiting first.
var adminTabs = []domain.RestaurantStatus{domain.Pending, domain.Approved, domain.Suspended, domain.Rejected}

func (h *Handlers) mountAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin", auth.RequirePageRole(h.adminHome, auth.RoleAdmin))
	mux.HandleFunc("GET /admin/restaurants/{id}", auth.RequirePageRole(h.adminReview, auth.RoleAdmin))
	mux.HandleFunc("POST /admin/restaurants/{id}/{action}", auth.RequirePageRole(h.adminDecide, auth.RoleAdmin))
	mux.HandleFunc("GET /admin/orders/{id}", auth.RequirePageRole(h.adminOrder, auth.RoleAdmin))
	mux.HandleFunc("POST /admin/orders/{id}/retry-refund", auth.RequirePageRole(h.adminRetryRefund, auth.RoleAdmin))
}

type adminTab struct {
	Status  string
	Current bool
}

type adminHomeData struct {
	Status      string
	Tabs        []adminTab
	Restaurants []domain.Restaurant
	Total       int
	// Refunds are the card refunds Stripe has not settled long after they were asked.
	Refunds      []domain.Order
	RefundsTotal int
}

func (h *Handlers) adminHome(w http.ResponseWriter, r *http.Request) {
	status := domain.RestaurantStatus(strings.ToUpper(r.URL.Query().Get("status")))
	if status == "" {
		status = domain.Pending
	}
	data := adminHomeData{Status: string(status)}
	known := false
	for _, s := range adminTabs {
		data.Tabs = append(data.Tabs, adminTab{Status: string(s), Current: s == status})
		known = known || s == status
	}
	if !known {
		web.WriteError(w, r, errs.Invalid(map[string]string{"status": "is not a restaurant status"}))
		return
	}
	l, err := h.App.ForModeration(r.Context(), user(r), status, app.Page{Limit: web.MaxLimit})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	data.Restaurants, data.Total = l.Items, l.Total
	if data.Refunds, data.RefundsTotal, err = h.App.RefundsWaiting(r.Context(), user(r), app.Page{Limit: web.MaxLimit}); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.pages.Render(w, r, http.StatusOK, "admin.html", h.view(r, "Restaurant admin", data))
}

type reviewData struct {
	R         domain.Restaurant
	Decisions []decisionForm
	Trail     []audit.Entry
	Error     string // what went wrong with the last decision, shown by its form
	Failed    string // the action that failed
	Reason    string // what the admin wrote, kept for another try
}

type decisionForm struct {
	Action      string
	NeedsReason bool
}

func (h *Handlers) adminReview(w http.ResponseWriter, r *http.Request) {
	h.renderReview(w, r, http.StatusOK, reviewData{})
}

// renderReview shows the review page of a restaurant with what failed, if anything.
func (h *Handlers) renderReview(w http.ResponseWriter, r *http.Request, status int, data reviewData) {
	rev, err := h.App.Review(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	data.R, data.Trail = rev.Restaurant, rev.Trail
	for _, a := range rev.Decisions {
		data.Decisions = append(data.Decisions, decisionForm{Action: string(a), NeedsReason: a.NeedsReason()})
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.pages.Render(w, r, status, "admin_restaurant.html", h.view(r, rev.Restaurant.Name+" · admin", data))
}

func (h *Handlers) adminDecide(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, ok := domain.ParseAdminAction(r.PathValue("action"))
	if !ok {
		web.WriteError(w, r, errs.NotFound("Action"))
		return
	}
	reason := r.PostFormValue("reason")
	rs, err := h.App.Moderate(r.Context(), user(r), id, a, reason)
	var e *errs.Error
	if errors.As(err, &e) && e.Class() != errs.CodeForbidden && e.Class() != errs.CodeNotFound {
		// The admin stays on the page, their reason kept, the trouble named by the form.
		h.renderReview(w, r, web.Status(err), reviewData{Error: decisionTrouble(w, r, err), Failed: string(a), Reason: reason})
		return
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	flash := rs.Name + ": " + strings.ToLower(h.pages.Word("decision", string(a)).Text) + "."
	http.Redirect(w, r, "/admin/restaurants/"+url.PathEscape(id)+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
}

// decisionTrouble is what the admin reads about a refused decision: the reason's
// trouble in a sentence of its own, anything else as the dashboard says it.
func decisionTrouble(w http.ResponseWriter, r *http.Request, err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		if f, ok := e.Details["fields"].(map[string]any); ok {
			if why, ok := f["reason"].(string); ok {
				return "The reason " + why + "."
			}
		}
	}
	return message(w, r, err)
}
