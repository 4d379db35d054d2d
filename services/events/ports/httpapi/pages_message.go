package httpapi

import (
	"errors"
	"net/http"

	"stepperslife/internal/kit/errs"
	"stepperslife/services/events/domain"
)

// messagePage is the form an organizer writes a message to the event's ticket
// holders in, with how many it would reach and how many messages are left today.
func (h *Handler) messagePage(w http.ResponseWriter, r *http.Request) {
	h.showMessage(w, r, domain.MessageInput{TierID: r.URL.Query().Get("tier")}, false, "")
}

// messageForm takes the form in two steps: "review" shows whom it will reach and
// asks to confirm, naming the count; "send" sends it. A refusal comes back on the
// form with what was written, so nothing has to be typed again.
func (h *Handler) messageForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		back(w, r, "/dashboard/events/"+r.PathValue("id")+"/message", err, "")
		return
	}
	in := domain.MessageInput{Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"), TierID: r.PostFormValue("tierId")}
	switch r.PostFormValue("step") {
	case "send":
		n, err := h.ev.MessageAttendees(r.Context(), caller(r), r.PathValue("id"), in)
		if err != nil {
			h.showMessage(w, r, in, false, message(err))
			return
		}
		back(w, r, "/dashboard/events/"+r.PathValue("id")+"/attendees", nil,
			"Message sent to "+plural(n, "ticket holder", "ticket holders")+".")
	case "review":
		check := in
		if err := check.Normalize(); err != nil {
			h.showMessage(w, r, in, false, message(err))
			return
		}
		h.showMessage(w, r, check, true, "")
	default:
		h.showMessage(w, r, in, false, "")
	}
}

func (h *Handler) showMessage(w http.ResponseWriter, r *http.Request, in domain.MessageInput, confirm bool, problem string) {
	ctx, u, id := r.Context(), caller(r), r.PathValue("id")
	e, err := h.ev.Manage(ctx, u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	a, err := h.ev.MessageAudience(ctx, u, id, in.TierID)
	var bad *errs.Error
	if errors.As(err, &bad) && bad.Code == errs.CodeValidation {
		// A tier that is not the event's: write to everyone instead, and say so.
		in.TierID, problem = "", message(err)
		a, err = h.ev.MessageAudience(ctx, u, id, "")
	}
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := h.manageBase(r, e, "/message")
	d.Audience, d.Message, d.Error = a, in, problem
	d.Confirm = confirm && problem == "" && len(a.Recipients) > 0 && a.Left > 0
	status := http.StatusOK
	if problem != "" {
		status = http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "manage.html", "Message attendees · "+e.Title, d)
}
