package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

// calendar serves every session of a class as iCalendar (RFC 5545): one VEVENT per
// session whose UID never changes, SEQUENCE grown with each move or cancellation,
// and cancelled sessions marked STATUS:CANCELLED, so a subscribed calendar updates
// the same entries.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.PublicClass(r.Context(), caller(r), r.PathValue("slug"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.writeICS(w, v.Slug, v.Title, "public, max-age=300", app.ClassCalendar(v))
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
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//SteppersLife//Classes//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escape(name))
	line("X-WR-TIMEZONE", "America/Chicago")
	for _, en := range entries {
		v, x := en.Class, en.Session
		where := v.Venue
		if v.Address != "" {
			where += ", " + v.Address
		}
		line("BEGIN", "VEVENT")
		line("UID", "session-"+x.ID+"@"+uidHost)
		line("DTSTAMP", stamp(x.UpdatedAt))
		line("LAST-MODIFIED", stamp(x.UpdatedAt))
		line("DTSTART", stamp(x.StartsAt))
		line("DTEND", stamp(x.EndsAt))
		line("SEQUENCE", fmt.Sprint(x.Sequence))
		line("SUMMARY", escape(fmt.Sprintf("%s (session %d of %d)", v.Title, x.Position, en.Total)))
		line("LOCATION", escape(where))
		line("URL", classURL(v.Slug))
		if v.Description != "" {
			line("DESCRIPTION", escape(v.Description))
		}
		status := "CONFIRMED"
		if x.Status == domain.SessionCancelled || v.Status == domain.ClassCancelled {
			status = "CANCELLED"
		}
		line("STATUS", status)
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.String()
}

func stamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escape makes text a TEXT value: backslash, semicolon, comma and line breaks escaped.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folding it at 75 octets without splitting a
// UTF-8 character.
func fold(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}
