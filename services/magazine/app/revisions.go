package app

import (
	"context"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/magazine/domain"
)

var errEditorsOnly = errs.Errorf(errs.CodeForbidden, "Only an editor may do that.")

// ApproveRevision makes the revision waiting on a published article its text; the
// text it replaces is kept to restore.
func (s *Service) ApproveRevision(ctx context.Context, u *auth.User, id string) (View, error) {
	return s.decide(ctx, u, id, true)
}

// DiscardRevision drops the revision waiting on a published article.
func (s *Service) DiscardRevision(ctx context.Context, u *auth.User, id string) (View, error) {
	return s.decide(ctx, u, id, false)
}

func (s *Service) decide(ctx context.Context, u *auth.User, id string, approve bool) (View, error) {
	if u == nil || !u.Has(auth.RoleAdmin) {
		return View{}, errEditorsOnly
	}
	a, err := s.article(ctx, id)
	if err != nil {
		return View{}, err
	}
	p, err := s.store.Pending(ctx, id)
	if err != nil {
		return View{}, errs.Errorf(errs.CodeInvalidTransition, "No revision of this article waits for approval.")
	}
	now := s.Now()
	err = s.inTx(ctx, func(st Store) error {
		if !approve {
			if err := st.DecideRevision(ctx, p.ID, domain.RevisionPending, domain.RevisionDiscarded, u.ID, now); err != nil {
				return err
			}
			return record(ctx, st, u, "discard_revision", a.ID, p.ID, "", now)
		}
		if a.Status != domain.Published {
			return errs.Errorf(errs.CodeInvalidTransition, "Only a published article takes a revision.")
		}
		if err := st.DecideRevision(ctx, p.ID, domain.RevisionPending, domain.RevisionApproved, u.ID, now); err != nil {
			return err
		}
		next := a.WithContent(p.Content)
		next.UpdatedAt = now
		if err := replaceText(ctx, st, u, a, next, now); err != nil {
			return err
		}
		return record(ctx, st, u, "approve_revision", a.ID, p.ID, "", now)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}

// Restore puts back the text of an earlier revision of a published article; the
// text it replaces is kept to restore in turn.
func (s *Service) Restore(ctx context.Context, u *auth.User, id, revisionID string) (View, error) {
	if u == nil || !u.Has(auth.RoleAdmin) {
		return View{}, errEditorsOnly
	}
	a, err := s.article(ctx, id)
	if err != nil {
		return View{}, err
	}
	v, err := s.revisionOf(ctx, id, revisionID)
	if err != nil {
		return View{}, err
	}
	if !v.Restorable() || a.Status != domain.Published {
		return View{}, errs.Errorf(errs.CodeInvalidTransition, "Only an earlier text of a published article can be restored.")
	}
	now := s.Now()
	err = s.inTx(ctx, func(st Store) error {
		next := a.WithContent(v.Content)
		next.UpdatedAt = now
		if err := replaceText(ctx, st, u, a, next, now); err != nil {
			return err
		}
		return record(ctx, st, u, "restore", a.ID, v.ID, "", now)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}
