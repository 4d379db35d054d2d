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
