package httpapi

import (
	"io"
	"net/http"

	"stepperslife/internal/api/classesapi"
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
	v, err := h.app.Profile(r.Context(), r.PathValue("slug"))
	h.answerProfile(w, r, v, err)
}

func (h *Handler) listProfiles(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	ps, total, err := h.app.Profiles(r.Context(), page.Limit, page.Offset)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]classesapi.Instructor, len(ps))
	for i, p := range ps {
		out[i] = h.profileOut(p)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
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
