package domain

import (
	"strings"
	"time"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ids"
)

// RestaurantStatus is where a restaurant stands with the platform's admins.
type RestaurantStatus string

// Restaurant states of PRODUCT.md.
const (
	Pending   RestaurantStatus = "PENDING"
	Approved  RestaurantStatus = "APPROVED"
	Rejected  RestaurantStatus = "REJECTED"
	Suspended RestaurantStatus = "SUSPENDED"
)

// DefaultTaxBasisPoints is Chicago's restaurant tax rate (10.25%) until the owner sets one.
const DefaultTaxBasisPoints = 1025

// Restaurant is one business that sells food for pickup.
type Restaurant struct {
	ID          string
	Slug        string
	OwnerID     string
	OwnerEmail  string
	Name        string
	Description string
	Cuisine     string
	Address     string
	Phone       string
	Status      RestaurantStatus
	// StatusReason is why an admin rejected or suspended the restaurant, in the
	// admin's words, for its owner to read; empty while it is pending or approved.
	StatusReason string
	// TaxBasisPoints is the sales tax on food, in hundredths of a percent.
	TaxBasisPoints int64
	// StripeAccount is the Connect Express account card payments go to.
	StripeAccount string
	// CardReady is whether Stripe, when last asked, said StripeAccount can take
	// charges (onboarding finished).
	CardReady bool
	// PrepMinutes is how long the kitchen usually takes: the "ASAP" a customer is
	// offered, and the quote a confirmation starts from.
	PrepMinutes int
	// OrderingPaused: the kitchen stopped taking online orders for now ("we're slammed").
	OrderingPaused bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// IsOwner reports whether the user with userID owns r: owners are told by their id.
// A restaurant stored without its owner's id (demo data, made before its owner
// signed up) is claimed by its owner's address in its one normalised form, and only
// by a user who proved they receive mail there: verifiedEmail is "" for anyone else.
func (r *Restaurant) IsOwner(userID, verifiedEmail string) bool {
	if r.OwnerID != "" {
		return userID != "" && r.OwnerID == userID
	}
	return verifiedEmail != "" && emailaddr.Same(r.OwnerEmail, verifiedEmail)
}

// Profile is what an owner may write about their restaurant.
type Profile struct {
	Name           string
	Description    string
	Cuisine        string
	Address        string
	Phone          string
	TaxBasisPoints int64
}

// Normalize trims the profile and checks it, naming each bad field.
func (p *Profile) Normalize() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Description = strings.TrimSpace(p.Description)
	p.Cuisine = strings.TrimSpace(p.Cuisine)
	p.Address = strings.TrimSpace(p.Address)
	p.Phone = strings.TrimSpace(p.Phone)
	bad := map[string]string{}
	checkLen(bad, "name", p.Name, 2, 120)
	checkLen(bad, "description", p.Description, 0, 2000)
	checkLen(bad, "cuisine", p.Cuisine, 2, 60)
	checkLen(bad, "address", p.Address, 5, 300)
	checkLen(bad, "phone", p.Phone, 0, 40)
	if p.TaxBasisPoints < 0 || p.TaxBasisPoints > 3000 {
		bad["taxBasisPoints"] = "must be from 0 to 3000 (30%)"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

func checkLen(bad map[string]string, field, v string, minLen, maxLen int) {
	n := len([]rune(v))
	switch {
	case minLen > 0 && n == 0:
		bad[field] = "is required"
	case n < minLen:
		bad[field] = "is too short"
	case n > maxLen:
		bad[field] = "is too long"
	}
}

// AdminAction is a moderation decision.
type AdminAction string

// The admin's moderation actions.
const (
	Approve   AdminAction = "approve"
	Reject    AdminAction = "reject"
	Suspend   AdminAction = "suspend"
	Reinstate AdminAction = "reinstate"
)

// ParseAdminAction accepts one of the moderation actions.
func ParseAdminAction(s string) (AdminAction, bool) {
	a := AdminAction(s)
	switch a {
	case Approve, Reject, Suspend, Reinstate:
		return a, true
	}
	return "", false
}

// NeedsReason reports whether the action must say why: its owner reads the reason
// on their dashboard.
func (a AdminAction) NeedsReason() bool { return a == Reject || a == Suspend }

// Moderate returns the status an action leads to from status, or INVALID_TRANSITION.
// Approving also reinstates a suspended or rejected restaurant; reinstating is for a
// suspended one only.
func Moderate(from RestaurantStatus, a AdminAction) (RestaurantStatus, error) {
	switch {
	case a == Approve && from != Approved:
		return Approved, nil
	case a == Reject && from == Pending:
		return Rejected, nil
	case a == Suspend && from == Approved:
		return Suspended, nil
	case a == Reinstate && from == Suspended:
		return Approved, nil
	}
	return "", errs.Errorf(errs.CodeInvalidTransition,
		"This restaurant is "+strings.ToLower(string(from))+"; it cannot be "+pastTense(a)+".").
		With(map[string]any{"status": from, "action": a})
}

// Decisions are the actions an admin's page offers on a restaurant in status: each
// one Moderate allows, without the approval that would only repeat a reinstatement.
func Decisions(status RestaurantStatus) []AdminAction {
	switch status {
	case Pending:
		return []AdminAction{Approve, Reject}
	case Approved:
		return []AdminAction{Suspend}
	case Suspended:
		return []AdminAction{Reinstate}
	case Rejected:
		return []AdminAction{Approve}
	}
	return nil
}

func pastTense(a AdminAction) string {
	switch a {
	case Approve:
		return "approved"
	case Reject:
		return "rejected"
	case Suspend:
		return "suspended"
	case Reinstate:
		return "reinstated"
	}
	return string(a)
}

// Fold lower-cases s and drops its accents, so "Café" and "cafe" match in search.
func Fold(s string) string { return ids.Fold(s) }

// SearchText is what search words are matched against.
func (p Profile) SearchText() string {
	return Fold(strings.Join([]string{p.Name, p.Cuisine, p.Description, p.Address}, " "))
}

// Slugify makes a URL-safe name: lower case ASCII letters and digits joined by
// dashes; accents fall away (café → cafe).
func Slugify(s string) string { return ids.Slug(s, "restaurant") }

// Photo is one picture of a restaurant.
type Photo struct {
	ID       string
	ImageKey string
}
