package httpapi

import (
	"net/http"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/web"
)

func (h *Handler) favourites(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	ps, total, err := h.app.Favourites(r.Context(), caller(r), page.Limit, page.Offset)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := make([]servicesapi.Provider, len(ps))
	for i, p := range ps {
		out[i] = h.providerOut(p, nil)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}

func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	noContent(w, r, h.app.Save(r.Context(), caller(r), r.PathValue("id")))
}

func (h *Handler) unsave(w http.ResponseWriter, r *http.Request) {
	noContent(w, r, h.app.Unsave(r.Context(), caller(r), r.PathValue("id")))
}

func noContent(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		writeErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	st, err := h.app.ListingStats(r.Context(), caller(r), r.PathValue("id"))
	out := servicesapi.ListingStats{Views30: st.Views30, Trend: []servicesapi.MonthRating{}}
	for _, m := range st.Trend {
		out.Trend = append(out.Trend, servicesapi.MonthRating{Month: m.Month.Format("2006-01"), Average: m.Average, Count: m.Count})
	}
	answer(w, r, http.StatusOK, out, err)
}
