package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	ics "github.com/arran4/golang-ical"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

// calendar serves every session of a class as iCalendar (RFC 5545): one VEVENT per
// session whose UID never changes, SEQUENCE grown with each move or cancellation,
// and cancelled sessions marked STATUS:CANCELLED, so a subscribed calendar updates
// the same entries.
// calendar is a published class's sessions as a calendar file anyone may subscribe
// to: kept under the data version, a calendar app's refresh is mostly a 304.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	w.Header().Set("Content-Disposition", `inline; filename="`+slug+`.ics"`)
	err := h.cache.Serve(w, r, "calendar "+slug, 0, func(ctx context.Context) (cache.Answer, error) {
		v, err := h.app.PublicClass(ctx, nil, slug)
		if err != nil {
			return cache.Answer{}, err
		}
		return cache.Answer{Type: "text/calendar; charset=utf-8",
			Body: []byte(ICS(v.Title, app.ClassCalendar(v), h.app.ClassURL, host(h.app.PublicURL())))}, nil
	})
	if err != nil {
		w.Header().Del("Content-Disposition")
		web.WriteError(w, r, err)
	}
}

// myCalendar serves a student's private calendar of every session they hold a seat
// in, found by the secret token in its address.
func (h *Handler) myCalendar(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		web.WriteError(w, r, errs.NotFound("Calendar"))
		return
	}
	entries, err := h.app.StudentCalendar(r.Context(), token)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeICS(w, "my-classes", "My SteppersLife classes", "private, max-age=300", entries)
}

// myCalendarURL answers the address of the caller's private calendar.
func (h *Handler) myCalendarURL(w http.ResponseWriter, r *http.Request) {
	url, err := h.app.MyCalendarURL(r.Context(), caller(r))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"url": url})
}

func (h *Handler) writeICS(w http.ResponseWriter, file, name, cache string, entries []app.CalendarEntry) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+file+`.ics"`)
	w.Header().Set("Cache-Control", cache)
	_, _ = w.Write([]byte(ICS(name, entries, h.app.ClassURL, host(h.app.PublicURL()))))
}

func host(publicURL string) string {
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "classes.stepperslife.com"
}

// ICS is the iCalendar text of sessions, called name; classURL gives each class's
// page and uidHost makes the UIDs global. A session keeps its UID on every calendar.
func ICS(name string, entries []app.CalendarEntry, classURL func(slug string) string, uidHost string) string {
	cal := ics.NewCalendar()
	cal.SetProductId("-//SteppersLife//Classes//EN")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(oneLineBreak(name))
	cal.SetXWRTimezone("America/Chicago")
	for _, en := range entries {
		v, x := en.Class, en.Session
		where := v.Venue
		if v.Address != "" {
			where += ", " + v.Address
		}
		ev := cal.AddEvent("session-" + x.ID + "@" + uidHost)
		ev.SetDtStampTime(x.UpdatedAt)
		ev.SetLastModifiedAt(x.UpdatedAt)
		ev.SetStartAt(x.StartsAt)
		ev.SetEndAt(x.EndsAt)
		ev.SetSequence(x.Sequence)
		ev.SetSummary(oneLineBreak(fmt.Sprintf("%s (session %d of %d)", v.Title, x.Position, en.Total)))
		ev.SetLocation(oneLineBreak(where))
		ev.SetURL(classURL(v.Slug))
		if v.Description != "" {
			ev.SetDescription(oneLineBreak(v.Description))
		}
		status := ics.ObjectStatusConfirmed
		if x.Status == domain.SessionCancelled || v.Status == domain.ClassCancelled {
			status = ics.ObjectStatusCancelled
		}
		ev.SetStatus(status)
	}
	return cal.Serialize(ics.WithNewLine("\r\n")) // RFC 5545: lines end in CRLF
}

// oneLineBreak makes every line break a plain newline, which the library escapes.
func oneLineBreak(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
