package httpapi

import (
	"net/http"

	"stepperslife/internal/kit/web"
	"stepperslife/services/events/domain"
)

type messageReq struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
	TierID  string `json:"tierId"`
}

// messageAttendees answers POST /api/events/{id}/messages: the organizer's e-mail
// to the event's ticket holders, one per address, at most a few a day.
func (h *Handler) messageAttendees(w http.ResponseWriter, r *http.Request) {
	var req messageReq
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	n, err := h.ev.MessageAttendees(r.Context(), caller(r), r.PathValue("id"),
		domain.MessageInput{Subject: req.Subject, Body: req.Body, TierID: req.TierID})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, map[string]any{"recipients": n})
}
