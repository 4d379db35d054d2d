package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/domain"
)

func (h *Handler) listReviews(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	// A signed-in owner reads the reviews of a listing not yet approved: theirs alone.
	id := r.PathValue("id")
	key := fmt.Sprintf("reviews %s %d %d", id, page.Limit, page.Offset)
	_ = cache.ServeJSON(h.cache, w, r, key, 0, caller(r), func(ctx context.Context, u *auth.User) (web.List[servicesapi.Review], error) {
		if _, err := h.app.Public(ctx, u, id); err != nil {
			return web.List[servicesapi.Review]{}, err
		}
		rs, total, err := h.app.Reviews(ctx, id, page.Limit, page.Offset)
		if err != nil {
			return web.List[servicesapi.Review]{}, err
		}
		out := make([]servicesapi.Review, len(rs))
		for i, x := range rs {
			out[i] = reviewOut(x)
		}
		return web.NewList(out, total, page), nil
	})
}

func (h *Handler) addReview(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.ReviewInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.AddReview(r.Context(), caller(r), r.PathValue("id"), domain.ReviewInput{Rating: in.Rating, Body: in.Body})
	answer(w, r, http.StatusCreated, reviewOut(v), err)
}

func (h *Handler) editReview(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.ReviewInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.EditReview(r.Context(), caller(r), r.PathValue("id"), domain.ReviewInput{Rating: in.Rating, Body: in.Body})
	answer(w, r, http.StatusOK, reviewOut(v), err)
}

func (h *Handler) reply(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.BodyInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.ReplyToReview(r.Context(), caller(r), r.PathValue("id"), in.Body)
	answer(w, r, http.StatusOK, reviewOut(v), err)
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.BodyInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.ReportReview(r.Context(), caller(r), r.PathValue("id"), in.Body)
	answer(w, r, http.StatusOK, reviewOut(v), err)
}

func (h *Handler) decideReview(keep bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		reason, err := audit.ReasonFrom(r)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		v, err := h.app.DecideReview(r.Context(), caller(r), r.PathValue("id"), keep, reason)
		answer(w, r, http.StatusOK, reviewOut(v), err)
	}
}
