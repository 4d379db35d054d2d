package httpapi

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/services/app"
	"stepperslife/services/services/domain"
)

// AdminWords name the admins' actions: "decide" on the buttons, "decision" in the
// audit trail.
var AdminWords = ui.Vocabulary{
	"decide": {
		"approve": {Text: "Approve", Tone: words.Good}, "reject": {Text: "Reject", Tone: words.Bad},
		"suspend": {Text: "Suspend", Tone: words.Bad}, "premium": {Text: "Make premium", Tone: words.Active},
		"verify": {Text: "Verify the licence", Tone: words.Good}, "unverify": {Text: "Take the badge away", Tone: words.Bad},
		"keep": {Text: "Keep the review", Tone: words.Good}, "remove": {Text: "Remove the review", Tone: words.Bad},
	},
	"decision": {
		"approve": {Text: "Approved", Tone: words.Good}, "reject": {Text: "Rejected", Tone: words.Bad},
		"suspend": {Text: "Suspended", Tone: words.Bad}, "premium": {Text: "Premium set", Tone: words.Active},
		"verify": {Text: "Verified", Tone: words.Good}, "unverify": {Text: "Badge taken away", Tone: words.Bad},
		"keep_review": {Text: "Review kept", Tone: words.Good}, "remove_review": {Text: "Review removed", Tone: words.Bad},
	},
}

func (h *Handler) mountAdmin(mux *http.ServeMux) {
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequirePageRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /admin", admin(h.adminHome))
	mux.HandleFunc("GET /admin/providers/{id}", admin(h.adminProvider))
	mux.HandleFunc("GET /admin/providers/{id}/licence", admin(h.licenceFile))
	mux.HandleFunc("POST /admin/providers/{id}/{action}", admin(h.adminProviderForm))
	mux.HandleFunc("GET /admin/reviews/{id}", admin(h.adminReview))
	mux.HandleFunc("POST /admin/reviews/{id}/{action}", admin(h.adminReviewForm))
}

func (h *Handler) adminHome(w http.ResponseWriter, r *http.Request) {
	apps, nApps, err := h.app.Applications(r.Context(), web.MaxLimit, 0)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	reviews, nReviews, err := h.app.ReportedReviews(r.Context(), web.MaxLimit, 0)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	licences, nLicences, err := h.app.LicencesToVerify(r.Context(), web.MaxLimit, 0)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin.html", "Services admin",
		map[string]any{"Apps": apps, "AppsTotal": nApps, "Reviews": reviews, "ReviewsTotal": nReviews,
			"Licences": licences, "LicencesTotal": nLicences})
}

// providerActions are the forms a listing in status st offers an admin.
func providerActions(p domain.Provider) []string {
	var out []string
	for _, to := range []domain.ProviderStatus{domain.ProviderApproved, domain.ProviderRejected, domain.ProviderSuspended} {
		if p.Status.CanMove(to) {
			out = append(out, map[domain.ProviderStatus]string{domain.ProviderApproved: "approve",
				domain.ProviderRejected: "reject", domain.ProviderSuspended: "suspend"}[to])
		}
	}
	if p.Status == domain.ProviderApproved {
		out = append(out, "premium")
	}
	if p.Verified {
		return append(out, "unverify")
	}
	return append(out, "verify")
}

func (h *Handler) adminProvider(w http.ResponseWriter, r *http.Request) {
	h.showAdminProvider(w, r, http.StatusOK, "")
}

func (h *Handler) showAdminProvider(w http.ResponseWriter, r *http.Request, status int, problem string) {
	v, err := h.app.Public(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	trail, err := h.app.Trail(r.Context(), app.SubjectProvider, v.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "admin_provider.html", v.BusinessName+" · admin", map[string]any{
		"P": v.Provider, "Description": template.HTML(v.DescriptionHTML), // sanitized by bluemonday
		"Actions": providerActions(v.Provider), "Trail": trail, "Error": problem})
}

func (h *Handler) adminProviderForm(w http.ResponseWriter, r *http.Request) {
	id, action, reason := r.PathValue("id"), r.PathValue("action"), r.PostFormValue("reason")
	u := caller(r)
	var err error
	switch action {
	case "approve":
		_, err = h.app.Approve(r.Context(), u, id, reason)
	case "reject":
		_, err = h.app.Reject(r.Context(), u, id, reason)
	case "suspend":
		_, err = h.app.Suspend(r.Context(), u, id, reason)
	case "verify", "unverify":
		_, err = h.app.Verify(r.Context(), u, id, action == "verify", reason)
	case "premium":
		day, perr := time.ParseInLocation(dayLayout, r.PostFormValue("until"), chicago)
		if perr != nil {
			err = errs.Invalid(map[string]string{"until": "must be a date"})
			break
		}
		until := day.AddDate(0, 0, 1) // through the end of that day in Chicago
		_, err = h.app.SetPremium(r.Context(), u, id, &until, reason)
	default:
		web.WriteError(w, r, errs.NotFound("Action"))
		return
	}
	if h.formFailed(w, r, err, func(msg string, status int) { h.showAdminProvider(w, r, status, msg) }) {
		return
	}
	http.Redirect(w, r, "/admin/providers/"+url.PathEscape(id)+"?ok="+url.QueryEscape("Listing "+strings.ToLower(h.pages.Word("decision", action).Text)+"."), http.StatusSeeOther)
}

// formFailed shows a refused admin form on its page (show) and reports whether it did.
func (h *Handler) formFailed(w http.ResponseWriter, r *http.Request, err error, show func(msg string, status int)) bool {
	if err == nil {
		return false
	}
	var e *errs.Error
	if errors.As(err, &e) && e.Class() != errs.CodeForbidden && e.Class() != errs.CodeNotFound {
		show(message(e), web.Status(e))
		return true
	}
	web.WriteError(w, r, err)
	return true
}

func (h *Handler) adminReview(w http.ResponseWriter, r *http.Request) {
	h.showAdminReview(w, r, http.StatusOK)
}

func (h *Handler) showAdminReview(w http.ResponseWriter, r *http.Request, status int) {
	rv, p, err := h.app.ReviewForAdmin(r.Context(), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	trail, err := h.app.Trail(r.Context(), app.SubjectReview, rv.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, status, "admin_review.html", "Reported review · admin",
		map[string]any{"R": rv, "P": p, "Actions": []string{"keep", "remove"}, "Trail": trail})
}

func (h *Handler) adminReviewForm(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("id"), r.PathValue("action")
	if action != "keep" && action != "remove" {
		web.WriteError(w, r, errs.NotFound("Action"))
		return
	}
	reason, err := audit.Reason(r.PostFormValue("reason"), false)
	if err == nil {
		_, err = h.app.DecideReview(r.Context(), caller(r), id, action == "keep", reason)
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin?ok="+url.QueryEscape(h.pages.Word("decision", action+"_review").Text+"."), http.StatusSeeOther)
}

// chicago is where admins pick dates.
var chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("CT", -6*3600)
}()
