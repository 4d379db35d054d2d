package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

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
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+v.Slug+`.ics"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte(ICS(v, h.app.ClassURL(v.Slug), host(h.app.PublicURL()))))
}

func host(publicURL string) string {
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "classes.stepperslife.com"
}

// ICS is the iCalendar text of a class's sessions; uidHost makes the UIDs global.
func ICS(v app.ClassView, classURL, uidHost string) string {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//SteppersLife//Classes//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escape(v.Title))
	line("X-WR-TIMEZONE", "America/Chicago")
	where := v.Venue
	if v.Address != "" {
		where += ", " + v.Address
	}
	for _, x := range v.Sessions {
		line("BEGIN", "VEVENT")
		line("UID", "session-"+x.ID+"@"+uidHost)
		line("DTSTAMP", stamp(x.UpdatedAt))
		line("LAST-MODIFIED", stamp(x.UpdatedAt))
		line("DTSTART", stamp(x.StartsAt))
		line("DTEND", stamp(x.EndsAt))
		line("SEQUENCE", fmt.Sprint(x.Sequence))
		line("SUMMARY", escape(fmt.Sprintf("%s (session %d of %d)", v.Title, x.Position, len(v.Sessions))))
		line("LOCATION", escape(where))
		line("URL", classURL)
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
