// Package app is the services directory's use cases: what providers, customers and
// admins can do, who may do it, and in what order the pieces (store, mail, blobs)
// are called. Rules live in domain; storage in adapters/sqlstore.
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
	"stepperslife/services/services/domain"
)

// Limits bound how many inquiries may be sent, against spam: per customer in an
// hour, per customer to one provider in a day, and per provider (from everyone) in
// an hour.
type Limits struct {
	CustomerPerHour int
	PairPerDay      int
	ProviderPerHour int
}

// DefaultLimits are generous for people and tight for scripts.
var DefaultLimits = Limits{CustomerPerHour: 10, PairPerDay: 3, ProviderPerHour: 60}

// Service is the services directory's use cases.
type Service struct {
	store     Store
	runInTx   func(ctx context.Context, fn func(st Store) error) error
	blobs     blob.Store
	outbox    Outbox
	log       *slog.Logger
	publicURL string
	limits    Limits
	clock     func() time.Time
}

// Config is what the use cases are built from.
type Config struct {
	Store Store
	// InTx runs fn with the store bound to one transaction (all of fn's writes, e-mail
	// and audit included, commit together); nil runs fn on Store itself.
	InTx      func(ctx context.Context, fn func(st Store) error) error
	Blobs     blob.Store
	Outbox    Outbox
	Log       *slog.Logger
	PublicURL string
	// Limits on inquiries; zero values are DefaultLimits.
	Limits Limits
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
	if c.Limits == (Limits{}) {
		c.Limits = DefaultLimits
	}
	return &Service{store: c.Store, runInTx: c.InTx, blobs: c.Blobs, outbox: c.Outbox, log: c.Log,
		publicURL: strings.TrimRight(c.PublicURL, "/"), limits: c.Limits, clock: c.Now}
}

// Now is the service clock in UTC, to the microsecond the databases keep.
func (s *Service) Now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// PublicURL is this service's own address, for links in mail and feeds.
func (s *Service) PublicURL() string { return s.publicURL }

// ProviderURL is the public page of a listing.
func (s *Service) ProviderURL(slug string) string { return s.publicURL + "/providers/" + slug }

// ImageURL is the public address of a stored image key, or "" for none.
func (s *Service) ImageURL(key string) string {
	if key == "" {
		return ""
	}
	return s.publicURL + "/media/" + key
}

func (s *Service) inTx(ctx context.Context, fn func(st Store) error) error { return s.runInTx(ctx, fn) }

// kickMail asks the outbox to send what a commit just enqueued.
func (s *Service) kickMail() {
	if s.outbox != nil {
		s.outbox.Kick()
	}
}

var (
	errProviderNotFound = errs.NotFound("Provider")
	errInquiryNotFound  = errs.NotFound("Inquiry")
	errReviewNotFound   = errs.NotFound("Review")
	errNotOwner         = errs.Errorf(errs.CodeForbidden, "Only this business's owner may do that.")
)

func isAdmin(u *auth.User) bool { return u != nil && u.Has(auth.RoleAdmin) }

// provider loads a listing by id.
func (s *Service) provider(ctx context.Context, id string) (domain.Provider, error) {
	p, err := s.store.Provider(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return p, errProviderNotFound
	}
	return p, err
}

// owned loads a listing u owns (an admin may act on any). Others get 404 for a
// listing that is not public and 403 for one that is.
func (s *Service) owned(ctx context.Context, u *auth.User, id string) (domain.Provider, error) {
	p, err := s.provider(ctx, id)
	if err != nil {
		return p, err
	}
	if u != nil && (p.IsOwner(u.ID, u.VerifiedEmail()) || isAdmin(u)) {
		return p, nil
	}
	if p.Status != domain.ProviderApproved {
		return p, errProviderNotFound
	}
	return p, errNotOwner
}

// storeErr turns the store's outcomes into answers for people.
func storeErr(err error, notFound error, conflict string) error {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return notFound
	case errors.Is(err, domain.ErrWrongState), errors.Is(err, domain.ErrDuplicate):
		return errs.Errorf(errs.CodeConflict, conflict)
	}
	return err
}
