package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events/domain"
)

var errNotTransferable = errs.Errorf(errs.CodeInvalidTransition,
	"Only a paid ticket that has not been used can be given to someone else.")

// Transfer gives the caller's ticket to the holder of email: the ticket gets a new
// code, mailed to them, and the old code admits no one. The new holder finds it
// under their tickets once signed in with that (verified) address. The answer is
// the ticket without its new code, which only its new holder is told.
func (s *Events) Transfer(ctx context.Context, u *auth.User, code, email string) (domain.TicketView, error) {
	code = domain.NormalizeCode(code)
	if !domain.ValidCodeShape(code) {
		return domain.TicketView{}, domain.ErrTicketNotFound
	}
	to, ok := domain.NormalizeEmail(email)
	if !ok {
		return domain.TicketView{}, errs.Invalid(map[string]string{"email": "is not an e-mail address"})
	}
	v, err := s.store.TicketView(ctx, code)
	if errors.Is(err, domain.ErrNotFound) {
		return v, domain.ErrTicketNotFound
	} else if err != nil {
		return v, err
	}
	if !isHolder(u, v.Ticket) {
		return domain.TicketView{}, auth.ErrForbidden
	}
	if strings.EqualFold(v.AttendeeEmail, to) {
		return domain.TicketView{}, errs.Invalid(map[string]string{"email": "is who holds this ticket already"})
	}
	ev, err := s.event(ctx, v.EventID)
	if err != nil {
		return domain.TicketView{}, err
	}
	if v.Status != domain.TicketValid || ev.Status != domain.EventPublished || !s.now().Before(ev.EndsAt) {
		return domain.TicketView{}, errNotTransferable
	}
	name, _, _ := strings.Cut(to, "@")
	fresh := domain.NewTicketCode()
	err = s.inTx(ctx, func(st Store, tx *sql.Tx) error {
		if err := st.TransferTicket(ctx, v.ID, code, v.OwnerID, fresh, name, to); err != nil {
			return err
		}
		return outbox.Enqueue(ctx, tx, s.transferMail(ev, v, fresh, to, u))
	})
	if errors.Is(err, domain.ErrWrongState) {
		return domain.TicketView{}, errNotTransferable
	} else if err != nil {
		return domain.TicketView{}, err
	}
	s.kickMail()
	v.Code, v.OwnerID, v.AttendeeEmail, v.AttendeeName = "", "", to, name
	return v, nil
}

func (s *Events) transferMail(ev domain.Event, v domain.TicketView, code, to string, from *auth.User) mail.Message {
	who := strings.TrimSpace(from.Name)
	if who == "" {
		who = from.Email
	}
	title := strings.Join(strings.Fields(ev.Title), " ")
	text := fmt.Sprintf("%s gave you a ticket for %s\n%s · %s%s\n\n%s: %s\n  %s\n\nShow the QR code at the door.\n",
		who, title, ev.StartsAt.In(domain.Chicago).Format("Mon, Jan 2 · 3:04 PM"), ev.Venue, addressOf(ev),
		v.TierName, code, s.TicketURL(code))
	return mail.Message{To: []string{to}, Subject: "A ticket for you: " + title, Text: text}
}

func addressOf(ev domain.Event) string {
	if ev.Address == "" {
		return ""
	}
	return ", " + ev.Address
}

// isHolder reports whether u holds t: they bought and kept it, or it was given to
// their verified address.
func isHolder(u *auth.User, t domain.Ticket) bool {
	if t.OwnerID != "" {
		return t.OwnerID == u.ID
	}
	mine, ok := domain.NormalizeEmail(u.Email)
	return ok && u.EmailVerified && mine == t.AttendeeEmail
}
