package app

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/notify"
	"stepperslife/services/restaurants/domain"
)

// PlatformFeeBasisPoints is the platform's share of card orders: 5%.
const PlatformFeeBasisPoints = 500

// Service is the restaurants service's use cases.
type Service struct {
	store     Store
	runInTx   func(ctx context.Context, fn func(st Store) error) error
	blobs     blob.Store
	pay       Payments
	hub       *Hub
	outbox    Outbox
	log       *slog.Logger
	publicURL string
	portalURL string
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
	PublicURL string // this service, for image addresses
	PortalURL string // where customers come back to after paying
	// Notify carries order events to the dashboards of every replica; nil keeps them
	// within this process.
	Notify *notify.Bus
	// Now is the clock every time the use cases check or store comes from; nil is the
	// wall clock.
	Now func() time.Time
}

// New assembles the use cases, with a hub of its own for the live order streams.
func New(c Config) *Service {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Notify == nil {
		c.Notify = notify.Local()
	}
	return &Service{
		store:     c.Store,
		runInTx:   c.InTx,
		blobs:     c.Blobs,
		pay:       c.Payments,
		hub:       newHub(c.Notify, c.Log),
		outbox:    c.Outbox,
		log:       c.Log,
		publicURL: c.PublicURL,
		portalURL: c.PortalURL,
		clock:     c.Now,
	}
}

// Page is which part of a long list to answer: at most Limit items after Offset.
type Page struct {
	Limit  int
	Offset int
}

// PublicURL is this service's own address, for links to it.
func (s *Service) PublicURL() string { return s.publicURL }

// PortalURL is the portal's address, where customers go back to.
func (s *Service) PortalURL() string { return s.portalURL }

// Hub is where order changes are published to the live dashboards.
func (s *Service) Hub() *Hub { return s.hub }

// CardEnabled reports whether card payment is on for this service.
func (s *Service) CardEnabled() bool { return s.pay.Enabled() }

// Now is the service's clock, for pages that say how long ago something happened.
func (s *Service) Now() time.Time { return s.now() }

// now is the service clock in UTC, to the microsecond: the precision the databases
// keep, so a time handed back after a write equals the one read later.
func (s *Service) now() time.Time {
	return s.clock().UTC().Truncate(time.Microsecond)
}

// ImageURL is the public address of a stored image key, or "" for none.
func (s *Service) ImageURL(key string) string {
	if key == "" {
		return ""
	}
	return strings.TrimRight(s.publicURL, "/") + "/images/" + key
}

// CoverImageURL is the public address of a restaurant's first photo, its picture on
// cards and in the portal's feed, or "" when it has none.
func (s *Service) CoverImageURL(ctx context.Context, restaurantID string) (string, error) {
	photos, err := s.store.Photos(ctx, restaurantID)
	if err != nil || len(photos) == 0 {
		return "", err
	}
	return s.ImageURL(photos[0].ImageKey), nil
}

// Errors of access.
var (
	errNotTeam   = errs.Errorf(errs.CodeForbidden, "Only this restaurant's team may do that.")
	errNotOwner  = errs.Errorf(errs.CodeForbidden, "Only the restaurant's owner may do that.")
	errNotEditor = errs.Errorf(errs.CodeForbidden, "Only the owner or a manager may change the menu and hours.")
)

// RoleAt is what u may do at r: OWNER, MANAGER, STAFF, or "" for anyone else. The
// owner is told by user id; a membership, granted to an e-mail address, counts only
// for a user whose token says they proved that address, so whoever registers it
// first does not join the team by it.
func (s *Service) RoleAt(ctx context.Context, r domain.Restaurant, u *auth.User) (domain.MemberRole, error) {
	if u == nil {
		return "", nil
	}
	email := u.VerifiedEmail()
	if r.IsOwner(u.ID, email) {
		return domain.RoleOwner, nil
	}
	if email == "" {
		return "", nil
	}
	return s.store.MemberRole(ctx, r.ID, email)
}

// team loads restaurant id and u's role there, refusing anyone off the team. Admins
// see (but do not run) every restaurant, so they pass as the empty role when
// allowAdmin is set.
func (s *Service) team(ctx context.Context, u *auth.User, id string, allowAdmin bool) (domain.Restaurant, domain.MemberRole, error) {
	r, err := s.store.Restaurant(ctx, id)
	if err != nil {
		return r, "", notFound(err, "Restaurant")
	}
	role, err := s.RoleAt(ctx, r, u)
	if err != nil {
		return r, "", err
	}
	if role == "" && !(allowAdmin && u.Has(auth.RoleAdmin)) {
		return r, "", errNotTeam
	}
	return r, role, nil
}

// owned loads a restaurant u owns.
func (s *Service) owned(ctx context.Context, u *auth.User, id string) (domain.Restaurant, error) {
	r, role, err := s.team(ctx, u, id, false)
	if err != nil {
		return r, err
	}
	if role != domain.RoleOwner {
		return r, errNotOwner
	}
	return r, nil
}

// editable loads a restaurant whose menu and hours u may change (owner or manager).
func (s *Service) editable(ctx context.Context, u *auth.User, id string) (domain.Restaurant, error) {
	r, role, err := s.team(ctx, u, id, false)
	if err != nil {
		return r, err
	}
	if role != domain.RoleOwner && role != domain.RoleManager {
		return r, errNotEditor
	}
	return r, nil
}
