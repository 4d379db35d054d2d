package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

func (h *Handler) profileOut(p domain.Profile) classesapi.Instructor {
	return classesapi.Instructor{ID: p.UserID, Slug: p.Slug, DisplayName: p.DisplayName, Bio: p.Bio, Styles: p.Styles,
		Links: p.Links, PhotoURL: h.app.ImageURL(p.PhotoKey), Verified: p.Verified, Featured: p.Featured,
		URL: h.app.PublicURL() + "/instructors/" + p.Slug}
}

func (h *Handler) profileViewOut(v app.ProfileView) classesapi.Instructor {
	out := h.profileOut(v.Profile)
	out.Classes = []classesapi.Class{}
	for _, c := range v.Classes {
		out.Classes = append(out.Classes, h.classOut(c))
	}
	return out
}

func (h *Handler) answerProfile(w http.ResponseWriter, r *http.Request, v app.ProfileView, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.profileViewOut(v))
}

func (h *Handler) saveProfile(w http.ResponseWriter, r *http.Request) {
	var req classesapi.ProfileInput
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.SaveProfile(r.Context(), caller(r), domain.ProfileInput{DisplayName: req.DisplayName, Bio: req.Bio,
		Styles: req.Styles, Links: req.Links})
	h.answerProfile(w, r, v, err)
}

func (h *Handler) putProfilePhoto(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > imaging.MaxUploadBytes {
		web.WriteError(w, r, imaging.ErrTooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, imaging.MaxUploadBytes+1))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.SetProfilePhoto(r.Context(), caller(r), data)
	h.answerProfile(w, r, v, err)
}

func (h *Handler) getProfile(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	// The instructor's open classes change with the clock: the answer stands for a window.
	err := h.cache.Serve(w, r, "instructor "+slug, feed.Window, func(ctx context.Context) (cache.Answer, error) {
		v, err := h.app.Profile(ctx, slug)
		if err != nil {
			return cache.Answer{}, err
		}
		return cache.JSON(h.profileViewOut(v))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

func (h *Handler) listProfiles(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	err = h.cache.Serve(w, r, fmt.Sprintf("instructors %d %d", page.Limit, page.Offset), 0, func(ctx context.Context) (cache.Answer, error) {
		ps, total, err := h.app.Profiles(ctx, page.Limit, page.Offset)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]classesapi.Instructor, len(ps))
		for i, p := range ps {
			out[i] = h.profileOut(p)
		}
		return cache.JSON(web.NewList(out, total, page))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

// markProfile is an admin's verify or feature: {"verified": false} or
// {"featured": false} takes the mark off again; an empty body sets it.
func (h *Handler) markProfile(mark string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Verified *bool  `json:"verified"`
			Featured *bool  `json:"featured"`
			Reason   string `json:"reason"`
		}
		if r.ContentLength != 0 {
			if err := web.DecodeJSON(r, &req); err != nil {
				web.WriteError(w, r, err)
				return
			}
		}
		on := true
		switch {
		case mark == "verify" && req.Verified == nil:
			req.Verified = &on
		case mark == "feature" && req.Featured == nil:
			req.Featured = &on
		}
		if mark == "verify" {
			req.Featured = nil
		} else {
			req.Verified = nil
		}
		v, err := h.app.MarkProfile(r.Context(), caller(r), r.PathValue("id"), req.Verified, req.Featured, req.Reason)
		h.answerProfile(w, r, v, err)
	}
}
