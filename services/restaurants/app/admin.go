package app

import (
	"context"
	"fmt"
	"strings"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/services/restaurants/domain"
)

// SubjectRestaurant is the audit trail's kind for a restaurant.
const SubjectRestaurant = "restaurant"

// Moderate is an admin's decision on a restaurant: the new status, the reason its
// owner reads (required to reject or suspend), the entry in the audit trail and the
// e-mail that tells the owner commit together or not at all.
func (s *Service) Moderate(ctx context.Context, u *auth.User, id string, a domain.AdminAction, reason string) (domain.Restaurant, error) {
	if !u.Has(auth.RoleAdmin) {
		return domain.Restaurant{}, auth.ErrForbidden
	}
	r, err := s.store.Restaurant(ctx, id)
	if err != nil {
		return r, notFound(err, "Restaurant")
	}
	to, err := domain.Moderate(r.Status, a)
	if err != nil {
		return r, err
	}
	if reason, err = audit.Reason(reason, a.NeedsReason()); err != nil {
		return r, err
	}
	shown := ""
	if to == domain.Rejected || to == domain.Suspended {
		shown = reason
	}
	now := s.now()
	err = s.inTx(ctx, func(st Store) error {
		if err := st.SetStatus(ctx, id, r.Status, to, shown, now); err != nil {
			return errs.Answer(err, domain.ErrChanged, errRestaurantChanged)
		}
		if err := st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: string(a),
			Subject: audit.Subject{Kind: SubjectRestaurant, ID: id}, Reason: reason}); err != nil {
			return err
		}
		if m, ok := decisionMail(r, to, shown, s.publicURL); ok {
			return st.EnqueueMail(ctx, m)
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	s.KickMail()
	r.Status, r.StatusReason, r.UpdatedAt = to, shown, now
	return r, nil
}

// Waiting lists the applications waiting for an admin, newest first.
func (s *Service) Waiting(ctx context.Context, u *auth.User, page Page) (Listing, error) {
	return s.ForModeration(ctx, u, domain.Pending, page)
}

// Review is a restaurant as an admin reviews it: the application, what may be
// decided now, and what admins decided before, newest first.
type Review struct {
	Restaurant domain.Restaurant
	Decisions  []domain.AdminAction
	Trail      []audit.Entry
}

// Review loads a restaurant for an admin's page.
func (s *Service) Review(ctx context.Context, u *auth.User, id string) (Review, error) {
	if !u.Has(auth.RoleAdmin) {
		return Review{}, auth.ErrForbidden
	}
	r, err := s.store.Restaurant(ctx, id)
	if err != nil {
		return Review{}, notFound(err, "Restaurant")
	}
	trail, err := s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectRestaurant, ID: id}, 0)
	if err != nil {
		return Review{}, err
	}
	return Review{Restaurant: r, Decisions: domain.Decisions(r.Status), Trail: trail}, nil
}

// decisionMail tells a restaurant's owner what an admin decided, and why when the
// decision keeps the restaurant off the site. An owner without a usable address (a
// demo restaurant) gets none: a message no server takes would fail the decision.
func decisionMail(r domain.Restaurant, to domain.RestaurantStatus, reason, publicURL string) (mail.Message, bool) {
	addr, err := emailaddr.Normalize(r.OwnerEmail)
	if err != nil {
		return mail.Message{}, false
	}
	name := strings.Join(strings.Fields(r.Name), " ")
	var subject, body string
	switch to {
	case domain.Approved:
		subject = name + " is approved on SteppersLife"
		body = fmt.Sprintf("Good news: %s is approved. Customers can now find it and order for pickup.\n", name)
	case domain.Rejected:
		subject = name + " was not approved on SteppersLife"
		body = fmt.Sprintf("We could not approve %s.\n\nThe reason, from the admin who reviewed it:\n\n  %s\n", name, reason)
	case domain.Suspended:
		subject = name + " is suspended on SteppersLife"
		body = fmt.Sprintf("%s is suspended: customers cannot see it or order until an admin reinstates it.\n\n"+
			"The reason, from the admin:\n\n  %s\n", name, reason)
	default:
		return mail.Message{}, false
	}
	body = "Hello,\n\n" + body + "\nYour dashboard: " + strings.TrimRight(publicURL, "/") + "/dashboard/" + r.ID +
		"\n\nSteppersLife\n"
	return mail.Message{To: []string{addr}, Subject: subject, Text: body}, true
}
