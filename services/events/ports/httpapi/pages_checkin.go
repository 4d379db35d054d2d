package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

type checkinData struct {
	Event   domain.Event
	Result  *checkinResult
	Pending []domain.Order
	Counts  app.DoorCounts
	Error   string // what went wrong with the last form (taking cash, say)
	// Q is the name or e-mail searched for; Matches what it found, each with its
	// order when that order waits for cash.
	Q       string
	Matches []doorMatch
}

type doorMatch struct {
	Ticket domain.Ticket
	Cash   *domain.Order
}

// checkinResult is the verdict of one scan, as the page and its script show it.
type checkinResult struct {
	OK      bool            `json:"ok"`
	Code    string          `json:"code"`
	Title   string          `json:"title"`
	Detail  string          `json:"detail,omitempty"`
	Ticket  string          `json:"ticket,omitempty"`
	CanUndo bool            `json:"canUndo"`
	Cash    *cashDue        `json:"cash,omitempty"`
	Counts  *app.DoorCounts `json:"counts,omitempty"`
	view    domain.TicketView
}

// cashDue is a cash order the door may take the money of and admit in one tap.
type cashDue struct {
	OrderID string `json:"orderId"`
	Amount  string `json:"amount"`
	Tickets int    `json:"tickets"`
	Name    string `json:"name"`
}

func cashDueOf(o domain.Order) *cashDue {
	return &cashDue{OrderID: o.ID, Amount: ui.Money(o.TotalCents), Tickets: len(o.Tickets), Name: o.BuyerName}
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
	counts, err := h.ev.Counts(r.Context(), caller(r), ev.ID)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := checkinData{Event: ev, Result: res, Pending: pending, Counts: counts, Error: r.URL.Query().Get("err"),
		Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	if d.Q != "" {
		found, err := h.ev.FindAtDoor(r.Context(), caller(r), ev.ID, d.Q)
		if err != nil {
			d.Error = message(err)
		}
		for _, t := range found {
			m := doorMatch{Ticket: t}
			for i := range pending {
				if pending[i].ID == t.OrderID {
					m.Cash = &pending[i]
				}
			}
			d.Matches = append(d.Matches, m)
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "checkin.html", "Check-in · "+ev.Title, d)
}

// wantsJSON reports whether the door's script sent the form and reads the verdict.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func (h *Handler) checkinForm(w http.ResponseWriter, r *http.Request) {
	// Who may scan is a page matter; what the scan says is the verdict shown.
	if _, err := h.ev.CanScan(r.Context(), caller(r), r.PathValue("id")); err != nil {
		h.answerDoor(w, r, nil, err)
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
	res := &checkinResult{OK: err == nil, Ticket: v.Code, Code: "ADMITTED", Title: "Admitted", view: v}
	switch {
	case err == nil && undo:
		res.Code, res.Title = "UNDONE", "Scan undone"
	case err == nil:
		res.Detail, res.CanUndo = v.AttendeeName+" · "+v.TierName, true
	default:
		var e *errs.Error
		if !errors.As(err, &e) {
			h.answerDoor(w, r, nil, err)
			return
		}
		res.Code, res.Title = string(e.Code), e.Message
		if v.AttendeeName != "" {
			res.Detail = v.AttendeeName
		}
		res.CanUndo = e.Code == domain.CodeAlreadyScanned
		if e.Code == domain.CodePendingPayment && v.OrderID != "" {
			if o, err := h.ev.Order(r.Context(), caller(r), v.OrderID); err == nil && o.Status == domain.OrderPendingPayment {
				res.Cash = cashDueOf(o)
				res.Title = "Cash due: " + res.Cash.Amount
			}
		}
	}
	h.answerDoor(w, r, res, nil)
}

// admitCashForm is "cash received — admit N": the order approved and its tickets
// admitted in one tap.
func (h *Handler) admitCashForm(w http.ResponseWriter, r *http.Request) {
	o, n, err := h.ev.AdmitCash(r.Context(), caller(r), r.PathValue("id"), r.PathValue("oid"))
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) && e.Code != errs.CodeForbidden && e.Code != errs.CodeUnauthenticated {
			h.answerDoor(w, r, &checkinResult{Code: string(e.Code), Title: message(err)}, nil)
			return
		}
		h.answerDoor(w, r, nil, err)
		return
	}
	res := &checkinResult{OK: true, Code: "ADMITTED", Title: "Cash received · admitted " + plural(n, "guest", "guests"),
		Detail: o.BuyerName + " · " + ui.Money(o.TotalCents)}
	h.answerDoor(w, r, res, nil)
}

// doorCounts answers the page's script, which keeps the counters live while other
// doors scan too.
func (h *Handler) doorCounts(w http.ResponseWriter, r *http.Request) {
	c, err := h.ev.Counts(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	web.WriteJSON(w, http.StatusOK, c)
}

// answerDoor answers a door form: JSON with the counts for the script, the page
// otherwise.
func (h *Handler) answerDoor(w http.ResponseWriter, r *http.Request, res *checkinResult, err error) {
	if !wantsJSON(r) {
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		h.showCheckin(w, r, res)
		return
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	if c, err := h.ev.Counts(r.Context(), caller(r), r.PathValue("id")); err == nil {
		res.Counts = &c
	}
	web.WriteJSON(w, http.StatusOK, res)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
