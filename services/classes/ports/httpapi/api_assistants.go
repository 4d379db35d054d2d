package httpapi

import (
	"net/http"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/domain"
)

func assistantOut(a domain.Assistant) classesapi.Assistant {
	return classesapi.Assistant{ClassID: a.ClassID, Email: a.Email, AddedAt: a.AddedAt}
}

func (h *Handler) listAssistants(w http.ResponseWriter, r *http.Request) {
	as, err := h.app.Assistants(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]classesapi.Assistant, len(as))
	for i, a := range as {
		out[i] = assistantOut(a)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}

func (h *Handler) addAssistant(w http.ResponseWriter, r *http.Request) {
	var req classesapi.AssistantInput
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	a, err := h.app.AddAssistant(r.Context(), caller(r), r.PathValue("id"), req.Email)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, assistantOut(a))
}

func (h *Handler) removeAssistant(w http.ResponseWriter, r *http.Request) {
	if err := h.app.RemoveAssistant(r.Context(), caller(r), r.PathValue("id"), r.PathValue("email")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
