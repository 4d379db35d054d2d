package app

import (
	"context"
	"errors"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/magazine/domain"
)

var errLeadOnly = errs.Errorf(errs.CodeForbidden, "Only the article's writer or an editor shares it with other writers.")

// AddCoAuthor shares article id with another writer, named by the e-mail address they
// sign in with; they then edit the draft and share the byline. Only the article's
// own writer or an editor shares it.
func (s *Service) AddCoAuthor(ctx context.Context, u *auth.User, id, email, name string) (View, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	if u.ID != a.AuthorID && !isEditor(u) {
		return View{}, errLeadOnly
	}
	if a.Status == domain.Archived {
		return View{}, errs.Errorf(errs.CodeInvalidTransition, "An archived article keeps its byline.")
	}
	c, err := domain.NewCoAuthor(email, name)
	if err != nil {
		return View{}, err
	}
	if u.ID == a.AuthorID && c.Email == strings.ToLower(u.Email) {
		return View{}, errs.Invalid(map[string]string{"email": "You write this article already."})
	}
	if !a.SharedWith(c.Email) && len(a.CoAuthors) >= domain.MaxCoAuthors {
		return View{}, errs.Invalid(map[string]string{"email": "An article has at most 5 co-authors."})
	}
	now := s.Now()
	err = s.inTx(ctx, func(st Store) error {
		if err := st.AddCoAuthor(ctx, a.ID, c, now); err != nil {
			return err
		}
		return record(ctx, st, u, "add_coauthor", a.ID, c.Email, "", now)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}

// RemoveCoAuthor stops sharing article id with the writer at email.
func (s *Service) RemoveCoAuthor(ctx context.Context, u *auth.User, id, email string) (View, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	if u.ID != a.AuthorID && !isEditor(u) {
		return View{}, errLeadOnly
	}
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.Now()
	err = s.inTx(ctx, func(st Store) error {
		if err := st.RemoveCoAuthor(ctx, a.ID, email); err != nil {
			return err
		}
		return record(ctx, st, u, "remove_coauthor", a.ID, email, "", now)
	})
	if errors.Is(err, domain.ErrNotFound) {
		return View{}, errs.NotFound("Co-author")
	} else if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}
