package httpapi

import (
	"net/http"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/domain"
)

// reportReview hides a review until an admin looks: {"reason"}.
func (h *Handler) reportReview(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.ReportReview(r.Context(), caller(r), r.PathValue("id"), req.Reason)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, reviewOut(v))
}

// decideReview is an admin's keep or remove of a reported review: {"reason"},
// required to remove.
func (h *Handler) decideReview(w http.ResponseWriter, r *http.Request) {
	d, ok := domain.ParseReviewDecision(r.PathValue("action"))
	if !ok {
		web.WriteError(w, r, errs.NotFound("Action"))
		return
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			web.WriteError(w, r, err)
			return
		}
	}
	v, err := h.app.DecideReview(r.Context(), caller(r), r.PathValue("id"), d, req.Reason)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, reviewOut(v))
}
