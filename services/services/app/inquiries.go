package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/services/domain"
)

// InquiryView is an inquiry with its listing and, for its parties, the thread.
type InquiryView struct {
	domain.Inquiry
	Provider domain.Provider
	Messages []domain.Message
}

// rateLimited is the 429 answer; the handler turns retryAfterSeconds into Retry-After.
func rateLimited(what string, wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	return errs.Errorf(errs.CodeRateLimited, fmt.Sprintf("%s Try again in %d minutes.", what, (secs+59)/60)).
		With(map[string]any{"retryAfterSeconds": secs})
}

// SendInquiry sends a customer's quote request to an APPROVED listing, within the
// spam limits (counted under the listing's row lock), and tells the provider by e-mail.
func (s *Service) SendInquiry(ctx context.Context, u *auth.User, providerID string, in domain.InquiryInput) (InquiryView, error) {
	now := s.Now()
	if err := in.Normalize(now); err != nil {
		return InquiryView{}, err
	}
	p, err := s.provider(ctx, providerID)
	if err != nil {
		return InquiryView{}, err
	}
	if p.Status != domain.ProviderApproved {
		return InquiryView{}, errProviderNotFound
	}
	if p.IsOwner(u.ID, u.VerifiedEmail()) {
		return InquiryView{}, errs.Errorf(errs.CodeForbidden, "A business cannot send itself a quote request.")
	}
	if in.EventDate != nil && !in.EvenIfBooked {
		booked, err := s.store.IsBooked(ctx, p.ID, *in.EventDate)
		if err != nil {
			return InquiryView{}, err
		}
		if booked {
			return InquiryView{}, errDateBooked(p, *in.EventDate)
		}
	}
	q := domain.Inquiry{ID: domain.NewID(), ProviderID: p.ID, CustomerID: u.ID, CustomerName: u.Name, CustomerEmail: u.Email,
		Status: domain.InquiryNew, EventDate: in.EventDate, EventType: in.EventType, Location: in.Location, Guests: in.Guests,
		BudgetCents: in.BudgetCents, Message: in.Message, CreatedAt: now, UpdatedAt: now}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.LockProvider(ctx, p.ID); err != nil {
			return storeErr(err, errProviderNotFound, "")
		}
		for _, l := range []struct {
			customer, provider string
			window             time.Duration
			max                int
			what               string
		}{
			{u.ID, "", time.Hour, s.limits.CustomerPerHour, "You have sent many quote requests this hour."},
			{u.ID, p.ID, 24 * time.Hour, s.limits.PairPerDay, "You have written to this business several times today; continue in your open request."},
			{"", p.ID, time.Hour, s.limits.ProviderPerHour, "This business is receiving many requests right now."},
		} {
			n, err := st.InquiriesSince(ctx, l.customer, l.provider, now.Add(-l.window))
			if err != nil {
				return err
			}
			if n >= l.max {
				return rateLimited(l.what, l.window)
			}
		}
		if err := st.CreateInquiry(ctx, q); err != nil {
			return err
		}
		return st.EnqueueMail(ctx, s.newInquiryMail(p, q))
	})
	if err != nil {
		return InquiryView{}, err
	}
	s.kickMail()
	return InquiryView{Inquiry: q, Provider: p}, nil
}

// partyTo loads an inquiry u may read: its customer, the listing's owner, or an admin.
// Anyone else learns nothing of it (404).
func (s *Service) partyTo(ctx context.Context, u *auth.User, id string) (domain.Inquiry, domain.Provider, bool, error) {
	q, err := s.store.Inquiry(ctx, id)
	if err != nil {
		return q, domain.Provider{}, false, storeErr(err, errInquiryNotFound, "")
	}
	p, err := s.provider(ctx, q.ProviderID)
	if err != nil {
		return q, p, false, err
	}
	customer, owner := q.Party(u.ID, u.VerifiedEmail(), p)
	if !customer && !owner && !isAdmin(u) {
		return q, p, false, errInquiryNotFound
	}
	return q, p, owner, nil
}

// Inquiry is an inquiry with its thread, for its parties and admins. The provider
// opening a NEW one marks it VIEWED.
func (s *Service) Inquiry(ctx context.Context, u *auth.User, id string) (InquiryView, error) {
	q, p, owner, err := s.partyTo(ctx, u, id)
	if err != nil {
		return InquiryView{}, err
	}
	if owner && q.Status == domain.InquiryNew {
		if err := s.store.MoveInquiry(ctx, id, domain.InquiryNew, domain.InquiryViewed, s.Now()); err != nil && !errors.Is(err, domain.ErrWrongState) {
			return InquiryView{}, err
		}
		if q, err = s.store.Inquiry(ctx, id); err != nil {
			return InquiryView{}, err
		}
	}
	msgs, err := s.store.Messages(ctx, id)
	if err != nil {
		return InquiryView{}, err
	}
	return InquiryView{Inquiry: q, Provider: p, Messages: msgs}, nil
}

// PostMessage adds a turn to the thread, by one of the two parties only, and tells
// the other by e-mail. The provider's first reply marks the inquiry RESPONDED.
func (s *Service) PostMessage(ctx context.Context, u *auth.User, id, body string) (InquiryView, error) {
	body, err := domain.NormalizeMessage(body)
	if err != nil {
		return InquiryView{}, err
	}
	q, p, owner, err := s.partyTo(ctx, u, id)
	if err != nil {
		return InquiryView{}, err
	}
	if !owner && u.ID != q.CustomerID {
		return InquiryView{}, errs.Errorf(errs.CodeForbidden, "Only the customer and the business write in a request's thread.")
	}
	if q.Status == domain.InquiryArchived {
		return InquiryView{}, errs.Errorf(errs.CodeInvalidTransition, "This request is archived.")
	}
	m := domain.Message{ID: domain.NewID(), InquiryID: id, AuthorID: u.ID, FromOwner: owner, Body: body, CreatedAt: s.Now()}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.AddMessage(ctx, m); err != nil {
			return err
		}
		return st.EnqueueMail(ctx, s.messageMail(p, q, m))
	})
	if err != nil {
		return InquiryView{}, err
	}
	s.kickMail()
	return s.Inquiry(ctx, u, id)
}

// MoveInquiry changes an inquiry's status on the provider's side (NEW → VIEWED →
// RESPONDED → ARCHIVED).
func (s *Service) MoveInquiry(ctx context.Context, u *auth.User, id string, to domain.InquiryStatus) (InquiryView, error) {
	q, _, owner, err := s.partyTo(ctx, u, id)
	if err != nil {
		return InquiryView{}, err
	}
	if !owner && !isAdmin(u) {
		return InquiryView{}, errs.Errorf(errs.CodeForbidden, "Only the business moves a request through its inbox.")
	}
	if err := q.Status.Move(to); err != nil {
		return InquiryView{}, err
	}
	if err := s.store.MoveInquiry(ctx, id, q.Status, to, s.Now()); err != nil {
		return InquiryView{}, storeErr(err, errInquiryNotFound, "The request changed meanwhile; reload and try again.")
	}
	return s.Inquiry(ctx, u, id)
}

// ProviderInquiries is a listing's inbox (its owner and admins), newest first, in one
// status when status is set.
func (s *Service) ProviderInquiries(ctx context.Context, u *auth.User, providerID string, status domain.InquiryStatus, limit, offset int) ([]domain.Inquiry, int, error) {
	if _, err := s.owned(ctx, u, providerID); err != nil {
		return nil, 0, err
	}
	return s.store.InquiriesOfProvider(ctx, providerID, status, limit, offset)
}

// MyInquiries lists the quote requests u sent, newest first, with their listings.
func (s *Service) MyInquiries(ctx context.Context, u *auth.User, limit, offset int) ([]InquiryView, int, error) {
	qs, total, err := s.store.InquiriesOfCustomer(ctx, u.ID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out := make([]InquiryView, len(qs))
	for i, q := range qs {
		p, err := s.store.Provider(ctx, q.ProviderID)
		if err != nil {
			return nil, 0, err
		}
		out[i] = InquiryView{Inquiry: q, Provider: p}
	}
	return out, total, nil
}
