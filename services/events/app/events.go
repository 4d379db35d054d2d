package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/events/domain"
)

// EventWithTiers is an event and its tiers, as the detail page shows it.
type EventWithTiers struct {
	domain.Event
	Tiers []domain.Tier
	// CardPayments: a purchase may pay by card now (the platform has Stripe keys
	// and the organizer's account can take charges).
	CardPayments bool
}

// CreateEvent makes a DRAFT event owned by u (an EVENT_ORGANIZER).
func (s *Events) CreateEvent(ctx context.Context, u *auth.User, in domain.EventInput) (domain.Event, error) {
	if !u.Has(auth.RoleEventOrganizer) {
		return domain.Event{}, auth.ErrForbidden
	}
	if err := in.Normalize(); err != nil {
		return domain.Event{}, err
	}
	now := s.now()
	organizerEmail, _ := domain.NormalizeEmail(u.Email)
	ev := domain.Event{ID: domain.NewID(), Slug: domain.Slugify(in.Title), OrganizerID: u.ID, OrganizerEmail: organizerEmail,
		Title: in.Title, Description: in.Description, Category: in.Category, Venue: in.Venue, Address: in.Address,
		StartsAt: in.StartsAt, EndsAt: in.EndsAt, Status: domain.EventDraft, CreatedAt: now, UpdatedAt: now}
	return ev, s.store.CreateEvent(ctx, ev)
}

// UpdateEvent rewrites an event's details while it is a draft or on sale.
func (s *Events) UpdateEvent(ctx context.Context, u *auth.User, id string, in domain.EventInput) (domain.Event, error) {
	return s.EditEvent(ctx, u, id, in, nil, false)
}

// EditEvent is UpdateEvent that also sets the cash deadline when setDeadline is
// true (nil: hold cash until the event ends). Both are checked before either is
// written, and both are written in one transaction.
func (s *Events) EditEvent(ctx context.Context, u *auth.User, id string, in domain.EventInput, deadline *time.Time, setDeadline bool) (domain.Event, error) {
	ev, err := s.managed(ctx, u, id)
	if err != nil {
		return ev, err
	}
	if ev.Status != domain.EventDraft && ev.Status != domain.EventPublished {
		return ev, errs.Errorf(errs.CodeInvalidTransition, "A "+string(ev.Status)+" event cannot be edited.")
	}
	if err := in.Normalize(); err != nil {
		return ev, err
	}
	now := s.now()
	if setDeadline {
		if deadline != nil {
			d := deadline.UTC()
			deadline = &d
		}
		next := ev
		next.EndsAt = in.EndsAt
		if ev.CashDeadline != nil && deadline != nil && deadline.Equal(*ev.CashDeadline) {
			// Unchanged: saving the details again does not need it to be still ahead.
		} else if err := next.CheckCashDeadline(deadline, now); err != nil {
			return ev, err
		}
	} else {
		deadline = ev.CashDeadline
	}
	if deadline != nil && !deadline.Before(in.EndsAt) {
		return ev, errs.Invalid(map[string]string{"endsAt": "must be after the cash deadline; move or clear the deadline first"})
	}
	err = s.inTx(ctx, func(st Store, _ *sql.Tx) error {
		if err := st.UpdateEvent(ctx, id, in, now); err != nil {
			return err
		}
		if !setDeadline {
			return nil
		}
		return st.SetCashDeadline(ctx, id, deadline, now)
	})
	if err != nil {
		return ev, err
	}
	return s.store.EventByID(ctx, id)
}

// Publish puts a draft on sale; it needs at least one tier.
func (s *Events) Publish(ctx context.Context, u *auth.User, id string) (domain.Event, error) {
	ev, err := s.managed(ctx, u, id)
	if err != nil {
		return ev, err
	}
	tiers, err := s.store.TiersOf(ctx, id)
	if err != nil {
		return ev, err
	}
	if len(tiers) == 0 && ev.Status == domain.EventDraft {
		return ev, errs.Errorf(errs.CodeConflict, "Add at least one ticket tier before publishing.")
	}
	return s.move(ctx, u, ev, domain.EventPublished)
}

func (s *Events) move(ctx context.Context, u *auth.User, ev domain.Event, to domain.EventStatus) (domain.Event, error) {
	if !ev.Status.CanMove(to) {
		return ev, errs.Errorf(errs.CodeInvalidTransition, fmt.Sprintf("An event cannot go from %s to %s.", ev.Status, to)).
			With(map[string]any{"status": string(ev.Status)})
	}
	// The move and its line in the audit trail commit together.
	err := s.inTx(ctx, func(st Store, _ *sql.Tx) error {
		now := s.now()
		ok, err := st.MoveEvent(ctx, ev.ID, ev.Status, to, now)
		if err != nil {
			return err
		}
		if !ok {
			return errs.Errorf(errs.CodeConflict, "The event changed meanwhile; reload and try again.")
		}
		return st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: "status",
			Subject: audit.Subject{Kind: domain.AuditSubjectEvent, ID: ev.ID}, Detail: string(ev.Status) + " → " + string(to)})
	})
	if err != nil {
		return ev, err
	}
	return s.store.EventByID(ctx, ev.ID)
}

// CancelResult says what cancelling an event did to its orders.
type CancelResult struct {
	Event    domain.Event `json:"-"`
	Refunded int          `json:"refundedOrders"`
	Released int          `json:"cancelledHolds"`
	Failed   []string     `json:"failedOrders,omitempty"`
}

// CancelEvent cancels an event and refunds every order. Calling it again on a
// cancelled event retries the refunds that failed (Stripe refunds are idempotent).
func (s *Events) CancelEvent(ctx context.Context, u *auth.User, id string) (CancelResult, error) {
	ev, err := s.managed(ctx, u, id)
	if err != nil {
		return CancelResult{}, err
	}
	if ev.Status != domain.EventCancelled {
		if ev, err = s.move(ctx, u, ev, domain.EventCancelled); err != nil {
			return CancelResult{}, err
		}
	}
	res := CancelResult{Event: ev}
	orders, err := s.store.OrdersOfEvent(ctx, id, "")
	if err != nil {
		return res, err
	}
	for _, o := range orders {
		if o.Status.Holding() {
			ok, err := s.store.CloseOrder(ctx, o.ID, domain.OrderCancelled, s.now())
			if err != nil {
				return res, err
			}
			if ok {
				res.Released++
				continue
			}
			// Paid between the listing and the close (a card webhook or a cash
			// approval): it is refunded like the orders paid before.
			if o, err = s.store.OrderByID(ctx, o.ID); err != nil {
				return res, err
			}
		}
		if o.Status == domain.OrderCompleted {
			if _, err := s.refund(ctx, o); err != nil {
				s.log.WarnContext(ctx, "refund on event cancel failed", "order", o.ID, "error", err.Error())
				res.Failed = append(res.Failed, o.ID)
				continue
			}
			res.Refunded++
		}
	}
	return res, nil
}

// SetFlyer stores the event's flyer, resized once to web size.
func (s *Events) SetFlyer(ctx context.Context, u *auth.User, id string, data []byte) (domain.Event, error) {
	ev, err := s.managed(ctx, u, id)
	if err != nil {
		return ev, err
	}
	// The key names the content, so the served image can be cached forever.
	key, err := imaging.Save(ctx, s.blobs, data, "flyers/"+ev.ID)
	if err != nil {
		return ev, err
	}
	if err := s.store.SetFlyer(ctx, id, key, s.now()); err != nil {
		return ev, err
	}
	// The old flyer goes with its copies and twins; the same picture sent again has
	// the same key, and stays.
	if ev.FlyerKey != "" && ev.FlyerKey != key {
		_ = imaging.Delete(ctx, s.blobs, ev.FlyerKey)
	}
	return s.store.EventByID(ctx, id)
}

// AddTier adds a ticket tier to a draft or published event.
func (s *Events) AddTier(ctx context.Context, u *auth.User, eventID string, in domain.TierInput) (domain.Tier, error) {
	ev, err := s.managed(ctx, u, eventID)
	if err != nil {
		return domain.Tier{}, err
	}
	if ev.Status != domain.EventDraft && ev.Status != domain.EventPublished {
		return domain.Tier{}, errs.Errorf(errs.CodeInvalidTransition, "Tiers cannot be added to a "+string(ev.Status)+" event.")
	}
	if err := in.Normalize(); err != nil {
		return domain.Tier{}, err
	}
	t := domain.Tier{ID: domain.NewID(), EventID: eventID, Name: in.Name, PriceCents: in.PriceCents, Capacity: in.Capacity,
		SalesStart: in.SalesStart, SalesEnd: in.SalesEnd, MaxPerOrder: in.MaxPerOrder, CreatedAt: s.now()}
	return t, s.store.CreateTier(ctx, t)
}

// AddDiscount creates a discount code for an event.
func (s *Events) AddDiscount(ctx context.Context, u *auth.User, eventID string, in domain.DiscountInput) (domain.Discount, error) {
	if _, err := s.managed(ctx, u, eventID); err != nil {
		return domain.Discount{}, err
	}
	if err := in.Normalize(); err != nil {
		return domain.Discount{}, err
	}
	d := domain.Discount{ID: domain.NewID(), EventID: eventID, Code: in.Code, Kind: in.Kind, Amount: in.Amount,
		UsageLimit: in.UsageLimit, ExpiresAt: in.ExpiresAt, CreatedAt: s.now()}
	err := s.store.CreateDiscount(ctx, d)
	if errors.Is(err, domain.ErrDuplicate) {
		return d, errs.Errorf(errs.CodeConflict, "This event already has the code "+d.Code+".")
	}
	return d, err
}

// Discounts lists an event's codes.
func (s *Events) Discounts(ctx context.Context, u *auth.User, eventID string) ([]domain.Discount, error) {
	if _, err := s.managed(ctx, u, eventID); err != nil {
		return nil, err
	}
	return s.store.DiscountsOf(ctx, eventID)
}

// AddStaff lets the person with email scan tickets at the event.
func (s *Events) AddStaff(ctx context.Context, u *auth.User, eventID, email string) (domain.Staff, error) {
	if _, err := s.managed(ctx, u, eventID); err != nil {
		return domain.Staff{}, err
	}
	email, ok := domain.NormalizeEmail(email)
	if !ok {
		return domain.Staff{}, errs.Invalid(map[string]string{"email": "is not a usable e-mail address"})
	}
	st := domain.Staff{ID: domain.NewID(), EventID: eventID, Email: email, AddedAt: s.now()}
	err := s.store.AddStaff(ctx, st)
	if errors.Is(err, domain.ErrDuplicate) {
		return st, errs.Errorf(errs.CodeConflict, email+" is already on the staff.")
	}
	return st, err
}

// RemoveStaff takes someone off the event's staff.
func (s *Events) RemoveStaff(ctx context.Context, u *auth.User, eventID, staffID string) error {
	if _, err := s.managed(ctx, u, eventID); err != nil {
		return err
	}
	if err := s.store.RemoveStaff(ctx, eventID, staffID); errors.Is(err, domain.ErrNotFound) {
		return errs.NotFound("Staff member")
	} else if err != nil {
		return err
	}
	return nil
}

// Staff lists the event's staff.
func (s *Events) Staff(ctx context.Context, u *auth.User, eventID string) ([]domain.Staff, error) {
	if _, err := s.managed(ctx, u, eventID); err != nil {
		return nil, err
	}
	return s.store.StaffOf(ctx, eventID)
}

// Manage returns an event with its tiers for its organizer.
func (s *Events) Manage(ctx context.Context, u *auth.User, eventID string) (EventWithTiers, error) {
	ev, err := s.managed(ctx, u, eventID)
	if err != nil {
		return EventWithTiers{}, err
	}
	return s.withTiersOf(ctx, ev)
}

// MyEvents lists the events u organizes and those u staffs.
func (s *Events) MyEvents(ctx context.Context, u *auth.User) (own, staffed []domain.Event, err error) {
	organizerEmail, ok := domain.NormalizeEmail(u.Email)
	if !ok {
		organizerEmail = "" // claims no unclaimed event
	}
	if own, err = s.store.EventsOfOrganizer(ctx, u.ID, organizerEmail); err != nil {
		return nil, nil, err
	}
	if email, ok := staffEmail(u); ok {
		staffed, err = s.store.EventsStaffedBy(ctx, email)
	}
	return own, staffed, err
}

// Sales sums an event's sales for its organizer.
func (s *Events) Sales(ctx context.Context, u *auth.User, eventID string) (domain.Sales, error) {
	if _, err := s.managed(ctx, u, eventID); err != nil {
		return domain.Sales{}, err
	}
	return s.store.SalesOf(ctx, eventID)
}

// Attendees lists an event's ticket holders for its organizer and staff.
func (s *Events) Attendees(ctx context.Context, u *auth.User, eventID string) (domain.Event, []domain.Attendee, error) {
	ev, err := s.scannable(ctx, u, eventID)
	if err != nil {
		return ev, nil, err
	}
	as, err := s.store.Attendees(ctx, eventID)
	return ev, as, err
}

// Orders lists an event's orders in status for its organizer and staff (cash
// approvals).
func (s *Events) Orders(ctx context.Context, u *auth.User, eventID string, status domain.OrderStatus) ([]domain.Order, error) {
	if _, err := s.scannable(ctx, u, eventID); err != nil {
		return nil, err
	}
	return s.store.OrdersOfEvent(ctx, eventID, status)
}

// PublicEvents lists what is on sale, soonest first.
func (s *Events) PublicEvents(ctx context.Context, f domain.EventFilter) ([]EventWithTiers, int, error) {
	f.EndsAfter = s.now()
	evs, total, err := s.store.PublicEvents(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return s.withTiers(ctx, evs, total)
}

func (s *Events) withTiers(ctx context.Context, evs []domain.Event, total int) ([]EventWithTiers, int, error) {
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	tiers, err := s.store.TiersOfEvents(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	organizers := make([]string, 0, len(evs))
	for _, e := range evs {
		organizers = append(organizers, e.OrganizerID)
	}
	card, err := s.cardReady(ctx, organizers)
	if err != nil {
		return nil, 0, err
	}
	out := make([]EventWithTiers, len(evs))
	for i, e := range evs {
		out[i] = EventWithTiers{Event: e, Tiers: tiers[e.ID], CardPayments: card[e.OrganizerID]}
	}
	return out, total, nil
}

// PublicEvent finds a public event by slug (or id) with its tiers. Drafts are shown
// only to their organizer.
func (s *Events) PublicEvent(ctx context.Context, u *auth.User, slugOrID string) (EventWithTiers, error) {
	ev, err := s.store.EventBySlug(ctx, slugOrID)
	if errors.Is(err, domain.ErrNotFound) {
		ev, err = s.store.EventByID(ctx, slugOrID)
	}
	if errors.Is(err, domain.ErrNotFound) {
		return EventWithTiers{}, errEventNotFound
	} else if err != nil {
		return EventWithTiers{}, err
	}
	if ev.Status == domain.EventDraft && (u == nil || (!ev.IsOrganizer(u.ID, u.Email) && !u.Has(auth.RoleAdmin))) {
		return EventWithTiers{}, errEventNotFound
	}
	return s.withTiersOf(ctx, ev)
}

// withTiersOf is one event with its tiers and whether it takes cards.
func (s *Events) withTiersOf(ctx context.Context, ev domain.Event) (EventWithTiers, error) {
	tiers, err := s.store.TiersOf(ctx, ev.ID)
	if err != nil {
		return EventWithTiers{}, err
	}
	card, err := s.cardReady(ctx, []string{ev.OrganizerID})
	return EventWithTiers{Event: ev, Tiers: tiers, CardPayments: card[ev.OrganizerID]}, err
}
