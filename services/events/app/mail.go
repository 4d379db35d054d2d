package app

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"strings"

	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/events/domain"
)

// enqueueTicketMailOf puts the tickets' e-mail of an order just completed through st
// in the outbox, inside tx, the transaction that completes the order: the mail goes
// out if and only if the order commits. It reads the order, its event and tiers as
// the transaction sees them.
func (s *Events) enqueueTicketMailOf(ctx context.Context, st Store, tx *sql.Tx, orderID string) error {
	o, err := st.OrderByID(ctx, orderID)
	if err != nil {
		return err
	}
	ev, err := st.EventByID(ctx, o.EventID)
	if err != nil {
		return err
	}
	tiers, err := st.TiersOf(ctx, ev.ID)
	if err != nil {
		return err
	}
	return outbox.Enqueue(ctx, tx, s.ticketMail(o, ev, tiers))
}

// kickMail asks the outbox to send what a commit just enqueued.
func (s *Events) kickMail() {
	if s.outbox != nil {
		s.outbox.Kick()
	}
}

// inTx runs fn in one transaction, with the store bound to it.
func (s *Events) inTx(ctx context.Context, fn func(st Store, tx *sql.Tx) error) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return fn(s.txStore(tx), tx) })
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
		if t.Status != domain.TicketValid && t.Status != domain.TicketScanned || t.OwnerID != o.BuyerID {
			continue // a ticket given away is mailed to its new holder only
		}
		l := line{Tier: names[t.TierID], Code: t.Code, URL: s.TicketURL(t.Code), QR: s.publicURL + "/api/tickets/" + t.Code + "/qr.png"}
		lines = append(lines, l)
		fmt.Fprintf(&text, "%s: %s\n  %s\n", l.Tier, l.Code, l.URL)
	}
	text.WriteString("\nShow the QR code at the door.\n")
	var html strings.Builder
	_ = ticketHTML.Execute(&html, map[string]any{"Event": ev, "Order": o, "Tickets": lines})
	// A title may hold line breaks, which a subject may not: the sender would refuse
	// the message every time, and the buyer would never get the tickets.
	subject := "Your tickets: " + strings.Join(strings.Fields(ev.Title), " ")
	return mail.Message{To: []string{o.BuyerEmail}, Subject: subject, Text: text.String(), HTML: html.String()}
}
