// Package app is the magazine service's use cases: what writers, editors and readers
// can do, who may do it, and in what order the pieces (store, blobs, audit trail)
// are called. Rules live in domain; storage in adapters/sqlstore.
package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/loop"
	"stepperslife/services/magazine/domain"
)

// Service is the magazine service's use cases.
type Service struct {
	store     Store
	runInTx   func(ctx context.Context, fn func(st Store) error) error
	blobs     blob.Store
	log       *slog.Logger
	publicURL string
	viewKey   []byte
	clock     func() time.Time
	schedule  loop.Kick // wakes the scheduler when an editor schedules
	renders   renders
	views     seenViews
}

// Config is what the use cases are built from.
type Config struct {
	Store Store
	// InTx runs fn with the store bound to one transaction (all of fn's writes, the
	// audit trail included, commit together); nil runs fn on Store itself.
	InTx      func(ctx context.Context, fn func(st Store) error) error
	Blobs     blob.Store
	Log       *slog.Logger
	PublicURL string
	// ViewKey keys the hash that stands for a reader in view counts, so no address
	// is kept and none can be recovered by trying them all.
	ViewKey []byte
	// Now is the clock; nil is the wall clock.
	Now func() time.Time
}

// New assembles the use cases.
func New(c Config) *Service {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.InTx == nil {
		st := c.Store
		c.InTx = func(ctx context.Context, fn func(Store) error) error { return fn(st) }
	}
	return &Service{store: c.Store, runInTx: c.InTx, blobs: c.Blobs, log: c.Log,
		publicURL: strings.TrimRight(c.PublicURL, "/"), viewKey: c.ViewKey, clock: c.Now, schedule: loop.NewKick()}
}

// Now is the service clock in UTC, to the microsecond the databases keep.
func (s *Service) Now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// PublicURL is this service's own address, for links in feeds and share tags.
func (s *Service) PublicURL() string { return s.publicURL }

// ArticleURL is the public page of an article.
func (s *Service) ArticleURL(slug string) string { return s.publicURL + "/articles/" + slug }

// ImageURL is the public address of a stored image key, or "" for none.
func (s *Service) ImageURL(key string) string {
	if key == "" {
		return ""
	}
	return s.publicURL + "/media/" + key
}

func (s *Service) inTx(ctx context.Context, fn func(st Store) error) error { return s.runInTx(ctx, fn) }

var (
	errArticleNotFound  = errs.NotFound("Article")
	errRevisionNotFound = errs.NotFound("Revision")
	errStale            = errs.Errorf(errs.CodeConflict,
		"Someone else changed this article since you opened it. Reload it to see their changes, then make yours again.")
	errSlugTaken  = errs.Invalid(map[string]string{"slug": "Another article has (or had) this address."})
	errNotAWriter = errs.Errorf(errs.CodeForbidden, "Only magazine writers write articles.")
	errNotYours   = errs.Errorf(errs.CodeForbidden, "Only this article's writer or an editor may do that.")
)

// storeErr turns the store's outcomes into contract answers.
func storeErr(err error) error {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return errArticleNotFound
	case errors.Is(err, domain.ErrStale):
		return errStale
	case errors.Is(err, domain.ErrDuplicate):
		return errSlugTaken
	}
	return err
}

// actor is how the desk sees u against article a.
func actor(u *auth.User, a domain.Article) domain.Actor {
	if u == nil {
		return domain.Actor{}
	}
	return domain.Actor{Author: Writes(u, a), Editor: u.Has(auth.RoleAdmin)}
}

// Writes reports whether u writes article a: its writer, or a writer it is shared
// with.
func Writes(u *auth.User, a domain.Article) bool {
	if u == nil || u.ID == "" {
		return false
	}
	return u.ID == a.AuthorID || (IsWriter(u) && a.SharedWith(emailOf(u)))
}

// emailOf is the address u signs in with, as co-authors are named ("" for none, which
// matches no one).
func emailOf(u *auth.User) string {
	if u == nil || u.Email == "" {
		return "\x00"
	}
	return strings.ToLower(u.Email)
}

// IsWriter reports whether u may write articles.
func IsWriter(u *auth.User) bool {
	return u != nil && (u.Has(auth.RoleMagazineWriter) || u.Has(auth.RoleAdmin))
}

// article loads an article by id.
func (s *Service) article(ctx context.Context, id string) (domain.Article, error) {
	a, err := s.store.Article(ctx, id)
	return a, storeErr(err)
}

// owned loads an article u wrote or, as an editor, may act on. Others get 404 for
// what is not public and 403 for what is.
func (s *Service) owned(ctx context.Context, u *auth.User, id string) (domain.Article, error) {
	a, err := s.article(ctx, id)
	if err != nil {
		return a, err
	}
	if ac := actor(u, a); ac.Author || ac.Editor {
		return a, nil
	}
	if !a.Status.Public() {
		return a, errArticleNotFound
	}
	return a, errNotYours
}

// record writes one move in the audit trail of the article, in st's transaction.
func record(ctx context.Context, st Store, u *auth.User, action, articleID, detail, reason string, at time.Time) error {
	return st.Record(ctx, audit.Entry{At: at, Actor: audit.ActorOf(u), Action: action,
		Subject: audit.Subject{Kind: "article", ID: articleID}, Detail: detail, Reason: reason})
}

// readerKey is the keyed hash that stands for a reader in view counts.
func (s *Service) readerKey(reader string) string {
	m := hmac.New(sha256.New, s.viewKey)
	m.Write([]byte(reader))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
