package app

import (
	"context"
	"errors"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/magazine/domain"
)

// View is an article as the API and pages show it: the stored article, its body
// rendered for readers, and the revision of it that waits for an editor, if any.
type View struct {
	domain.Article
	BodyHTML       string
	ReadingMinutes int
	Pending        *domain.Revision
}

func (s *Service) view(a domain.Article) View {
	return View{Article: a, BodyHTML: s.renders.get(a), ReadingMinutes: a.ReadingMinutes()}
}

// withPending adds the revision waiting for an editor to v.
func (s *Service) withPending(ctx context.Context, v View) (View, error) {
	if v.Status != domain.Published {
		return v, nil
	}
	p, err := s.store.Pending(ctx, v.ID)
	if errors.Is(err, domain.ErrNotFound) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	v.Pending = &p
	return v, nil
}

// Create starts a draft by u, a writer.
func (s *Service) Create(ctx context.Context, u *auth.User, p domain.Patch) (View, error) {
	if !IsWriter(u) {
		return View{}, errNotAWriter
	}
	bad := map[string]string{}
	for field, v := range map[string]*string{"title": p.Title, "body": p.Body, "category": p.Category} {
		if v == nil {
			bad[field] = "Required."
		}
	}
	if len(bad) > 0 {
		return View{}, errs.Invalid(bad)
	}
	a, err := domain.NewArticle(p, u.ID, u.Name, s.Now())
	if err != nil {
		return View{}, err
	}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.CreateArticle(ctx, a); err != nil {
			return err
		}
		return record(ctx, st, u, "create", a.ID, "", "", a.CreatedAt)
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.view(a), nil
}

// Edit changes an article u may edit, read at version (nil: as it is now). A draft
// changes in place; a rejected article goes back to DRAFT; a writer's edit to a
// published article waits as a revision for an editor (an editor's lands at once,
// the text it replaces kept to restore); an article with the editors or archived
// is not the writer's to change.
func (s *Service) Edit(ctx context.Context, u *auth.User, id string, p domain.Patch, version *int) (View, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	if version != nil && *version != a.Version {
		return View{}, errStale
	}
	ac := actor(u, a)
	mode := a.Status.Edit()
	if a.Status == domain.Submitted && ac.Editor {
		mode = domain.EditInPlace // an editor's copy-edit before publishing
	}
	next, err := p.Apply(a)
	if err != nil {
		return View{}, err
	}
	now := s.Now()
	next.UpdatedAt = now
	err = s.inTx(ctx, func(st Store) error {
		switch {
		case mode == domain.EditRefused:
			return errs.Errorf(errs.CodeInvalidTransition, "This article is "+stateWords[a.Status]+" and cannot be edited now.").
				With(map[string]any{"status": string(a.Status)})
		case mode == domain.EditInPlace:
			return st.SaveArticle(ctx, next, a.Version)
		case mode == domain.EditRedrafts:
			next.Status = domain.Draft
			if err := st.SaveArticle(ctx, next, a.Version); err != nil {
				return err
			}
			return record(ctx, st, u, "redraft", a.ID, "", "", now)
		case ac.Editor:
			if err := replaceText(ctx, st, u, a, next, now); err != nil {
				return err
			}
			return record(ctx, st, u, "edit", a.ID, "published text", "", now)
		default:
			// The article itself does not change, but the writer's read must still be
			// current: re-save it unchanged at the version read, bumping it.
			if err := st.SaveArticle(ctx, a, a.Version); err != nil {
				return err
			}
			err := st.SavePending(ctx, domain.Revision{ID: domain.NewID(), ArticleID: a.ID, AuthorID: u.ID,
				AuthorName: u.Name, Status: domain.RevisionPending, Content: next.Content(), CreatedAt: now})
			if err != nil {
				return err
			}
			return record(ctx, st, u, "revise", a.ID, "waiting for an editor", "", now)
		}
	})
	if err != nil {
		return View{}, storeErr(err)
	}
	return s.Manage(ctx, u, id)
}

// replaceText makes next's writing the article's, keeping the writing it replaces as
// a REPLACED revision to restore.
func replaceText(ctx context.Context, st Store, u *auth.User, a, next domain.Article, now time.Time) error {
	if err := st.AddRevision(ctx, domain.Revision{ID: domain.NewID(), ArticleID: a.ID, AuthorID: a.AuthorID,
		AuthorName: a.AuthorName, Status: domain.RevisionReplaced, Content: a.Content(), CreatedAt: now,
		DecidedAt: &now, DecidedBy: u.ID}); err != nil {
		return err
	}
	return st.SaveArticle(ctx, next, a.Version)
}

var stateWords = map[domain.Status]string{domain.Draft: "a draft", domain.Submitted: "with the editors",
	domain.Published: "published", domain.Rejected: "sent back", domain.Archived: "archived"}

// Submit sends a draft to the editors.
func (s *Service) Submit(ctx context.Context, u *auth.User, id string) (View, error) {
	return s.move(ctx, u, id, domain.Submitted, "", nil)
}

// Manage is an article as its writer or an editor sees it, drafts included.
func (s *Service) Manage(ctx context.Context, u *auth.User, id string) (View, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	return s.withPending(ctx, s.view(a))
}

// SetCover makes data (an uploaded image, EXIF and all metadata dropped by
// re-encoding) the article's cover, described by alt.
func (s *Service) SetCover(ctx context.Context, u *auth.User, id string, data []byte, alt string) (View, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	if a.Status == domain.Archived {
		return View{}, errs.Errorf(errs.CodeInvalidTransition, "An archived article keeps its cover.")
	}
	if len([]rune(alt)) > domain.MaxCoverAlt {
		return View{}, errs.Invalid(map[string]string{"alt": "Keep the description under 200 characters."})
	}
	img, err := imaging.Process(ctx, data, "covers/"+a.ID)
	if err != nil {
		return View{}, err
	}
	// Kept with its narrower copies and WebP twin; the share image is cut from it.
	if err := imaging.Keep(ctx, s.blobs, img); err != nil {
		return View{}, err
	}
	if err := s.putShare(ctx, img.Key, img.Data); err != nil {
		return View{}, err
	}
	if alt == "" {
		alt = a.CoverAlt
	}
	if err := s.store.SetCover(ctx, a.ID, img.Key, alt, s.Now()); err != nil {
		return View{}, storeErr(err)
	}
	if a.CoverKey != "" && a.CoverKey != img.Key {
		_ = imaging.Delete(ctx, s.blobs, a.CoverKey)
		_ = s.blobs.Delete(ctx, ShareKey(a.CoverKey))
	}
	return s.Manage(ctx, u, id)
}

// AddImage stores an image for the body of an article u may edit and returns its
// public address, for Markdown's ![alt](address).
func (s *Service) AddImage(ctx context.Context, u *auth.User, id string, data []byte) (string, error) {
	a, err := s.owned(ctx, u, id)
	if err != nil {
		return "", err
	}
	key, err := imaging.Save(ctx, s.blobs, data, "inline/"+a.ID)
	if err != nil {
		return "", err
	}
	return "/media/" + key, nil
}

// Mine lists what u wrote or co-authors, last changed first.
func (s *Service) Mine(ctx context.Context, u *auth.User, limit, offset int) ([]View, int, error) {
	as, total, err := s.store.ArticlesOfAuthor(ctx, u.ID, emailOf(u), limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out := make([]View, 0, len(as))
	for _, a := range as {
		v, err := s.withPending(ctx, View{Article: a, ReadingMinutes: a.ReadingMinutes()})
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, nil
}
