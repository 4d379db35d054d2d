package domain

import (
	"slices"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// MemberRole is what one person may do at a vendor.
type MemberRole string

// Roles at a vendor: the owner (by user id) does everything; a manager runs the
// catalogue, discount codes and orders but not money back or the team; staff pack,
// ship and hand over orders and keep stock counts right.
const (
	RoleOwner   MemberRole = "OWNER"
	RoleManager MemberRole = "MANAGER"
	RoleStaff   MemberRole = "STAFF"
)

// MemberRoles are the roles an owner may grant.
var MemberRoles = []MemberRole{RoleManager, RoleStaff}

// Member is a manager or staff member of one vendor, named by e-mail.
type Member struct {
	ID        string
	VendorID  string
	Email     string
	Role      MemberRole
	CreatedAt time.Time
}

// Can reports whether role r may do what needs at least role min: OWNER > MANAGER >
// STAFF > "" (nobody).
func (r MemberRole) Can(min MemberRole) bool { return rank(r) >= rank(min) && rank(min) > 0 }

func rank(r MemberRole) int {
	switch r {
	case RoleOwner:
		return 3
	case RoleManager:
		return 2
	case RoleStaff:
		return 1
	}
	return 0
}

// ParseMemberRole reads a role an owner grants.
func ParseMemberRole(s string) (MemberRole, error) {
	r := MemberRole(strings.ToUpper(strings.TrimSpace(s)))
	if !slices.Contains(MemberRoles, r) {
		return "", errs.Invalid(map[string]string{"role": "must be MANAGER or STAFF"})
	}
	return r, nil
}

// Review is one moderation decision on a vendor, kept as the admins' audit trail.
type Review struct {
	ID         string
	VendorID   string
	Action     VendorAction
	From, To   VendorStatus
	Reason     string
	ActorID    string
	ActorEmail string
	CreatedAt  time.Time
}

// VendorFilter narrows a list of vendors.
type VendorFilter struct {
	Status VendorStatus
	Words  []string
	// NewestFirst orders by application time the other way: the admin queue's order.
	NewestFirst bool
	Limit       int
	Offset      int
}
