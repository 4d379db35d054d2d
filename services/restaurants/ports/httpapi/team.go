package httpapi

import (
	"net/http"

	"stepperslife/internal/kit/web"
)

func (h *Handlers) listStaff(w http.ResponseWriter, r *http.Request) {
	ms, err := h.App.Members(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]memberJSON, 0, len(ms))
	for _, m := range ms {
		items = append(items, memberView(m))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handlers) addStaff(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	m, err := h.App.AddMember(r.Context(), user(r), r.PathValue("id"), req.Email, req.Role)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, memberView(m))
}

func (h *Handlers) removeStaff(w http.ResponseWriter, r *http.Request) {
	if err := h.App.RemoveMember(r.Context(), user(r), r.PathValue("id"), r.PathValue("memberId")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
