package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/app"
	"stepperslife/services/restaurants/domain"
)

type profileRequest struct {
	Name           *string `json:"name"`
	Description    *string `json:"description"`
	Cuisine        *string `json:"cuisine"`
	Address        *string `json:"address"`
	Phone          *string `json:"phone"`
	TaxBasisPoints *int64  `json:"taxBasisPoints"`
}

func (p profileRequest) apply(dst *domain.Profile) {
	set := func(d *string, s *string) {
		if s != nil {
			*d = *s
		}
	}
	set(&dst.Name, p.Name)
	set(&dst.Description, p.Description)
	set(&dst.Cuisine, p.Cuisine)
	set(&dst.Address, p.Address)
	set(&dst.Phone, p.Phone)
	if p.TaxBasisPoints != nil {
		dst.TaxBasisPoints = *p.TaxBasisPoints
	}
}

func (h *Handlers) listRestaurants(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	if len(q.Get("q")) > feed.MaxQuery || len(q.Get("cuisine")) > 60 {
		web.WriteError(w, r, errs.Invalid(map[string]string{"q": "is too long"}))
		return
	}
	key := fmt.Sprintf("list %q %q %d %d", q.Get("q"), q.Get("cuisine"), page.Limit, page.Offset)
	err = h.Cache.Serve(w, r, key, feed.Window, func(ctx context.Context) (cache.Answer, error) {
		l, err := h.App.Public(ctx, q.Get("q"), q.Get("cuisine"), app.Page(page))
		if err != nil {
			return cache.Answer{}, err
		}
		items := make([]restaurantsapi.Restaurant, 0, len(l.Items))
		for _, rs := range l.Items {
			v := h.restaurantView(rs)
			// A page holds at most 100 restaurants, each with its picture.
			img, err := h.App.CoverImageURL(ctx, rs.ID)
			if err != nil {
				return cache.Answer{}, err
			}
			v.ImageURL = img
			hours, err := h.App.HoursOf(ctx, rs.ID)
			if err != nil {
				return cache.Answer{}, err
			}
			withOpenState(&v, h.App.OpenState(hours))
			items = append(items, v)
		}
		return cache.JSON(web.NewList(items, l.Total, page))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

// patchKitchen pauses or resumes online orders, or sets the usual prep time.
func (h *Handlers) patchKitchen(w http.ResponseWriter, r *http.Request) {
	var req restaurantsapi.KitchenRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	rs, err := h.App.SetKitchen(r.Context(), user(r), r.PathValue("id"), app.Kitchen{PrepMinutes: req.PrepMinutes, Paused: req.OrderingPaused})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.restaurantView(rs))
}

func (h *Handlers) applyRestaurant(w http.ResponseWriter, r *http.Request) {
	var req profileRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	var p domain.Profile
	req.apply(&p)
	rs, err := h.App.Apply(r.Context(), user(r), p)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/restaurants/"+rs.Slug)
	web.WriteJSON(w, http.StatusCreated, h.restaurantView(rs))
}

// restaurantBySlug: a signed-in caller may be the owner of a restaurant not yet
// approved, so only anonymous answers are kept and shared.
func (h *Handlers) restaurantBySlug(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_ = cache.ServeJSON(h.Cache, w, r, "restaurant "+slug, feed.Window, user(r), func(ctx context.Context, u *auth.User) (restaurantsapi.Restaurant, error) {
		d, err := h.App.BySlug(ctx, u, slug)
		if err != nil {
			return restaurantsapi.Restaurant{}, err
		}
		return h.detailView(d), nil
	})
}

func (h *Handlers) patchRestaurant(w http.ResponseWriter, r *http.Request) {
	var req profileRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	rs, err := h.App.UpdateProfile(r.Context(), user(r), r.PathValue("id"), req.apply)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.restaurantView(rs))
}

type hoursRequest struct {
	Hours []restaurantsapi.Span `json:"hours"`
}

// parseHours reads spans as "monday", "11:00", "22:00", naming each bad field.
func parseHours(in []restaurantsapi.Span) (domain.Hours, error) {
	bad := map[string]string{}
	out := domain.Hours{}
	for i, s := range in {
		day, err := domain.ParseDay(s.Day)
		if err != nil {
			bad[field("hours", i, "day")] = err.Error()
		}
		open, err := domain.ParseClock(s.Open)
		if err != nil {
			bad[field("hours", i, "open")] = err.Error()
		}
		cl, err := domain.ParseClock(s.Close)
		if err != nil {
			bad[field("hours", i, "close")] = err.Error()
		}
		out = append(out, domain.Span{Day: day, Open: open, Close: cl})
	}
	if len(bad) > 0 {
		return nil, errs.Invalid(bad)
	}
	return out, nil
}

func field(name string, i int, sub string) string {
	return name + "[" + strconv.Itoa(i) + "]." + sub
}

func (h *Handlers) putHours(w http.ResponseWriter, r *http.Request) {
	var req hoursRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	hs, err := parseHours(req.Hours)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	hs, err = h.App.SetHours(r.Context(), user(r), r.PathValue("id"), hs)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"hours": hoursView(hs), "timeZone": "America/Chicago"})
}

func (h *Handlers) addPhoto(w http.ResponseWriter, r *http.Request) {
	data, err := imaging.ReadUpload(r.Body)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	p, err := h.App.AddPhoto(r.Context(), user(r), r.PathValue("id"), data)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, restaurantsapi.Photo{ID: p.ID, ImageURL: h.App.ImageURL(p.ImageKey)})
}

func (h *Handlers) deletePhoto(w http.ResponseWriter, r *http.Request) {
	if err := h.App.DeletePhoto(r.Context(), user(r), r.PathValue("id"), r.PathValue("photoId")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handlers) myRestaurants(w http.ResponseWriter, r *http.Request) {
	rs, roles, err := h.App.Mine(r.Context(), user(r))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]restaurantsapi.Restaurant, 0, len(rs))
	for i, x := range rs {
		v := h.restaurantView(x)
		v.Role = string(roles[i])
		items = append(items, v)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handlers) adminList(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	status := domain.RestaurantStatus(strings.ToUpper(r.URL.Query().Get("status")))
	switch status {
	case "", domain.Pending, domain.Approved, domain.Rejected, domain.Suspended:
	default:
		web.WriteError(w, r, errs.Invalid(map[string]string{"status": "must be PENDING, APPROVED, REJECTED or SUSPENDED"}))
		return
	}
	l, err := h.App.ForModeration(r.Context(), user(r), status, app.Page(page))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]restaurantsapi.Restaurant, 0, len(l.Items))
	for _, rs := range l.Items {
		items = append(items, h.restaurantView(rs))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, l.Total, page))
}

// moderate answers POST /api/admin/restaurants/{id}/{action}, with the reason in
// an optional JSON body {"reason"} (required to reject or suspend).
func (h *Handlers) moderate(w http.ResponseWriter, r *http.Request) {
	a, ok := domain.ParseAdminAction(r.PathValue("action"))
	if !ok {
		web.WriteError(w, r, errs.NotFound("Action"))
		return
	}
	reason, err := audit.ReasonFrom(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	rs, err := h.App.Moderate(r.Context(), user(r), r.PathValue("id"), a, reason)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.restaurantView(rs))
}
