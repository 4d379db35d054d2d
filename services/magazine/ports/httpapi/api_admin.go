package httpapi

import (
	"net/http"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/web"
)

// decodeOptional reads a JSON body when there is one; an empty body is {}.
func decodeOptional(r *http.Request, dst any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return web.DecodeJSON(r, dst)
}

func (h *Handler) publish(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.PublishRequest
	if err := decodeOptional(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.Publish(r.Context(), caller(r), r.PathValue("id"), in.PublishAt)
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) reject(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.RejectRequest
	if err := decodeOptional(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.Reject(r.Context(), caller(r), r.PathValue("id"), in.Notes)
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) feature(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.FeatureRequest
	if err := decodeOptional(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.Feature(r.Context(), caller(r), r.PathValue("id"), in.Featured == nil || *in.Featured)
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) archive(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Archive(r.Context(), caller(r), r.PathValue("id"))
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) approveRevision(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.ApproveRevision(r.Context(), caller(r), r.PathValue("id"))
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) discardRevision(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.DiscardRevision(r.Context(), caller(r), r.PathValue("id"))
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) restore(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Restore(r.Context(), caller(r), r.PathValue("id"), r.PathValue("revisionId"))
	h.answer(w, r, http.StatusOK, v, err)
}
