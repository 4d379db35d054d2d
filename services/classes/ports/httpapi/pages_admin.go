package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

// mountAdmin registers the admins' pages: what waits (instructors to verify,
// reported reviews), an instructor's marks and a reported review's decision, each
// with its audit trail.
func (h *Handler) mountAdmin(mux *http.ServeMux) {
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequirePageRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /admin", admin(h.adminHome))
	mux.HandleFunc("GET /admin/instructors/{id}", admin(h.adminInstructor))
	mux.HandleFunc("POST /admin/instructors/{id}/{action}", admin(h.adminMark))
	mux.HandleFunc("GET /admin/reviews/{id}", admin(h.adminReview))
	mux.HandleFunc("POST /admin/reviews/{id}/{action}", admin(h.adminDecide))
}

type adminHomeData struct {
	Instructors      []domain.Profile
	InstructorsTotal int
	Reviews          []domain.Review
	ReviewsTotal     int
	All              []domain.Profile
}

func (h *Handler) adminHome(w http.ResponseWriter, r *http.Request) {
	var d adminHomeData
	var err error
	u := caller(r)
	if d.Instructors, d.InstructorsTotal, err = h.app.WaitingInstructors(r.Context(), u, web.MaxLimit, 0); err != nil {
		h.pageError(w, r, err)
		return
	}
	if d.Reviews, d.ReviewsTotal, err = h.app.ReportedReviews(r.Context(), u, web.MaxLimit, 0); err != nil {
		h.pageError(w, r, err)
		return
	}
	if d.All, _, err = h.app.Profiles(r.Context(), web.MaxLimit, 0); err != nil {
		h.pageError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin.html", "Classes admin", d)
}

// markForm is one of an instructor's marks an admin may set or take off.
type markForm struct {
	Action string
	Danger bool
}

type adminInstructorData struct {
	Profile domain.Profile
	Marks   []markForm
	Trail   []audit.Entry
	Error   string
}

func (h *Handler) adminInstructor(w http.ResponseWriter, r *http.Request) {
	rev, err := h.app.InstructorForAdmin(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	p := rev.Profile
	d := adminInstructorData{Profile: p, Trail: rev.Trail, Error: r.URL.Query().Get("err"),
		Marks: []markForm{{Action: "verify"}, {Action: "feature"}}}
	if p.Verified {
		d.Marks[0] = markForm{Action: "unverify", Danger: true}
	}
	if p.Featured {
		d.Marks[1] = markForm{Action: "unfeature", Danger: true}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_instructor.html", p.DisplayName+" · admin", d)
}

func (h *Handler) adminMark(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("id"), r.PathValue("action")
	on := !strings.HasPrefix(action, "un")
	var verified, featured *bool
	switch strings.TrimPrefix(action, "un") {
	case "verify":
		verified = &on
	case "feature":
		featured = &on
	default:
		h.pageError(w, r, errs.NotFound("Action"))
		return
	}
	v, err := h.app.MarkProfile(r.Context(), caller(r), id, verified, featured, r.PostFormValue("reason"))
	if isPageless(err) {
		h.pageError(w, r, err)
		return
	}
	back(w, r, "/admin/instructors/"+url.PathEscape(id), err,
		v.Profile.DisplayName+": "+strings.ToLower(h.pages.Word("decision", action).Text)+".")
}

// reviewDecisionForm is one decision on a reported review.
type reviewDecisionForm struct {
	Action      string
	NeedsReason bool
}

type adminReviewData struct {
	Case      app.ReviewCase
	Decisions []reviewDecisionForm
	Error     string
}

func (h *Handler) adminReview(w http.ResponseWriter, r *http.Request) {
	c, err := h.app.ReviewForAdmin(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := adminReviewData{Case: c, Error: r.URL.Query().Get("err")}
	if c.Review.Standing == domain.ReviewReported {
		for _, a := range []domain.ReviewDecision{domain.KeepReview, domain.RemoveReview} {
			d.Decisions = append(d.Decisions, reviewDecisionForm{Action: string(a), NeedsReason: a.NeedsReason()})
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_review.html", "Review of "+c.Class.Title+" · admin", d)
}

func (h *Handler) adminDecide(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, ok := domain.ParseReviewDecision(r.PathValue("action"))
	if !ok {
		h.pageError(w, r, errs.NotFound("Action"))
		return
	}
	_, err := h.app.DecideReview(r.Context(), caller(r), id, a, r.PostFormValue("reason"))
	if isPageless(err) {
		h.pageError(w, r, err)
		return
	}
	back(w, r, "/admin/reviews/"+url.PathEscape(id), err, "The review is "+strings.ToLower(h.pages.Word("decision", string(a)).Text)+".")
}

// isPageless reports whether err leaves no page to go back to: forbidden, not found
// or a failure of ours. Anything else is told on the page the form is on.
func isPageless(err error) bool {
	if err == nil {
		return false
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		return true
	}
	c := e.Class()
	return c == errs.CodeForbidden || c == errs.CodeNotFound || c == errs.CodeUnauthenticated
}
