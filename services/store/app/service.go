package app

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/discount"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/store/domain"
)

// Service is the store service's use cases.
type Service struct {
	store     Store
	runInTx   func(ctx context.Context, fn func(st Store) error) error
	txStore   func(tx *sql.Tx) Store
	blobs     blob.Store
	pay       Payments
	outbox    Outbox
	log       *slog.Logger
	publicURL string
	portalURL string
	clock     func() time.Time
	codes     *discount.Guard
}

// Config is what the use cases are built from.
type Config struct {
	Store Store
	// InTx runs fn with the store bound to one transaction (all of fn's writes,
	// e-mail included, commit together); nil runs fn on Store itself.
	InTx func(ctx context.Context, fn func(st Store) error) error
	// TxStore binds the store to the transaction in which the payments kit records a
	// webhook event as handled, so the event's effects commit with it.
	TxStore  func(tx *sql.Tx) Store
	Blobs    blob.Store
	Payments Payments
	// Outbox is kicked after a commit that enqueued e-mail; nil leaves the mail to the
	// outbox's next round.
	Outbox    Outbox
	Log       *slog.Logger
	PublicURL string // this service, for links and image addresses
	PortalURL string // the portal, where buyers come back to
	// Now is the clock every time the use cases check or store comes from; nil is the
	// wall clock.
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
	s := &Service{store: c.Store, runInTx: c.InTx, txStore: c.TxStore, blobs: c.Blobs, pay: c.Payments,
		outbox: c.Outbox, log: c.Log, publicURL: strings.TrimRight(c.PublicURL, "/"),
		portalURL: strings.TrimRight(c.PortalURL, "/"), clock: c.Now}
	s.codes = newCodeGuard(s.now)
	return s
}

// Page is which part of a long list to answer: at most Limit items after Offset.
type Page struct {
	Limit  int
	Offset int
}

// PublicURL is this service's own address.
func (s *Service) PublicURL() string { return s.publicURL }

// PortalURL is the portal's address.
func (s *Service) PortalURL() string { return s.portalURL }

// CardEnabled reports whether card payment is on for this service (it has Stripe
// keys); a vendor takes cards only once its own account can charge too.
func (s *Service) CardEnabled() bool { return s.pay != nil && s.pay.Enabled() }

// CardReady reports whether a checkout may pay v by card now.
func (s *Service) CardReady(v domain.Vendor) bool { return s.CardEnabled() && v.CanCharge() }

// Now is the service clock.
func (s *Service) Now() time.Time { return s.now() }

// now is the clock in UTC to the microsecond, the precision the databases keep.
func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// ImageURL is the public address of a stored image key, or "" for none.
func (s *Service) ImageURL(key string) string {
	if key == "" {
		return ""
	}
	return s.publicURL + "/images/" + key
}

// ProductURL is a product's page, OrderURL an order's.
func (s *Service) ProductURL(slug string) string { return s.publicURL + "/products/" + slug }

// VendorURL is a vendor's storefront page.
func (s *Service) VendorURL(slug string) string { return s.publicURL + "/vendors/" + slug }

// OrderURL is an order's page.
func (s *Service) OrderURL(id string) string { return s.publicURL + "/orders/" + id }

// PickupQRURL is the QR code image of an order's pickup code.
func (s *Service) PickupQRURL(orderID string) string {
	return s.publicURL + "/api/orders/" + orderID + "/pickup-qr.png"
}

// inTx runs fn with the store bound to one transaction.
func (s *Service) inTx(ctx context.Context, fn func(st Store) error) error {
	if s.runInTx == nil {
		return fn(s.store)
	}
	return s.runInTx(ctx, fn)
}

// kickMail asks the outbox to send what a commit just enqueued.
func (s *Service) kickMail() {
	if s.outbox != nil {
		s.outbox.Kick()
	}
}

// storeImage processes an upload once (kit imaging: decoded, resized, re-encoded,
// its metadata dropped) and keeps it in this service's bucket under prefix.
func (s *Service) storeImage(ctx context.Context, data []byte, prefix string) (string, error) {
	return imaging.Save(ctx, s.blobs, data, prefix)
}

// verifiedEmail is the address u's team memberships go by (auth.User.VerifiedEmail).
func verifiedEmail(u *auth.User) string { return u.VerifiedEmail() }

// RoleAt is what u may do at v: OWNER, MANAGER, STAFF, or "" for anyone else.
func (s *Service) RoleAt(ctx context.Context, v domain.Vendor, u *auth.User) (domain.MemberRole, error) {
	if u == nil {
		return "", nil
	}
	email := verifiedEmail(u)
	if v.IsOwner(u.ID, email) {
		return domain.RoleOwner, nil
	}
	if email == "" {
		return "", nil
	}
	return s.store.MemberRole(ctx, v.ID, email)
}

// team loads vendor id and u's role there, refusing anyone whose role is below min.
// Admins pass as the empty role when allowAdmin is set: they see every vendor's
// business, and act on none of it.
func (s *Service) team(ctx context.Context, u *auth.User, id string, min domain.MemberRole, allowAdmin bool) (domain.Vendor, domain.MemberRole, error) {
	v, err := s.store.Vendor(ctx, id)
	if err != nil {
		return v, "", notFound(err, "Vendor")
	}
	role, err := s.RoleAt(ctx, v, u)
	if err != nil {
		return v, "", err
	}
	switch {
	case role.Can(min):
		return v, role, nil
	case role == "" && allowAdmin && u.Has(auth.RoleAdmin):
		return v, "", nil
	case role == "":
		return v, "", errNotTeam
	}
	return v, role, errRoleTooLow(min)
}
