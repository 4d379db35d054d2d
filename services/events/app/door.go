package app

import (
	"context"
	"errors"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/events/domain"
)

// DoorCounts is what the door shows at a glance: admitted of sold, and how many
// tickets wait for cash.
type DoorCounts struct {
	CheckedIn   int `json:"checkedIn"`
	Sold        int `json:"sold"`
	CashWaiting int `json:"cashWaiting"`
}

// Counts sums the event's tickets for its door (the organizer and its staff).
func (s *Events) Counts(ctx context.Context, u *auth.User, eventID string) (DoorCounts, error) {
	if _, err := s.scannable(ctx, u, eventID); err != nil {
		return DoorCounts{}, err
	}
	sales, err := s.store.SalesOf(ctx, eventID)
	if err != nil {
		return DoorCounts{}, err
	}
	var c DoorCounts
	for _, t := range sales.Tiers {
		c.CheckedIn += t.Scanned
		c.Sold += t.Sold
		c.CashWaiting += t.Held
	}
	return c, nil
}

// MaxDoorMatches bounds one name or e-mail search at the door.
const MaxDoorMatches = 20

// FindAtDoor finds the event's tickets whose holder's name or e-mail contains q,
// for a guest who arrives without their code.
func (s *Events) FindAtDoor(ctx context.Context, u *auth.User, eventID, q string) ([]domain.Ticket, error) {
	if _, err := s.scannable(ctx, u, eventID); err != nil {
		return nil, err
	}
	q = strings.TrimSpace(q)
	if len([]rune(q)) < 2 || len(q) > 100 {
		return nil, errs.Invalid(map[string]string{"q": "type at least 2 characters of a name or an e-mail address"})
	}
	return s.store.FindTickets(ctx, eventID, q, MaxDoorMatches)
}

// AdmitCash is the door taking a cash order's money and letting its guests in, in
// one tap: the order is approved, then each of its tickets is scanned. It answers
// the order and how many tickets it admitted.
func (s *Events) AdmitCash(ctx context.Context, u *auth.User, eventID, orderID string) (domain.Order, int, error) {
	o, err := s.order(ctx, orderID)
	if err != nil {
		return o, 0, err
	}
	if o.EventID != eventID {
		return o, 0, errOrderNotFound
	}
	if o, err = s.ApproveCash(ctx, u, orderID); err != nil {
		return o, 0, err
	}
	admitted := 0
	for _, t := range o.Tickets {
		if t.Status != domain.TicketValid {
			continue
		}
		if _, err := s.Checkin(ctx, u, eventID, t.Code); err == nil {
			admitted++
		} else if !isRefusal(err) {
			return o, admitted, err
		}
	}
	o, err = s.store.OrderByID(ctx, orderID)
	return o, admitted, err
}

// isRefusal reports whether err is a check-in verdict rather than a failure.
func isRefusal(err error) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Class() == errs.CodeConflict
}

// scannerName is how the door names who admitted a ticket.
func scannerName(u *auth.User) string {
	if u == nil {
		return ""
	}
	if name := strings.TrimSpace(u.Name); name != "" {
		if first, _, ok := strings.Cut(name, " "); ok {
			return first
		}
		return name
	}
	return u.Email
}
