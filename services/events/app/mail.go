package app

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"

	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/domain"
)

// SendTicketMail e-mails the tickets of every completed order not yet mailed. An
// order is marked only after its mail went out, so a failure is retried later.
func (s *Events) SendTicketMail(ctx context.Context) (int, error) {
	ids, err := s.store.OrdersToMail(ctx, 20)
	if err != nil {
		return 0, err
	}
	sent := 0
	var failed error
	for _, id := range ids {
		o, err := s.store.OrderByID(ctx, id)
		if err != nil {
			return sent, err
		}
		ev, err := s.store.EventByID(ctx, o.EventID)
		if err != nil {
			return sent, err
		}
		tiers, err := s.store.TiersOf(ctx, ev.ID)
		if err != nil {
			return sent, err
		}
		if err := s.mail.Send(ctx, s.ticketMail(o, ev, tiers)); err != nil {
			// One order the mail server refuses (say, a suppressed address) must not
			// hold back the tickets of every order after it: go on, report it, and
			// retry it on the next round.
			failed = errors.Join(failed, fmt.Errorf("order %s: %w", o.ID, err))
			continue
		}
		if err := s.store.MarkMailed(ctx, o.ID, s.now()); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, failed
}

var ticketHTML = template.Must(template.New("mail").Funcs(ui.Funcs).Parse(`<h1>Your tickets for {{.Event.Title}}</h1>
<p>{{datetime .Event.StartsAt}} · {{.Event.Venue}}{{with .Event.Address}}, {{.}}{{end}}</p>
<p>Order {{.Order.ID}} · {{money .Order.TotalCents}}</p>
<ul>{{range .Tickets}}<li><a href="{{.URL}}">{{.Tier}} — {{.Code}}</a><br><img src="{{.QR}}" alt="QR code for ticket {{.Code}}" width="200" height="200"></li>{{end}}</ul>
<p>Show the QR code at the door.</p>`))

func (s *Events) ticketMail(o domain.Order, ev domain.Event, tiers []domain.Tier) mail.Message {
	names := map[string]string{}
	for _, t := range tiers {
		names[t.ID] = t.Name
	}
	type line struct{ Tier, Code, URL, QR string }
	var lines []line
	var text strings.Builder
	fmt.Fprintf(&text, "Your tickets for %s\n%s · %s\nOrder %s · %s\n\n", ev.Title,
		ev.StartsAt.In(domain.Chicago).Format("Mon, Jan 2 · 3:04 PM"), ev.Venue, o.ID, ui.Money(o.TotalCents))
	for _, t := range o.Tickets {
		if t.Status != domain.TicketValid && t.Status != domain.TicketScanned {
			continue
		}
		l := line{Tier: names[t.TierID], Code: t.Code, URL: s.TicketURL(t.Code), QR: s.publicURL + "/api/tickets/" + t.Code + "/qr.png"}
		lines = append(lines, l)
		fmt.Fprintf(&text, "%s: %s\n  %s\n", l.Tier, l.Code, l.URL)
	}
	text.WriteString("\nShow the QR code at the door.\n")
	var html strings.Builder
	_ = ticketHTML.Execute(&html, map[string]any{"Event": ev, "Order": o, "Tickets": lines})
	// A title may hold line breaks, which a subject may not: the sender would refuse
	// the message every time, and that order would block all mail after it.
	subject := "Your tickets: " + strings.Join(strings.Fields(ev.Title), " ")
	return mail.Message{To: []string{o.BuyerEmail}, Subject: subject, Text: text.String(), HTML: html.String()}
}
