package httpapi

import (
	"context"
	"io"
	"net/http"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/domain"
)

func (h *Handler) availability(w http.ResponseWriter, r *http.Request) {
	day, err := domain.ParseDay(r.URL.Query().Get("date"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	id := r.PathValue("id")
	key := "availability " + id + " " + day.Format(domain.DayLayout)
	_ = cache.ServeJSON(h.cache, w, r, key, 0, caller(r), func(ctx context.Context, u *auth.User) (servicesapi.Availability, error) {
		booked, err := h.app.Availability(ctx, u, id, day)
		return servicesapi.Availability{Date: day.Format(domain.DayLayout), Booked: booked}, err
	})
}

func (h *Handler) bookedDays(w http.ResponseWriter, r *http.Request) {
	days, err := h.app.BookedDays(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := make([]servicesapi.BookedDay, len(days))
	for i, d := range days {
		out[i] = servicesapi.BookedDay{Date: d.Key(), Source: d.Source}
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}

func (h *Handler) markBooked(w http.ResponseWriter, r *http.Request) {
	day, err := domain.ParseDay(r.PathValue("date"))
	if err == nil {
		err = h.app.MarkBooked(r.Context(), caller(r), r.PathValue("id"), day)
	}
	answer(w, r, http.StatusOK, servicesapi.BookedDay{Date: day.Format(domain.DayLayout), Source: domain.BookedByHand}, err)
}

func (h *Handler) unmarkBooked(w http.ResponseWriter, r *http.Request) {
	day, err := domain.ParseDay(r.PathValue("date"))
	if err == nil {
		err = h.app.UnmarkBooked(r.Context(), caller(r), r.PathValue("id"), day)
	}
	if err != nil {
		writeErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// importCalendar reads the provider's .ics file (the body, at most 1 MB).
func (h *Handler) importCalendar(w http.ResponseWriter, r *http.Request) {
	data, err := readCalendar(r.Body, r.ContentLength)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	n, err := h.app.ImportCalendar(r.Context(), caller(r), r.PathValue("id"), data)
	answer(w, r, http.StatusOK, servicesapi.CalendarImport{BookedDays: n}, err)
}

var errCalendarTooLarge = errs.Errorf(errs.CodePayloadTooLarge, "A calendar file may be at most 1 MB.")

func readCalendar(body io.Reader, length int64) ([]byte, error) {
	if length > domain.MaxCalendarBytes {
		return nil, errCalendarTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(body, domain.MaxCalendarBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > domain.MaxCalendarBytes {
		return nil, errCalendarTooLarge
	}
	return data, nil
}
