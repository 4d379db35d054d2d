package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/app"
	"stepperslife/services/services/domain"
)

func (h *Handler) mountDashboard(mux *http.ServeMux) {
	page := auth.RequirePage
	mux.HandleFunc("GET /dashboard", page(h.dashboardPage))
	mux.HandleFunc("POST /dashboard/reviews/{id}/reply", page(h.replyForm))
	mux.HandleFunc("POST /dashboard/listings/{id}/booked", page(h.markBookedForm))
	mux.HandleFunc("POST /dashboard/listings/{id}/booked/{date}/free", page(h.freeDayForm))
	mux.HandleFunc("POST /dashboard/listings/{id}/calendar", page(h.calendarForm))
	mux.HandleFunc("POST /dashboard/listings/{id}/licence", page(h.licenceForm))
	mux.HandleFunc("POST /dashboard/listings/{id}/photos", page(h.photoForm))
	mux.HandleFunc("GET /dashboard/apply", page(h.applyPage))
	mux.HandleFunc("POST /dashboard/apply", page(h.applySubmit))
	mux.HandleFunc("GET /inquiries/{id}", page(h.inquiryPage))
	mux.HandleFunc("POST /inquiries/{id}/messages", page(h.messageForm))
	mux.HandleFunc("POST /inquiries/{id}/archive", page(h.archiveForm))
}

type inboxTab struct {
	Status  string
	Count   int
	Current bool
}

type listingPanel struct {
	P          domain.Provider
	Stars      string
	Rate       string
	Tabs       []inboxTab
	Inbox      []domain.Inquiry
	Unanswered []domain.Review
	Booked     []domain.BookedDay
	Today      string
	Stats      app.Stats
	Photos     []string
}

// dashboardPage shows each of the provider's listings with its inbox by status (NEW
// first) and the reviews still waiting for an answer.
func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), caller(r)
	mine, err := h.app.MyProviders(ctx, u)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	want := domain.InquiryStatus(strings.ToUpper(r.URL.Query().Get("status")))
	if want == "" {
		want = domain.InquiryNew
	}
	if !validInquiryStatus(want) {
		web.WriteError(w, r, errs.Invalid(map[string]string{"status": "is not an inbox"}))
		return
	}
	panels := make([]listingPanel, 0, len(mine))
	for _, p := range mine {
		v, err := h.app.Public(ctx, u, p.ID)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		panel := listingPanel{P: p, Stars: stars(p.Rating())}
		for _, ph := range v.Photos {
			panel.Photos = append(panel.Photos, h.app.ImageURL(ph.Key))
		}
		if rate := v.Response.Rate(); rate != nil {
			panel.Rate = strconv.Itoa(*rate)
		}
		current := want
		if l := r.URL.Query().Get("listing"); l != "" && l != p.ID {
			current = domain.InquiryNew
		}
		for _, st := range domain.InquiryStatuses {
			_, n, err := h.app.ProviderInquiries(ctx, u, p.ID, st, 1, 0)
			if err != nil {
				web.WriteError(w, r, err)
				return
			}
			panel.Tabs = append(panel.Tabs, inboxTab{Status: string(st), Count: n, Current: st == current})
		}
		if panel.Inbox, _, err = h.app.ProviderInquiries(ctx, u, p.ID, current, web.MaxLimit, 0); err != nil {
			web.WriteError(w, r, err)
			return
		}
		for _, rv := range v.RecentReviews {
			if rv.RepliedAt == nil {
				panel.Unanswered = append(panel.Unanswered, rv)
			}
		}
		if panel.Booked, err = h.app.BookedDays(ctx, u, p.ID); err != nil {
			web.WriteError(w, r, err)
			return
		}
		panel.Today = domain.Today(h.app.Now()).Format(domain.DayLayout)
		if panel.Stats, err = h.app.ListingStats(ctx, u, p.ID); err != nil {
			web.WriteError(w, r, err)
			return
		}
		panels = append(panels, panel)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "dashboard.html", "Provider dashboard", map[string]any{"Listings": panels,
		"Error": r.URL.Query().Get("err")})
}

func (h *Handler) replyForm(w http.ResponseWriter, r *http.Request) {
	if _, err := h.app.ReplyToReview(r.Context(), caller(r), r.PathValue("id"), r.PostFormValue("body")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	http.Redirect(w, r, "/dashboard?ok="+url.QueryEscape("Your answer is on your page."), http.StatusSeeOther)
}

// inquiryPage is the thread of a quote request, for its two parties and admins.
func (h *Handler) inquiryPage(w http.ResponseWriter, r *http.Request) {
	h.showInquiry(w, r, http.StatusOK, "")
}

func (h *Handler) showInquiry(w http.ResponseWriter, r *http.Request, status int, problem string) {
	u := caller(r)
	v, err := h.app.Inquiry(r.Context(), u, r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	owner := v.Provider.IsOwner(u.ID, u.VerifiedEmail())
	data := map[string]any{"Q": v, "Owner": owner, "Party": owner || u.ID == v.CustomerID, "Error": problem}
	if v.BudgetCents != nil {
		data["Budget"] = *v.BudgetCents
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "inquiry.html", "Quote request", data)
}

func (h *Handler) messageForm(w http.ResponseWriter, r *http.Request) {
	_, err := h.app.PostMessage(r.Context(), caller(r), r.PathValue("id"), r.PostFormValue("body"))
	h.afterInquiryForm(w, r, err, "Sent. They get an e-mail.")
}

func (h *Handler) archiveForm(w http.ResponseWriter, r *http.Request) {
	_, err := h.app.MoveInquiry(r.Context(), caller(r), r.PathValue("id"), domain.InquiryArchived)
	h.afterInquiryForm(w, r, err, "Archived.")
}

func (h *Handler) afterInquiryForm(w http.ResponseWriter, r *http.Request, err error, done string) {
	var e *errs.Error
	if errors.As(err, &e) && e.Class() != errs.CodeNotFound && e.Class() != errs.CodeForbidden {
		h.showInquiry(w, r, web.Status(e), message(e))
		return
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	http.Redirect(w, r, "/inquiries/"+url.PathEscape(r.PathValue("id"))+"?ok="+url.QueryEscape(done), http.StatusSeeOther)
}
