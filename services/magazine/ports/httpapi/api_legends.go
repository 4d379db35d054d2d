package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// mountLegends registers the legends and memories API.
func (h *Handler) mountLegends(mux *http.ServeMux) {
	user := auth.RequireUser
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequireRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /api/legends", h.listLegends)
	mux.HandleFunc("GET /api/legends/{slug}", h.getLegend)
	mux.HandleFunc("POST /api/legends/{slug}/memories", user(h.addMemory))
	mux.HandleFunc("GET /api/memories/{id}", h.getMemory)
	mux.HandleFunc("PUT /api/memories/{id}/photo", user(h.putMemoryPhoto))
	mux.HandleFunc("GET /api/me/memories", user(h.myMemories))
	mux.HandleFunc("POST /api/admin/legends", admin(h.createLegend))
	mux.HandleFunc("PATCH /api/admin/legends/{id}", admin(h.patchLegend))
	mux.HandleFunc("PUT /api/admin/legends/{id}/portrait", admin(h.putPortrait))
	mux.HandleFunc("GET /api/admin/memories", admin(h.pendingMemories))
	mux.HandleFunc("POST /api/admin/memories/{id}/approve", admin(h.approveMemory))
	mux.HandleFunc("POST /api/admin/memories/{id}/decline", admin(h.declineMemory))
}

// legendOut is the wire shape of a legend; v carries its page (bio, memories) when
// it was read whole.
func (h *Handler) legendOut(l domain.Legend, v *app.LegendView, u *auth.User) magazineapi.Legend {
	out := magazineapi.Legend{ID: l.ID, Slug: l.Slug, Name: l.Name, Kind: l.Kind, Era: l.Era, Summary: l.Summary,
		PortraitURL: h.app.ImageURL(l.PortraitKey), PortraitAlt: l.PortraitAlt, Timeline: []magazineapi.Milestone{},
		URL: h.app.LegendURL(l.Slug), Version: l.Version, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
	for _, m := range l.Timeline {
		out.Timeline = append(out.Timeline, magazineapi.Milestone{Year: m.Year, Text: m.Text})
	}
	if u != nil && u.Has(auth.RoleAdmin) {
		out.Bio = l.Bio
	}
	if v != nil {
		out.BioHTML = v.BioHTML
		out.Memories = make([]magazineapi.Memory, len(v.Memories))
		for i, m := range v.Memories {
			out.Memories[i] = h.memoryOut(m, u)
		}
	}
	return out
}

// memoryOut is the wire shape of a memory for u: the words as typed and an editor's
// reason only for its writer and editors.
func (h *Handler) memoryOut(m app.MemoryView, u *auth.User) magazineapi.Memory {
	out := magazineapi.Memory{ID: m.ID, LegendID: m.LegendID, LegendSlug: m.LegendSlug, LegendName: m.LegendName,
		AuthorName: m.AuthorName, Year: m.Year, BodyHTML: m.BodyHTML, PhotoURL: h.app.ImageURL(m.PhotoKey),
		PhotoAlt: m.PhotoAlt, Status: string(m.Status), CreatedAt: m.CreatedAt, DecidedAt: m.DecidedAt}
	if u != nil && (u.ID == m.AuthorID || u.Has(auth.RoleAdmin)) {
		out.Body, out.Reason = m.Body, m.Reason
	}
	return out
}

func (h *Handler) listLegends(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	kind := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("kind")))
	// An editor sees more than anyone else: only anonymous answers are kept.
	key := fmt.Sprintf("legends %q %d %d", kind, page.Limit, page.Offset)
	_ = cache.ServeJSON(h.cache, w, r, key, 0, caller(r), func(ctx context.Context, u *auth.User) (web.List[magazineapi.Legend], error) {
		ls, total, err := h.app.Legends(ctx, kind, page.Limit, page.Offset)
		if err != nil {
			return web.List[magazineapi.Legend]{}, err
		}
		out := make([]magazineapi.Legend, len(ls))
		for i, l := range ls {
			out[i] = h.legendOut(l, nil, u)
		}
		return web.NewList(out, total, page), nil
	})
}

func (h *Handler) getLegend(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_ = cache.ServeJSON(h.cache, w, r, "legend "+slug, 0, caller(r), func(ctx context.Context, u *auth.User) (magazineapi.Legend, error) {
		v, err := h.app.Legend(ctx, slug)
		if err != nil {
			return magazineapi.Legend{}, err
		}
		return h.legendOut(v.Legend, &v, u), nil
	})
}

func (h *Handler) addMemory(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.MemoryInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	u := caller(r)
	m, err := h.app.AddMemory(r.Context(), u, r.PathValue("slug"), app.MemoryInput{Body: in.Body, Year: in.Year, PhotoAlt: in.PhotoAlt})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, h.memoryOut(m, u))
}

func (h *Handler) getMemory(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	m, err := h.app.Memory(r.Context(), u, r.PathValue("id"))
	h.answerMemory(w, r, http.StatusOK, m, err)
}

// putMemoryPhoto takes the image as the body; what it shows comes as ?alt=.
func (h *Handler) putMemoryPhoto(w http.ResponseWriter, r *http.Request) {
	data, err := upload(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	m, err := h.app.SetMemoryPhoto(r.Context(), caller(r), r.PathValue("id"), data, r.URL.Query().Get("alt"))
	h.answerMemory(w, r, http.StatusOK, m, err)
}

func (h *Handler) myMemories(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	ms, err := h.app.MyMemories(r.Context(), u, app.MaxList)
	h.memoryList(w, r, ms, len(ms), web.Page{Limit: max(len(ms), 1)}, err)
}

func (h *Handler) pendingMemories(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	ms, total, err := h.app.PendingMemories(r.Context(), caller(r), page.Limit, page.Offset)
	h.memoryList(w, r, ms, total, page, err)
}

func (h *Handler) memoryList(w http.ResponseWriter, r *http.Request, ms []app.MemoryView, total int, page web.Page, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	u := caller(r)
	out := make([]magazineapi.Memory, len(ms))
	for i, m := range ms {
		out[i] = h.memoryOut(m, u)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}

func (h *Handler) approveMemory(w http.ResponseWriter, r *http.Request) {
	m, err := h.app.ApproveMemory(r.Context(), caller(r), r.PathValue("id"))
	h.answerMemory(w, r, http.StatusOK, m, err)
}

func (h *Handler) declineMemory(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.DeclineRequest
	if err := decodeOptional(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	m, err := h.app.DeclineMemory(r.Context(), caller(r), r.PathValue("id"), in.Reason)
	h.answerMemory(w, r, http.StatusOK, m, err)
}

func (h *Handler) answerMemory(w http.ResponseWriter, r *http.Request, status int, m app.MemoryView, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.memoryOut(m, caller(r)))
}

func legendPatchOf(in magazineapi.LegendInput) domain.LegendPatch {
	p := domain.LegendPatch{Name: in.Name, Slug: in.Slug, Kind: in.Kind, Era: in.Era, Summary: in.Summary, Bio: in.Bio,
		PortraitAlt: in.PortraitAlt}
	if in.Timeline != nil {
		t := make([]domain.Milestone, len(*in.Timeline))
		for i, m := range *in.Timeline {
			t[i] = domain.Milestone{Year: m.Year, Text: m.Text}
		}
		p.Timeline = &t
	}
	return p
}

func (h *Handler) createLegend(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.LegendInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	l, err := h.app.CreateLegend(r.Context(), caller(r), legendPatchOf(in))
	h.answerLegend(w, r, http.StatusCreated, l, err)
}

func (h *Handler) patchLegend(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.LegendInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	l, err := h.app.EditLegend(r.Context(), caller(r), r.PathValue("id"), legendPatchOf(in), in.Version)
	h.answerLegend(w, r, http.StatusOK, l, err)
}

func (h *Handler) putPortrait(w http.ResponseWriter, r *http.Request) {
	data, err := upload(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	l, err := h.app.SetPortrait(r.Context(), caller(r), r.PathValue("id"), data, strings.TrimSpace(r.URL.Query().Get("alt")))
	h.answerLegend(w, r, http.StatusOK, l, err)
}

func (h *Handler) answerLegend(w http.ResponseWriter, r *http.Request, status int, l domain.Legend, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.legendOut(l, nil, caller(r)))
}

// memoryPhoto answers a memory's photo to whom may see the memory; a photo of one
// an editor has not approved is never kept by a shared cache.
func (h *Handler) memoryPhoto(w http.ResponseWriter, r *http.Request, key string) bool {
	m, err := h.app.MemoryOfPhoto(r.Context(), caller(r), key)
	if err != nil {
		web.WriteError(w, r, errs.NotFound("Image"))
		return false
	}
	if m.Status == domain.MemoryApproved {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return true
}
