package app

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events/domain"
)

// Audience is who a message to an event's attendees would reach, and how many
// more messages the event may send now.
type Audience struct {
	Event      domain.Event
	Tiers      []domain.Tier
	TierName   string // the tier written to; empty for every tier
	Recipients []string
	// Left is how many messages the event may still send within the window; when
	// none, NextAt is when the next one may go.
	Left   int
	NextAt time.Time
}

// MessageAudience says whom a message to the event's ticket holders (of tierID,
// when set) would reach, for the organizer to confirm before sending.
func (s *Events) MessageAudience(ctx context.Context, u *auth.User, eventID, tierID string) (Audience, error) {
	ev, err := s.managed(ctx, u, eventID)
	if err != nil {
		return Audience{}, err
	}
	a, err := s.audience(ctx, s.store, ev, strings.TrimSpace(tierID))
	if err != nil {
		return a, err
	}
	times, err := s.store.MessagesSince(ctx, eventID, s.now().Add(-domain.MessageWindow))
	if err != nil {
		return a, err
	}
	a.Left, a.NextAt = messagesLeft(times)
	return a, nil
}

func messagesLeft(times []time.Time) (int, time.Time) {
	left := max(0, domain.MessagesPerWindow-len(times))
	if left > 0 || len(times) == 0 {
		return left, time.Time{}
	}
	return 0, times[len(times)-domain.MessagesPerWindow].Add(domain.MessageWindow)
}

func (s *Events) audience(ctx context.Context, st Store, ev domain.Event, tierID string) (Audience, error) {
	a := Audience{Event: ev}
	tiers, err := st.TiersOf(ctx, ev.ID)
	if err != nil {
		return a, err
	}
	a.Tiers = tiers
	if tierID != "" {
		for _, t := range tiers {
			if t.ID == tierID {
				a.TierName = t.Name
			}
		}
		if a.TierName == "" {
			return a, errs.Invalid(map[string]string{"tierId": "is not a ticket tier of this event"})
		}
	}
	holders, err := st.Attendees(ctx, ev.ID)
	if err != nil {
		return a, err
	}
	a.Recipients = domain.Recipients(holders, tierID)
	return a, nil
}

// errNoRecipients refuses a message nobody would receive.
var errNoRecipients = errs.Errorf(errs.CodeConflict, "Nobody holds a ticket to write to yet.")

// MessageAttendees e-mails in to every ticket holder of the event (of one tier when
// in names it), one message per address. Its organizer (or an admin) sends it; an
// event sends at most domain.MessagesPerWindow within domain.MessageWindow. The
// mail is enqueued in the kit outbox in the transaction that records the message
// in the audit trail (who, when, to how many), so it goes out if and only if it
// is recorded. It returns how many addresses it was sent to.
func (s *Events) MessageAttendees(ctx context.Context, u *auth.User, eventID string, in domain.MessageInput) (int, error) {
	if err := in.Normalize(); err != nil {
		return 0, err
	}
	ev, err := s.managed(ctx, u, eventID)
	if err != nil {
		return 0, err
	}
	sent := 0
	err = s.inTx(ctx, func(st Store, tx *sql.Tx) error {
		now := s.now()
		times, err := st.MessagesSince(ctx, eventID, now.Add(-domain.MessageWindow))
		if err != nil {
			return err
		}
		if left, next := messagesLeft(times); left == 0 {
			return errs.Errorf(errs.CodeRateLimited, fmt.Sprintf("This event's attendees already had %d messages in the last 24 hours; you can send the next one after %s.",
				domain.MessagesPerWindow, next.In(domain.Chicago).Format("Mon 3:04 PM"))).
				With(map[string]any{"limit": domain.MessagesPerWindow, "retryAt": next.UTC().Format(time.RFC3339)})
		}
		a, err := s.audience(ctx, st, ev, in.TierID)
		if err != nil {
			return err
		}
		if len(a.Recipients) == 0 {
			return errNoRecipients
		}
		m := s.attendeeMail(ev, in)
		for _, to := range a.Recipients {
			m.To, m.ID = []string{to}, ""
			if err := outbox.Enqueue(ctx, tx, m); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%d recipients", len(a.Recipients))
		if a.TierName != "" {
			detail += " of " + a.TierName
		}
		sent = len(a.Recipients)
		return st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: domain.AuditMessageAttendees,
			Subject: audit.Subject{Kind: domain.AuditSubjectEvent, ID: eventID}, Detail: detail + ": " + in.Subject})
	})
	if err != nil {
		return 0, err
	}
	s.kickMail()
	return sent, nil
}

var attendeeHTML = template.Must(template.New("message").Parse(`{{range .Paragraphs}}<p>{{range $i, $l := .}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{end}}<hr><p style="color:#555">You hold a ticket to <a href="{{.URL}}">{{.Title}}</a>, {{.When}} · {{.Venue}}. This message is from its organizer.</p>`))

// attendeeMail is the organizer's plain text, as text and as HTML (escaped, its
// paragraphs and line breaks kept), with a line saying which event it is about.
func (s *Events) attendeeMail(ev domain.Event, in domain.MessageInput) mail.Message {
	title := strings.Join(strings.Fields(ev.Title), " ")
	when := ev.StartsAt.In(domain.Chicago).Format("Mon, Jan 2 · 3:04 PM")
	url := s.publicURL + "/events/" + ev.Slug
	text := in.Body + "\n\n--\nYou hold a ticket to " + title + ", " + when + " · " + ev.Venue +
		". This message is from its organizer.\n" + url + "\n"
	var paragraphs [][]string
	for _, p := range strings.Split(in.Body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paragraphs = append(paragraphs, strings.Split(p, "\n"))
		}
	}
	var html strings.Builder
	_ = attendeeHTML.Execute(&html, map[string]any{"Paragraphs": paragraphs, "URL": url, "Title": title, "When": when, "Venue": ev.Venue})
	return mail.Message{Subject: in.Subject + " · " + title, Text: text, HTML: html.String()}
}
