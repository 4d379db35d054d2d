package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/domain"
)

// The dashboard's booked-days forms answer with the dashboard again, saying what
// happened (or what was wrong) at its top.

func (h *Handler) markBookedForm(w http.ResponseWriter, r *http.Request) {
	day, err := domain.ParseDay(r.PostFormValue("date"))
	if err == nil {
		err = h.app.MarkBooked(r.Context(), caller(r), r.PathValue("id"), day)
	}
	h.afterDashboardForm(w, r, err, "Marked "+domain.DayWords(day)+" as booked.")
}

func (h *Handler) freeDayForm(w http.ResponseWriter, r *http.Request) {
	day, err := domain.ParseDay(r.PathValue("date"))
	if err == nil {
		err = h.app.UnmarkBooked(r.Context(), caller(r), r.PathValue("id"), day)
	}
	h.afterDashboardForm(w, r, err, domain.DayWords(day)+" is free again.")
}

// calendarForm imports the .ics file of the dashboard's upload form.
func (h *Handler) calendarForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, domain.MaxCalendarBytes+64<<10)
	if err := r.ParseMultipartForm(domain.MaxCalendarBytes + 64<<10); err != nil {
		h.afterDashboardForm(w, r, errs.Errorf(errs.CodeValidation, "The calendar could not be read (is it over 1 MB?)."), "")
		return
	}
	f, _, err := r.FormFile("calendar")
	if err != nil {
		h.afterDashboardForm(w, r, errs.Errorf(errs.CodeValidation, "Choose your calendar's .ics file."), "")
		return
	}
	defer f.Close()
	data, err := readCalendar(f, -1)
	n := 0
	if err == nil {
		n, err = h.app.ImportCalendar(r.Context(), caller(r), r.PathValue("id"), data)
	}
	done := "Your calendar books " + strconv.Itoa(n) + " upcoming days."
	if n == 1 {
		done = "Your calendar books 1 upcoming day."
	}
	h.afterDashboardForm(w, r, err, done)
}

func (h *Handler) afterDashboardForm(w http.ResponseWriter, r *http.Request, err error, done string) {
	var e *errs.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/dashboard?ok="+url.QueryEscape(done)+"#booked-"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
	case errors.As(err, &e) && e.Class() != errs.CodeNotFound && e.Class() != errs.CodeForbidden:
		http.Redirect(w, r, "/dashboard?err="+url.QueryEscape(message(e))+"#booked-"+url.PathEscape(r.PathValue("id")), http.StatusSeeOther)
	default:
		web.WriteError(w, r, err)
	}
}
