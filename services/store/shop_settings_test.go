package store_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/store/domain"
	"stepperslife/services/store/storetest"
)

// On the shop's settings page the owner offers pickup at a dance night (a date and
// a window past midnight), adds a discount code a buyer then uses, turns it off,
// and adds and removes a team member; a manager sees codes but not the team; staff
// may not open it.
func TestShopSettingsPage(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	v := s.Vendor(owner, storetest.ShopBody("Settings Steps"))
	p := s.Product(owner, v.ID, "Settings Steppers", 10000, 5, "9")
	c := s.Browser(owner)
	base := s.URL + "/dashboard/vendors/" + v.ID

	night := time.Now().In(domain.Chicago).AddDate(0, 0, 3).Format("2006-01-02")
	status, page, path := post(t, c, base+"/pickup-points", url.Values{"label": {"Friday set at the Grand"},
		"address": {"6351 S Cottage Grove Ave"}, "date": {night}, "from": {"21:00"}, "until": {"01:00"}})
	if status != 200 || !strings.HasSuffix(path, "/shop") || !strings.Contains(page, "Friday set at the Grand") {
		t.Fatalf("adding a dance night: %d %s\n%s", status, path, page)
	}
	var got storeapi.Vendor
	s.Must(200, "GET", "/api/vendors/"+v.Slug, nil, nil).JSON(t, &got)
	var set *storeapi.PickupPoint
	for i, pt := range got.PickupPoints {
		if pt.Label == "Friday set at the Grand" {
			set = &got.PickupPoints[i]
		}
	}
	if set == nil || set.StartsAt == nil || set.EndsAt == nil || set.EndsAt.Sub(*set.StartsAt) != 4*time.Hour ||
		set.StartsAt.In(domain.Chicago).Format("2006-01-02 15:04") != night+" 21:00" {
		t.Fatalf("the dance night: %+v", got.PickupPoints)
	}
	if status, page, _ := post(t, c, base+"/pickup-points", url.Values{"label": {"No time"}, "date": {night}, "from": {"late"}}); status != 200 ||
		!strings.Contains(page, "Opens") {
		t.Fatalf("a night without times: %d\n%s", status, page)
	}

	status, page, _ = post(t, c, base+"/discounts", url.Values{"code": {"setnight10"}, "kind": {"PERCENT"}, "amount": {"10"},
		"usageLimit": {"5"}, "perCustomerLimit": {"1"}})
	if status != 200 || !strings.Contains(page, `data-code="SETNIGHT10"`) {
		t.Fatalf("adding a code: %d\n%s", status, page)
	}
	if _, page, _ := post(t, c, base+"/discounts", url.Values{"code": {"BAD"}, "kind": {"FIXED"}, "amount": {"ten"}}); !strings.Contains(page, "Amount") {
		t.Fatalf("a code without an amount:\n%s", page)
	}
	cart := storetest.Pickup(storetest.Item(p.Variants[0].ID, 1))
	cart["discountCode"] = "SETNIGHT10"
	cart["pickupPoints"] = map[string]string{v.ID: set.ID}
	out, res := s.Checkout(buyer, cart)
	if res.Status != 201 || out.Orders[0].DiscountCents != 1000 || out.Orders[0].PickupPoint == nil || out.Orders[0].PickupPoint.ID != set.ID {
		t.Fatalf("checkout with the code at the dance night: %d %s", res.Status, res.Body)
	}
	var list struct{ Items []storeapi.Discount }
	s.Must(200, "GET", "/api/vendors/"+v.ID+"/discounts", owner, nil).JSON(t, &list)
	codes := list.Items
	if len(codes) != 1 || codes[0].UsedCount != 1 {
		t.Fatalf("codes: %+v", codes)
	}
	if _, page, _ := post(t, c, s.URL+"/dashboard/discounts/"+codes[0].ID+"/off", url.Values{}); !strings.Contains(page, "Turn on") {
		t.Fatalf("turning the code off:\n%s", page)
	}

	manager := &auth.User{ID: "u-mgr", Email: "mia@example.com", Name: "Mia Manager", EmailVerified: true}
	staff := &auth.User{ID: "u-staff", Email: "sam@example.com", Name: "Sam Staff", EmailVerified: true}
	for _, m := range []struct {
		u    *auth.User
		role string
	}{{manager, "MANAGER"}, {staff, "STAFF"}} {
		if _, page, _ := post(t, c, base+"/team", url.Values{"email": {m.u.Email}, "role": {m.role}}); !strings.Contains(page, `data-member="`+m.u.Email+`"`) {
			t.Fatalf("adding %s:\n%s", m.role, page)
		}
	}
	if status, page := get(t, s.Browser(manager), base+"/shop"); status != 200 || !strings.Contains(page, "SETNIGHT10") || strings.Contains(page, `id="add-member"`) {
		t.Fatalf("the manager's view: %d\n%s", status, page)
	}
	if status, _ := get(t, s.Browser(staff), base+"/shop"); status != 403 {
		t.Fatalf("staff opened the settings: %d", status)
	}
	var team struct{ Items []storeapi.Member }
	s.Must(200, "GET", "/api/vendors/"+v.ID+"/team", owner, nil).JSON(t, &team)
	removed := false
	for _, m := range team.Items {
		if m.Email == staff.Email {
			removed = true
			if _, page, _ := post(t, c, base+"/team/"+m.ID+"/remove", url.Values{}); strings.Contains(page, `data-member="`+staff.Email+`"`) {
				t.Fatalf("removing staff:\n%s", page)
			}
		}
	}
	if !removed {
		t.Fatalf("staff not on the team: %+v", team.Items)
	}
	noRawValues(t, page)
}
