package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/audit"
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
	w.Header().Add("Vary", "Authorization, Cookie")
	u, id := caller(r), r.PathValue("id")
	list := func(ctx context.Context) (cache.Answer, error) {
		if _, err := h.app.Public(ctx, u, id); err != nil {
			return cache.Answer{}, err
		}
		rs, total, err := h.app.Reviews(ctx, id, page.Limit, page.Offset)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]servicesapi.Review, len(rs))
		for i, x := range rs {
			out[i] = reviewOut(x)
		}
		return cache.JSON(web.NewList(out, total, page))
	}
	// A signed-in owner reads the reviews of a listing not yet approved: theirs alone.
	if u != nil {
		w.Header().Set("Cache-Control", cache.Private)
		a, err := list(r.Context())
		if err != nil {
			writeErr(w, r, err)
			return
		}
		writeAnswer(w, a)
		return
	}
	if err := h.cache.Serve(w, r, fmt.Sprintf("reviews %s %d %d", id, page.Limit, page.Offset), 0, list); err != nil {
		writeErr(w, r, err)
	}
}

// writeAnswer writes an encoded answer as it is.
func writeAnswer(w http.ResponseWriter, a cache.Answer) {
	w.Header().Set("Content-Type", a.Type)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(a.Body)
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
