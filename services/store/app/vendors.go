package app

import (
	"context"
	"strings"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/store/domain"
)

// Apply records a new vendor for u, waiting for an admin (PENDING).
func (s *Service) Apply(ctx context.Context, u *auth.User, in domain.VendorInput) (domain.Vendor, error) {
	if !u.Has(auth.RoleStoreOwner) {
		return domain.Vendor{}, errs.Errorf(errs.CodeForbidden, "Take the store owner role on your account first.")
	}
	if err := in.Normalize(); err != nil {
		return domain.Vendor{}, err
	}
	now := s.now()
	email, _ := emailaddr.Normalize(u.Email)
	v := domain.Vendor{ID: domain.NewID("ven"), OwnerID: u.ID, OwnerEmail: email, Status: domain.VendorPending,
		CreatedAt: now, UpdatedAt: now}
	setProfile(&v, in)
	err := s.store.CreateVendor(ctx, &v)
	return v, answer(err, domain.ErrDuplicate, errNameTaken)
}

func setProfile(v *domain.Vendor, in domain.VendorInput) {
	v.Name, v.Description, v.ContactEmail, v.ContactPhone = in.Name, in.Description, in.ContactEmail, in.ContactPhone
	v.ShippingRateCents, v.FreeShippingOverCents, v.TaxBasisPoints = in.ShippingRateCents, in.FreeShippingOverCents, in.TaxBasisPoints
	v.PickupEnabled, v.PickupPoints = in.PickupEnabled, in.PickupPoints
}

// ProfileOf is what v says about itself, for an edit to start from.
func ProfileOf(v domain.Vendor) domain.VendorInput {
	return domain.VendorInput{Name: v.Name, Description: v.Description, ContactEmail: v.ContactEmail,
		ContactPhone: v.ContactPhone, ShippingRateCents: v.ShippingRateCents, FreeShippingOverCents: v.FreeShippingOverCents,
		TaxBasisPoints: v.TaxBasisPoints, PickupEnabled: v.PickupEnabled, PickupPoints: v.PickupPoints}
}

// UpdateVendor changes what the shop says about itself, its shipping, tax and pickup
// (owner only).
func (s *Service) UpdateVendor(ctx context.Context, u *auth.User, id string, edit func(*domain.VendorInput)) (domain.Vendor, error) {
	v, _, err := s.team(ctx, u, id, domain.RoleOwner, false)
	if err != nil {
		return v, err
	}
	in := ProfileOf(v)
	edit(&in)
	if err := in.Normalize(); err != nil {
		return v, err
	}
	if err := s.store.UpdateVendor(ctx, id, in, s.now()); err != nil {
		return v, notFound(err, "Vendor")
	}
	v, err = s.store.Vendor(ctx, id)
	return v, notFound(err, "Vendor")
}

// SetLogo stores the vendor's logo (owner or manager).
func (s *Service) SetLogo(ctx context.Context, u *auth.User, id string, data []byte) (domain.Vendor, error) {
	v, _, err := s.team(ctx, u, id, domain.RoleManager, false)
	if err != nil {
		return v, err
	}
	key, err := s.storeImage(ctx, data, "logos")
	if err != nil {
		return v, err
	}
	if err := s.store.SetVendorLogo(ctx, id, key, s.now()); err != nil {
		return v, notFound(err, "Vendor")
	}
	v.LogoKey = key
	return v, nil
}

// Moderate is an admin's decision on a vendor: the new status, the reason its owner
// reads (required to reject or suspend) and the entries in the vendor's history and
// the kit's audit trail commit together or not at all.
func (s *Service) Moderate(ctx context.Context, u *auth.User, id string, a domain.VendorAction, reason string) (domain.Vendor, error) {
	if !u.Has(auth.RoleAdmin) {
		return domain.Vendor{}, auth.ErrForbidden
	}
	v, err := s.store.Vendor(ctx, id)
	if err != nil {
		return v, notFound(err, "Vendor")
	}
	to, err := domain.Moderate(v.Status, a)
	if err != nil {
		return v, err
	}
	if reason, err = audit.Reason(reason, a.NeedsReason()); err != nil {
		return v, err
	}
	now := s.now()
	r := domain.Review{ID: domain.NewID("rev"), VendorID: id, Action: a, From: v.Status, To: to,
		Reason: reason, ActorID: u.ID, ActorEmail: u.Email, CreatedAt: now}
	err = s.inTx(ctx, func(st Store) error {
		if err := st.ModerateVendor(ctx, r); err != nil {
			return answer(err, domain.ErrChanged, errVendorChanged)
		}
		return st.RecordAudit(ctx, audit.Entry{At: now, Actor: audit.ActorOf(u), Action: string(a),
			Subject: audit.Subject{Kind: SubjectVendor, ID: id}, Reason: reason})
	})
	if err != nil {
		return v, err
	}
	v, err = s.store.Vendor(ctx, id)
	return v, notFound(err, "Vendor")
}

// SubjectVendor is the audit trail's kind for a vendor.
const SubjectVendor = "vendor"

// AuditTrail is what admins did to a vendor, newest first (admins only).
func (s *Service) AuditTrail(ctx context.Context, u *auth.User, id string) ([]audit.Entry, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, auth.ErrForbidden
	}
	return s.store.AuditTrail(ctx, audit.Subject{Kind: SubjectVendor, ID: id}, 0)
}

// Reviews lists the moderation decisions on a vendor (admins and its owner).
func (s *Service) Reviews(ctx context.Context, u *auth.User, id string) ([]domain.Review, error) {
	if _, _, err := s.team(ctx, u, id, domain.RoleOwner, true); err != nil {
		return nil, err
	}
	return s.store.Reviews(ctx, id)
}

// VendorDetail is a vendor with the caller's role there.
type VendorDetail struct {
	Vendor domain.Vendor
	Role   domain.MemberRole
	// Team reports whether the caller may see the vendor's own business (its team,
	// or an admin).
	Team bool
}

// VendorBySlug loads a vendor's storefront. Vendors not APPROVED are shown only to
// their team and to admins.
func (s *Service) VendorBySlug(ctx context.Context, u *auth.User, slug string) (VendorDetail, error) {
	v, err := s.store.VendorBySlug(ctx, slug)
	if err != nil {
		return VendorDetail{}, notFound(err, "Vendor")
	}
	return s.vendorDetail(ctx, u, v)
}

// VendorByID loads a vendor with the same visibility as VendorBySlug.
func (s *Service) VendorByID(ctx context.Context, u *auth.User, id string) (VendorDetail, error) {
	v, err := s.store.Vendor(ctx, id)
	if err != nil {
		return VendorDetail{}, notFound(err, "Vendor")
	}
	return s.vendorDetail(ctx, u, v)
}

func (s *Service) vendorDetail(ctx context.Context, u *auth.User, v domain.Vendor) (VendorDetail, error) {
	role, err := s.RoleAt(ctx, v, u)
	if err != nil {
		return VendorDetail{}, err
	}
	team := role != "" || u.Has(auth.RoleAdmin)
	if !v.Listed() && !team {
		return VendorDetail{}, errs.NotFound("Vendor")
	}
	return VendorDetail{Vendor: v, Role: role, Team: team}, nil
}

// Mine lists the vendors u owns or works at, with u's role at each.
func (s *Service) Mine(ctx context.Context, u *auth.User) ([]domain.Vendor, []domain.MemberRole, error) {
	return s.store.VendorsForUser(ctx, u.ID, verifiedEmail(u))
}

// VendorList is one page of vendors.
type VendorList struct {
	Items []domain.Vendor
	Total int
}

// ForModeration lists vendors in one status (every status when empty) for admins,
// oldest first.
func (s *Service) ForModeration(ctx context.Context, u *auth.User, status domain.VendorStatus, q string, page Page) (VendorList, error) {
	if !u.Has(auth.RoleAdmin) {
		return VendorList{}, auth.ErrForbidden
	}
	items, total, err := s.store.Vendors(ctx, domain.VendorFilter{Status: status, Words: strings.Fields(q),
		Limit: page.Limit, Offset: page.Offset})
	return VendorList{items, total}, err
}

// Waiting lists the vendor applications waiting for an admin, newest first as the
// admin desk lists everything (admins only).
func (s *Service) Waiting(ctx context.Context, u *auth.User, page Page) (VendorList, error) {
	if !u.Has(auth.RoleAdmin) {
		return VendorList{}, auth.ErrForbidden
	}
	items, total, err := s.store.Vendors(ctx, domain.VendorFilter{Status: domain.VendorPending, NewestFirst: true,
		Limit: page.Limit, Offset: page.Offset})
	return VendorList{items, total}, err
}

// Members lists a vendor's team (owner only).
func (s *Service) Members(ctx context.Context, u *auth.User, id string) ([]domain.Member, error) {
	if _, _, err := s.team(ctx, u, id, domain.RoleOwner, false); err != nil {
		return nil, err
	}
	return s.store.Members(ctx, id)
}

// AddMember puts someone on the vendor's team by e-mail (owner only); the right
// counts once they sign in with that address proved.
func (s *Service) AddMember(ctx context.Context, u *auth.User, id, email, role string) (domain.Member, error) {
	if _, _, err := s.team(ctx, u, id, domain.RoleOwner, false); err != nil {
		return domain.Member{}, err
	}
	bad := map[string]string{}
	norm, err := emailaddr.Normalize(email)
	if err != nil {
		bad["email"] = "is not an e-mail address"
	}
	r, rerr := domain.ParseMemberRole(role)
	if rerr != nil {
		bad["role"] = "must be MANAGER or STAFF"
	}
	if len(bad) > 0 {
		return domain.Member{}, errs.Invalid(bad)
	}
	m := domain.Member{ID: domain.NewID("mem"), VendorID: id, Email: norm, Role: r, CreatedAt: s.now()}
	return m, answer(s.store.AddMember(ctx, m), domain.ErrDuplicate, errOnTeam)
}

// RemoveMember takes someone off the vendor's team (owner only).
func (s *Service) RemoveMember(ctx context.Context, u *auth.User, id, memberID string) error {
	if _, _, err := s.team(ctx, u, id, domain.RoleOwner, false); err != nil {
		return err
	}
	return notFound(s.store.RemoveMember(ctx, id, memberID), "Member")
}
