package httpapi

import (
	"net/http"
	"net/url"
	"time"

	"stepperslife/services/events/domain"
)

// tonightAhead is how far ahead an event counts as tonight's.
const tonightAhead = 12 * time.Hour

// checkinTonight is the account menu's "Check-in tonight": the door page of the
// one event the caller organizes or staffs that is on now or starts within
// tonightAhead; with none or several, the dashboard, which lists every door.
func (h *Handler) checkinTonight(w http.ResponseWriter, r *http.Request) {
	own, staffed, err := h.ev.MyEvents(r.Context(), caller(r))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	now := h.ev.Now()
	seen := map[string]bool{}
	var tonight []domain.Event
	for _, e := range append(own, staffed...) {
		if !seen[e.ID] && e.Status == domain.EventPublished && e.EndsAt.After(now) && e.StartsAt.Before(now.Add(tonightAhead)) {
			seen[e.ID] = true
			tonight = append(tonight, e)
		}
	}
	switch len(tonight) {
	case 1:
		http.Redirect(w, r, "/checkin/"+url.PathEscape(tonight[0].ID), http.StatusSeeOther)
	case 0:
		back(w, r, "/dashboard", nil, "None of your events is on tonight. Every event's check-in is listed below.")
	default:
		back(w, r, "/dashboard", nil, "More than one of your events is on tonight: choose its check-in below.")
	}
}
