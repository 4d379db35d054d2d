package httpapi

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/app"
	"stepperslife/services/services/domain"
)

// searchOf reads a directory search from the query: q, category, city, zip, within
// (miles), minPrice/maxPrice (BUDGET…LUXURY), minRating, verified.
func searchOf(r *http.Request) (app.Search, string, error) {
	q := r.URL.Query()
	f := app.Search{Words: q.Get("q"), Category: domain.Category(strings.ToUpper(strings.TrimSpace(q.Get("category")))),
		City: strings.TrimSpace(q.Get("city"))}
	bad := map[string]string{}
	if v := q.Get("within"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			bad["within"] = "must be whole miles"
		}
		f.WithinMiles = n
	}
	for key, dst := range map[string]*int{"minPrice": &f.PriceMin, "maxPrice": &f.PriceMax} {
		if v := q.Get(key); v != "" {
			if *dst = domain.PriceRange(strings.ToUpper(v)).Level(); *dst == 0 {
				bad[key] = "must be BUDGET, MODERATE, PREMIUM or LUXURY"
			}
		}
	}
	if v := q.Get("minRating"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			bad["minRating"] = "must be a number from 0 to 5"
		}
		f.MinRating = x
	}
	if v := strings.TrimSpace(q.Get("eventDate")); v != "" {
		day, err := time.Parse(dayLayout, v)
		if err != nil {
			bad["eventDate"] = "must be a date (YYYY-MM-DD)"
		}
		f.FreeOn = &day
	}
	if v := q.Get("verified"); v != "" {
		f.Verified = v == "true" || v == "1"
	}
	page, err := web.ParsePage(r)
	if err != nil {
		return f, "", err
	}
	f.Limit, f.Offset = page.Limit, page.Offset
	if len(bad) > 0 {
		return f, "", errs.Invalid(bad)
	}
	return f, q.Get("zip"), nil
}

func (h *Handler) listProviders(w http.ResponseWriter, r *http.Request) {
	f, zip, err := searchOf(r)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	// Premium listings lead until their time runs out: the answer stands for a window.
	err = h.cache.Serve(w, r, "list "+searchQuery(r).Encode(), feed.Window, func(ctx context.Context) (cache.Answer, error) {
		ps, total, err := h.app.Search(ctx, f, zip)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]servicesapi.Provider, len(ps))
		for i, p := range ps {
			out[i] = h.providerOut(p, nil)
		}
		return cache.JSON(web.NewList(out, total, web.Page{Limit: f.Limit, Offset: f.Offset}))
	})
	if err != nil {
		writeErr(w, r, err)
	}
}

// searchParams are the query parameters a search reads.
var searchParams = []string{"q", "category", "city", "zip", "within", "minPrice", "maxPrice", "minRating", "eventDate",
	"verified", "limit", "offset"}

// searchQuery is r's search as it is kept: the parameters a search reads, once each,
// trimmed, in one order; searchOf bounds their values.
func searchQuery(r *http.Request) url.Values {
	in, out := r.URL.Query(), url.Values{}
	for _, k := range searchParams {
		if v := strings.TrimSpace(in.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// getProvider: a signed-in caller may own a listing not yet approved, so only
// anonymous answers are kept and shared. Every visit is counted, kept answer or not.
func (h *Handler) getProvider(w http.ResponseWriter, r *http.Request) {
	u, slug := caller(r), r.PathValue("slug")
	err := cache.ServeJSON(h.cache, w, r, "provider "+slug, feed.Window, u, func(ctx context.Context, u *auth.User) (servicesapi.Provider, error) {
		v, err := h.app.Public(ctx, u, slug)
		if err != nil {
			return servicesapi.Provider{}, err
		}
		if u != nil {
			h.app.Viewed(ctx, u, v.Provider) // read for this visit alone
		}
		return h.providerOut(v.Provider, &v), nil
	})
	if err == nil && u == nil {
		h.app.ViewedListing(r.Context(), nil, slug) // a kept answer reads no listing
	}
}

func (h *Handler) answerView(w http.ResponseWriter, r *http.Request, status int, v app.ProviderView, err error) {
	if err != nil {
		writeErr(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.providerOut(v.Provider, &v))
}

func (h *Handler) categories(w http.ResponseWriter, r *http.Request) {
	err := h.cache.Serve(w, r, "categories", 0, func(ctx context.Context) (cache.Answer, error) {
		cs, err := h.app.Categories(ctx)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]servicesapi.Category, len(cs))
		for i, c := range cs {
			out[i] = servicesapi.Category{Key: string(c.Category), Name: servicesapi.Words["category"][string(c.Category)].Text, Count: c.Count}
		}
		return cache.JSON(web.NewList(out, len(out), web.Page{Limit: len(out)}))
	})
	if err != nil {
		writeErr(w, r, err)
	}
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.ProviderInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.Apply(r.Context(), caller(r), providerIn(in))
	h.answerView(w, r, http.StatusCreated, v, err)
}

func (h *Handler) myProviders(w http.ResponseWriter, r *http.Request) {
	ps, err := h.app.MyProviders(r.Context(), caller(r))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := make([]servicesapi.Provider, len(ps))
	for i, p := range ps {
		out[i] = h.providerOut(p, nil)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}

func (h *Handler) addPhoto(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > imaging.MaxUploadBytes {
		writeErr(w, r, imaging.ErrTooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, imaging.MaxUploadBytes+1))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.AddPhoto(r.Context(), caller(r), r.PathValue("id"), data)
	h.answerView(w, r, http.StatusCreated, v, err)
}

// adminMove approves, rejects (a reason is required) or suspends a listing; the
// body may carry {"reason"}.
func (h *Handler) adminMove(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		reason, err := audit.ReasonFrom(r)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		var v app.ProviderView
		switch action {
		case "approve":
			v, err = h.app.Approve(r.Context(), caller(r), r.PathValue("id"), reason)
		case "reject":
			v, err = h.app.Reject(r.Context(), caller(r), r.PathValue("id"), reason)
		default:
			v, err = h.app.Suspend(r.Context(), caller(r), r.PathValue("id"), reason)
		}
		h.answerView(w, r, http.StatusOK, v, err)
	}
}

func (h *Handler) premium(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.PremiumInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.SetPremium(r.Context(), caller(r), r.PathValue("id"), in.Until, "")
	h.answerView(w, r, http.StatusOK, v, err)
}

func (h *Handler) verify(on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		reason, err := audit.ReasonFrom(r)
		if err != nil {
			writeErr(w, r, err)
			return
		}
		v, err := h.app.Verify(r.Context(), caller(r), r.PathValue("id"), on, reason)
		h.answerView(w, r, http.StatusOK, v, err)
	}
}

// media serves listings' photos, as WebP to the browsers that take it.
func (h *Handler) media(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !strings.HasPrefix(key, "providers/") {
		writeErr(w, r, errs.NotFound("Image"))
		return
	}
	imaging.Serve(w, r, h.blobs, key)
}
