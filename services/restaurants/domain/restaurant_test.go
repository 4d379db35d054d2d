package domain

import "testing"

func TestOwnerIsToldByIDAndOnlyThenByAProvedAddress(t *testing.T) {
	owned := Restaurant{OwnerID: "u-1", OwnerEmail: "owner@example.com"}
	demo := Restaurant{OwnerEmail: "owner@demo.stepperslife.com"}
	for _, c := range []struct {
		name          string
		r             Restaurant
		userID, email string
		want          bool
	}{
		{"the owner's id", owned, "u-1", "", true},
		{"another id with the owner's proved address", owned, "u-2", "owner@example.com", false},
		{"no id", owned, "", "owner@example.com", false},
		{"ownerless: the proved address", demo, "u-3", "owner@demo.stepperslife.com", true},
		{"ownerless: the address in another case", demo, "u-3", "Owner@Demo.SteppersLife.com", true},
		{"ownerless: a look-alike with a long s", Restaurant{OwnerEmail: "boss@example.com"}, "u-4", "boſs@example.com", false},
		{"ownerless: a look-alike with a Kelvin sign", Restaurant{OwnerEmail: "kim@example.com"}, "u-4", "\u212aim@example.com", false},
		{"ownerless: no proved address", demo, "u-5", "", false},
	} {
		if got := c.r.IsOwner(c.userID, c.email); got != c.want {
			t.Errorf("%s: IsOwner(%q, %q) = %v", c.name, c.userID, c.email, got)
		}
	}
}

// The moderation machine over every status and action: what it allows, where that
// leads, and that the admin page offers only allowed moves.
func TestModerationOverEveryStatusAndAction(t *testing.T) {
	statuses := []RestaurantStatus{Pending, Approved, Rejected, Suspended}
	actions := []AdminAction{Approve, Reject, Suspend, Reinstate}
	want := map[RestaurantStatus]map[AdminAction]RestaurantStatus{
		Pending:   {Approve: Approved, Reject: Rejected},
		Approved:  {Suspend: Suspended},
		Rejected:  {Approve: Approved},
		Suspended: {Approve: Approved, Reinstate: Approved},
	}
	for _, from := range statuses {
		for _, a := range actions {
			to, err := Moderate(from, a)
			if w, ok := want[from][a]; ok {
				if err != nil || to != w {
					t.Errorf("%s %s: %s %v, want %s", from, a, to, err, w)
				}
			} else if err == nil {
				t.Errorf("%s %s: allowed (to %s)", from, a, to)
			}
		}
		for _, a := range Decisions(from) {
			if _, err := Moderate(from, a); err != nil {
				t.Errorf("the page offers %s on %s, which Moderate refuses", a, from)
			}
		}
		if len(Decisions(from)) == 0 {
			t.Errorf("nothing an admin can do about a %s restaurant", from)
		}
	}
	for _, a := range actions {
		if got, ok := ParseAdminAction(string(a)); !ok || got != a {
			t.Errorf("ParseAdminAction(%q) = %q %v", a, got, ok)
		}
		if a.NeedsReason() != (a == Reject || a == Suspend) {
			t.Errorf("%s needs a reason: %v", a, a.NeedsReason())
		}
	}
	if _, ok := ParseAdminAction("delete"); ok {
		t.Error("delete accepted")
	}
}
