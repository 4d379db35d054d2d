package domain

import (
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
)

// VendorStatus is where a vendor stands with the platform's admins.
type VendorStatus string

// Vendor states: PENDING → APPROVED | REJECTED; APPROVED ↔ SUSPENDED.
const (
	VendorPending   VendorStatus = "PENDING"
	VendorApproved  VendorStatus = "APPROVED"
	VendorRejected  VendorStatus = "REJECTED"
	VendorSuspended VendorStatus = "SUSPENDED"
)

// VendorStatuses are every vendor state, for filters.
var VendorStatuses = []VendorStatus{VendorPending, VendorApproved, VendorRejected, VendorSuspended}

// VendorAction is an admin's moderation decision.
type VendorAction string

// The admin's moderation actions.
const (
	ActionApprove   VendorAction = "approve"
	ActionReject    VendorAction = "reject"
	ActionSuspend   VendorAction = "suspend"
	ActionReinstate VendorAction = "reinstate"
)

// vendorMoves is the moderation machine as data: from a status, what each action
// leads to. A rejection is final (the owner may apply again); a suspension is
// lifted by reinstating, or by approving again.
var vendorMoves = map[VendorStatus]map[VendorAction]VendorStatus{
	VendorPending:   {ActionApprove: VendorApproved, ActionReject: VendorRejected},
	VendorApproved:  {ActionSuspend: VendorSuspended},
	VendorSuspended: {ActionReinstate: VendorApproved, ActionApprove: VendorApproved},
}

// Moderate returns the status action leads to from status, or INVALID_TRANSITION.
// The reason is the app's to check (audit.Reason): NeedsReason says when one is required.
func Moderate(from VendorStatus, a VendorAction) (VendorStatus, error) {
	to, ok := vendorMoves[from][a]
	if !ok {
		return "", errs.Errorf(errs.CodeInvalidTransition, "A vendor that is "+strings.ToLower(string(from))+
			" cannot be "+pastTense(a)+".").With(map[string]any{"status": string(from), "action": string(a)})
	}
	return to, nil
}

// NeedsReason reports whether a keeps a vendor off the store, so that its owner must
// read why: a rejection or a suspension.
func (a VendorAction) NeedsReason() bool { return a == ActionReject || a == ActionSuspend }

// CanModerate reports whether action a applies to a vendor in status from.
func CanModerate(from VendorStatus, a VendorAction) bool {
	_, ok := vendorMoves[from][a]
	return ok
}

func pastTense(a VendorAction) string {
	switch a {
	case ActionApprove:
		return "approved"
	case ActionReject:
		return "rejected"
	case ActionSuspend:
		return "suspended"
	case ActionReinstate:
		return "reinstated"
	}
	return string(a)
}

// PickupPoint is a place and time a vendor hands orders over: its shop, or a
// community dance night ("Sunday set at the Mansion, 7–11 pm").
type PickupPoint struct {
	ID      string     `json:"id"`
	Label   string     `json:"label"`
	Address string     `json:"address"`
	Notes   string     `json:"notes,omitempty"`
	Starts  *time.Time `json:"startsAt,omitempty"`
	Ends    *time.Time `json:"endsAt,omitempty"`
}

// Open reports whether buyers may still choose the point at now: a point with a
// window is offered until the window ends.
func (p PickupPoint) Open(now time.Time) bool { return p.Ends == nil || now.Before(*p.Ends) }

// Vendor is one business selling in the store.
type Vendor struct {
	ID           string
	Slug         string
	OwnerID      string
	OwnerEmail   string
	Name         string
	Description  string
	ContactEmail string
	ContactPhone string
	LogoKey      string
	// ShippingRateCents is the flat rate of one shipped order.
	ShippingRateCents int64
	// FreeShippingOverCents: an order whose goods (after its discount) come to at
	// least this ships free; 0 offers no free shipping.
	FreeShippingOverCents int64
	// TaxBasisPoints is the sales tax the vendor collects on goods, in hundredths of
	// a percent.
	TaxBasisPoints int64
	PickupEnabled  bool
	PickupPoints   []PickupPoint
	Status         VendorStatus
	StatusReason   string
	ReviewedBy     string
	ReviewedAt     *time.Time
	StripeAccount  string
	CardReady      bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Listed reports whether the vendor's products are shown and sold: only APPROVED
// vendors sell. A suspended vendor's open orders are still fulfilled.
func (v Vendor) Listed() bool { return v.Status == VendorApproved }

// CanCharge reports whether card payments may go to the vendor's account now.
func (v Vendor) CanCharge() bool { return v.StripeAccount != "" && v.CardReady }

// IsOwner reports whether the user owns v: by user id; a vendor stored before its
// owner had an id (demo data) is claimed by the owner's address, and only by a user
// who proved they receive mail there (verifiedEmail is "" for anyone else).
func (v Vendor) IsOwner(userID, verifiedEmail string) bool {
	if v.OwnerID != "" {
		return userID != "" && v.OwnerID == userID
	}
	return verifiedEmail != "" && emailaddr.Same(v.OwnerEmail, verifiedEmail)
}

// OpenPickupPoints are the points buyers may choose at now.
func (v Vendor) OpenPickupPoints(now time.Time) []PickupPoint {
	var out []PickupPoint
	for _, p := range v.PickupPoints {
		if p.Open(now) {
			out = append(out, p)
		}
	}
	return out
}

// SearchText is what search words are matched against: the vendor's name, so a
// shopper's words find its products by name without every word of its description
// matching all of them.
func (v Vendor) SearchText() string { return Fold(v.Name) }

// Limits on what a vendor may write.
const (
	MaxShippingRateCents = 100_00 // $100 per order
	MaxTaxBasisPoints    = 3000   // 30%
	MaxPickupPoints      = 10
)

// VendorInput is what an owner writes about their shop.
type VendorInput struct {
	Name                  string
	Description           string
	ContactEmail          string
	ContactPhone          string
	ShippingRateCents     int64
	FreeShippingOverCents int64
	TaxBasisPoints        int64
	PickupEnabled         bool
	PickupPoints          []PickupPoint
}

// Normalize trims the input and checks it, naming each bad field. Pickup points
// without an id get one.
func (in *VendorInput) Normalize() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
	bad := map[string]string{}
	checkLen(bad, "name", in.Name, 2, 120)
	checkLen(bad, "description", in.Description, 0, 4000)
	checkLen(bad, "contactPhone", in.ContactPhone, 0, 40)
	if strings.TrimSpace(in.ContactEmail) != "" {
		e, err := emailaddr.Normalize(in.ContactEmail)
		if err != nil {
			bad["contactEmail"] = "is not an e-mail address"
		}
		in.ContactEmail = e
	} else {
		in.ContactEmail = ""
	}
	if in.ShippingRateCents < 0 || in.ShippingRateCents > MaxShippingRateCents {
		bad["shippingRateCents"] = "must be from 0 to 10000"
	}
	if in.FreeShippingOverCents < 0 || in.FreeShippingOverCents > MaxOrderCents {
		bad["freeShippingOverCents"] = "must be from 0 (never free) to 5000000"
	}
	if in.TaxBasisPoints < 0 || in.TaxBasisPoints > MaxTaxBasisPoints {
		bad["taxBasisPoints"] = "must be from 0 to 3000 (30%)"
	}
	if len(in.PickupPoints) > MaxPickupPoints {
		bad["pickupPoints"] = "at most 10 pickup points"
	}
	ids := map[string]bool{}
	for i := range in.PickupPoints {
		p := &in.PickupPoints[i]
		f := "pickupPoints[" + strconv.Itoa(i) + "]."
		p.Label, p.Address, p.Notes = strings.TrimSpace(p.Label), strings.TrimSpace(p.Address), strings.TrimSpace(p.Notes)
		checkLen(bad, f+"label", p.Label, 2, 120)
		checkLen(bad, f+"address", p.Address, 0, 300)
		checkLen(bad, f+"notes", p.Notes, 0, 500)
		p.Starts, p.Ends = utc(p.Starts), utc(p.Ends)
		if p.Starts != nil && p.Ends != nil && !p.Ends.After(*p.Starts) {
			bad[f+"endsAt"] = "must be after startsAt"
		}
		if p.ID == "" || ids[p.ID] {
			p.ID = NewID("pp")
		}
		ids[p.ID] = true
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
