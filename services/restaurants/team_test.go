package restaurants_test

import (
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/restaurants/resttest"
)

// A membership is granted to an address; it counts only for a caller whose token
// says they proved that address. Whoever registered it first gets nothing by it.
func TestTeamMembershipNeedsAProvedAddress(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		squatter := auth.User{ID: "u-squat", Email: resttest.Manager.Email, Name: "Not Mia", Roles: []string{auth.RoleUser}}
		e.Must(403, "PUT", "/api/restaurants/"+s.ID+"/hours", &squatter, map[string]any{"hours": allWeek})
		e.Must(403, "GET", "/api/restaurants/"+s.ID+"/orders", &squatter, nil)
		e.Must(403, "GET", "/dashboard/"+s.ID, &squatter, nil)
		if mine := e.Must(200, "GET", "/api/me/restaurants", &squatter, nil).Map(t)["items"].([]any); len(mine) != 0 {
			t.Fatalf("an unverified holder of the manager's address sees %v", mine)
		}
		// The same address, proved, is the manager.
		proved := squatter
		proved.EmailVerified = true
		e.Must(200, "PUT", "/api/restaurants/"+s.ID+"/hours", &proved, map[string]any{"hours": allWeek})
		// The owner is told by id: the owner's address alone, even proved, is not the owner.
		impostor := auth.User{ID: "u-imp", Email: resttest.Owner.Email, Roles: []string{auth.RoleUser}, EmailVerified: true}
		e.Must(403, "PATCH", "/api/restaurants/"+s.ID, &impostor, map[string]any{"phone": "773-555-0199"})
	})
}

// Team addresses are stored in their one normalised form, and a look-alike address
// is refused.
func TestTeamAddressesAreNormalised(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		m := e.Must(201, "POST", "/api/restaurants/"+s.ID+"/staff", &resttest.Owner,
			map[string]any{"email": " Chef@Bücher.Example ", "role": "STAFF"}).Map(t)
		if m["email"] != "chef@xn--bcher-kva.example" {
			t.Fatalf("stored as %v", m["email"])
		}
		chef := auth.User{ID: "u-chef", Email: "chef@bücher.example", Roles: []string{auth.RoleUser}, EmailVerified: true}
		e.Must(200, "GET", "/api/restaurants/"+s.ID+"/orders", &chef, nil)
		for _, bad := range []string{"boſs@example.com", "staff@pаypal.com", "not an address"} {
			r := e.Do("POST", "/api/restaurants/"+s.ID+"/staff", &resttest.Owner, map[string]any{"email": bad, "role": "STAFF"})
			if r.Status != 400 || r.Code() != "VALIDATION_FAILED" {
				t.Errorf("%q: %d %s", bad, r.Status, r.Body)
			}
		}
	})
}
