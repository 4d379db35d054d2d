// Package app is the classes service's use cases: what instructors and students can
// do, who may do it, and in what order the pieces (store, payments, mail, blobs) are
// called. Rules live in domain; storage in adapters/sqlstore.
package app

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

// Service is the classes service's use cases.
type Service struct {
	store     Store
	runInTx   func(ctx context.Context, fn func(st Store) error) error
	blobs     blob.Store
	pay       Payments
	outbox    Outbox
	log       *slog.Logger
	publicURL string
	clock     func() time.Time
}

// Config is what the use cases are built from.
type Config struct {
	Store Store
	// InTx runs fn with the store bound to one transaction (all of fn's writes, e-mail
	// included, commit together); nil runs fn on Store itself.
	InTx     func(ctx context.Context, fn func(st Store) error) error
	Blobs    blob.Store
	Payments Payments
	// Outbox is kicked after a commit that enqueued e-mail; nil leaves the mail to the
	// outbox's next round.
	Outbox    Outbox
	Log       *slog.Logger
	PublicURL string
	// Now is the clock; nil is the wall clock. Tests move it to lapse holds and offers.
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
	return &Service{store: c.Store, runInTx: c.InTx, blobs: c.Blobs, pay: c.Payments, outbox: c.Outbox, log: c.Log,
		publicURL: strings.TrimRight(c.PublicURL, "/"), clock: c.Now}
}

// Now is the service clock in UTC, to the microsecond the databases keep.
func (s *Service) Now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// PublicURL is this service's own address, for links in mail and feeds.
func (s *Service) PublicURL() string { return s.publicURL }

// ClassURL is the public page of a class.
func (s *Service) ClassURL(slug string) string { return s.publicURL + "/classes/" + slug }

// ImageURL is the public address of a stored image key, or "" for none.
func (s *Service) ImageURL(key string) string {
	if key == "" {
		return ""
	}
	return s.publicURL + "/media/" + key
}

// CardEnabled reports whether card payment is on for this service (it has Stripe
// keys); a class takes cards only when its instructor can charge too.
func (s *Service) CardEnabled() bool { return s.pay != nil && s.pay.Enabled() }

func (s *Service) inTx(ctx context.Context, fn func(st Store) error) error { return s.runInTx(ctx, fn) }

// kickMail asks the outbox to send what a commit just enqueued.
func (s *Service) kickMail() {
	if s.outbox != nil {
		s.outbox.Kick()
	}
}

var (
	errClassNotFound      = errs.NotFound("Class")
	errEnrollmentNotFound = errs.NotFound("Enrolment")
	errNotInstructor      = errs.Errorf(errs.CodeForbidden, "Only this class's instructor may do that.")
)

// class loads a class by id.
func (s *Service) class(ctx context.Context, id string) (domain.Class, error) {
	c, err := s.store.Class(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return c, errClassNotFound
	}
	return c, err
}

// taught loads a class u teaches (an admin, who moderates, may act on it too).
// Others get 404 for drafts and 403 for public classes.
func (s *Service) taught(ctx context.Context, u *auth.User, id string) (domain.Class, error) {
	c, err := s.class(ctx, id)
	if err != nil {
		return c, err
	}
	if u != nil && c.IsInstructor(u.ID, u.VerifiedEmail()) {
		return s.claim(ctx, c, u)
	}
	if u != nil && u.Has(auth.RoleAdmin) {
		return c, nil
	}
	if c.Status == domain.ClassDraft {
		return c, errClassNotFound
	}
	return c, errNotInstructor
}

// claim records u's id on an unclaimed (demo) class u teaches by e-mail.
func (s *Service) claim(ctx context.Context, c domain.Class, u *auth.User) (domain.Class, error) {
	if c.InstructorID != "" || u.ID == "" {
		return c, nil
	}
	if err := s.store.ClaimClass(ctx, c.ID, u.ID); err != nil && !errors.Is(err, domain.ErrNotFound) {
		return c, err
	}
	return s.class(ctx, c.ID)
}
