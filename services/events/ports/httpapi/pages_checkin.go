package httpapi

import (
	"errors"
	"net/http"

	"stepperslife/internal/kit/errs"
	"stepperslife/services/events/domain"
)

type checkinData struct {
	Event   domain.Event
	Result  *checkinResult
	Pending []domain.Order
	Error   string // what went wrong with the last form (taking cash, say)
}

type checkinResult struct {
	OK      bool
	Code    string
	Title   string
	Detail  string
	Ticket  domain.TicketView
	CanUndo bool
}

func (h *Handler) checkinPage(w http.ResponseWriter, r *http.Request) {
	h.showCheckin(w, r, nil)
}

func (h *Handler) showCheckin(w http.ResponseWriter, r *http.Request, res *checkinResult) {
	ev, err := h.ev.CanScan(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	pending, err := h.ev.Orders(r.Context(), caller(r), ev.ID, domain.OrderPendingPayment)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "checkin.html", "Check-in · "+ev.Title, checkinData{Event: ev, Result: res, Pending: pending,
		Error: r.URL.Query().Get("err")})
}

func (h *Handler) checkinForm(w http.ResponseWriter, r *http.Request) {
	// Who may scan is a page matter; what the scan says is the verdict shown.
	if _, err := h.ev.CanScan(r.Context(), caller(r), r.PathValue("id")); err != nil {
		h.pageError(w, r, err)
		return
	}
	code := r.PostFormValue("code")
	undo := r.PostFormValue("undo") == "1"
	var v domain.TicketView
	var err error
	if undo {
		v, err = h.ev.UndoCheckin(r.Context(), caller(r), r.PathValue("id"), code)
	} else {
		v, err = h.ev.Checkin(r.Context(), caller(r), r.PathValue("id"), code)
		h.metrics.checkins.WithLabelValues(metricResult(err)).Inc()
	}
	res := &checkinResult{OK: err == nil, Ticket: v, Code: "ADMITTED", Title: "Admitted"}
	switch {
	case err == nil && undo:
		res.Code, res.Title = "UNDONE", "Scan undone"
	case err == nil:
		res.Detail, res.CanUndo = v.AttendeeName+" · "+v.TierName, true
	default:
		var e *errs.Error
		if !errors.As(err, &e) {
			h.pageError(w, r, err)
			return
		}
		res.Code, res.Title = string(e.Code), e.Message
		if v.AttendeeName != "" {
			res.Detail = v.AttendeeName
		}
		res.CanUndo = e.Code == "ALREADY_SCANNED"
	}
	h.showCheckin(w, r, res)
}
