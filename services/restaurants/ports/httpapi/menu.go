package httpapi

import (
	"net/http"

	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/restaurants/domain"
)

type itemRequest struct {
	Name        *string   `json:"name"`
	Description *string   `json:"description"`
	PriceCents  *int64    `json:"priceCents"`
	Category    *string   `json:"category"`
	Dietary     *[]string `json:"dietary"`
	Available   *bool     `json:"available"`
}

func (q itemRequest) apply(m *domain.MenuItem) {
	if q.Name != nil {
		m.Name = *q.Name
	}
	if q.Description != nil {
		m.Description = *q.Description
	}
	if q.PriceCents != nil {
		m.PriceCents = *q.PriceCents
	}
	if q.Category != nil {
		m.Category = *q.Category
	}
	if q.Dietary != nil {
		m.Dietary = *q.Dietary
	}
	if q.Available != nil {
		m.Available = *q.Available
	}
}

func (h *Handlers) addItem(w http.ResponseWriter, r *http.Request) {
	var req itemRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	m := domain.MenuItem{Available: true}
	req.apply(&m)
	m, err := h.App.AddItem(r.Context(), user(r), r.PathValue("id"), m)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, h.itemView(m))
}

func (h *Handlers) patchItem(w http.ResponseWriter, r *http.Request) {
	var req itemRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	m, err := h.App.EditItem(r.Context(), user(r), r.PathValue("id"), r.PathValue("itemId"), req.apply)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.itemView(m))
}

func (h *Handlers) deleteItem(w http.ResponseWriter, r *http.Request) {
	if err := h.App.DeleteItem(r.Context(), user(r), r.PathValue("id"), r.PathValue("itemId")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// putItemImage takes the raw image as the body; its type is read from its bytes,
// whatever Content-Type says.
func (h *Handlers) putItemImage(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > imaging.MaxUploadBytes {
		web.WriteError(w, r, imaging.ErrTooLarge)
		return
	}
	data, err := imaging.ReadUpload(r.Body)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	m, err := h.App.SetItemImage(r.Context(), user(r), r.PathValue("id"), r.PathValue("itemId"), data)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"imageUrl": h.App.ImageURL(m.ImageKey), "item": h.itemView(m)})
}
