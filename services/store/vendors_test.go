package store_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/storetest"
)

var (
	owner   = storetest.Owner
	other   = storetest.OtherOwner
	admin   = storetest.Admin
	buyer   = storetest.Buyer
	staffer = storetest.Staffer
)

// A STORE_OWNER applies, an admin approves, rejects with a reason or suspends; only
// an approved vendor's ACTIVE products are listed, and every decision is kept.
func TestVendorApplicationAndModeration(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		if res := s.Do("POST", "/api/vendors", buyer, storetest.ShopBody("Nope")); res.Status != http.StatusForbidden {
			t.Fatalf("a buyer applies: %d %s", res.Status, res.Body)
		}
		var v storeapi.Vendor
		res := s.Must(http.StatusCreated, "POST", "/api/vendors", owner, map[string]any{"name": "Smooth Steps",
			"description": "Suede-sole shoes", "shippingRateCents": 800})
		res.JSON(t, &v)
		if v.Status != "PENDING" || v.Slug != "smooth-steps" || v.ID == "" || v.PickupEnabled || v.ShippingRateCents != 800 {
			t.Fatalf("application: %s", res.Body)
		}
		if res := s.Do("POST", "/api/vendors", owner, map[string]any{"name": "x", "shippingRateCents": -1}); res.Status != 400 ||
			!strings.Contains(string(res.Body), "shippingRateCents") {
			t.Fatalf("bad application: %d %s", res.Status, res.Body)
		}
		// Not listed yet: strangers do not see it; its owner does and may prepare products.
		if res := s.Do("GET", "/api/vendors/smooth-steps", buyer, nil); res.Status != 404 {
			t.Fatalf("a pending vendor to a stranger: %d", res.Status)
		}
		p := s.Product(owner, v.ID, "Suede Steppers", 8999, 5, "9", "10")
		if res := s.Do("GET", "/api/products/"+p.Slug, buyer, nil); res.Status != 404 {
			t.Fatalf("a pending vendor's product to a stranger: %d", res.Status)
		}
		if res := s.Do("POST", "/api/admin/vendors/"+v.ID+"/approve", owner, nil); res.Status != 403 {
			t.Fatalf("an owner approves: %d", res.Status)
		}
		if res := s.Do("POST", "/api/admin/vendors/"+v.ID+"/suspend", admin, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("suspending a pending vendor: %s", res.Body)
		}
		var queue struct {
			Items []storeapi.QueueItem `json:"items"`
		}
		s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &queue)
		if len(queue.Items) != 1 || queue.Items[0].ID != v.ID || queue.Items[0].Kind != "vendor_application" || queue.Items[0].URL == "" {
			t.Fatalf("admin queue: %+v", queue)
		}
		s.Must(200, "POST", "/api/admin/vendors/"+v.ID+"/approve", admin, nil).JSON(t, &v)
		if v.Status != "APPROVED" {
			t.Fatalf("approved: %+v", v)
		}
		if s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &queue); len(queue.Items) != 0 {
			t.Fatalf("queue after approval: %+v", queue)
		}
		var list struct {
			Items      []storeapi.Product  `json:"items"`
			Pagination struct{ Total int } `json:"pagination"`
		}
		s.Must(200, "GET", "/api/products", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 1 || list.Items[0].Vendor.Name != "Smooth Steps" || list.Items[0].Variants[0].Stock != nil {
			t.Fatalf("listed: %+v", list)
		}
		// Suspended: its products leave every list.
		s.Must(200, "POST", "/api/admin/vendors/"+v.ID+"/suspend", admin, map[string]string{"reason": "Counterfeit goods reported"})
		if s.Must(200, "GET", "/api/products", nil, nil).JSON(t, &list); list.Pagination.Total != 0 {
			t.Fatalf("a suspended vendor's products listed: %+v", list)
		}
		var mine struct {
			Items []storeapi.Vendor `json:"items"`
		}
		s.Must(200, "GET", "/api/me/vendors", owner, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].Status != "SUSPENDED" || mine.Items[0].StatusReason != "Counterfeit goods reported" ||
			mine.Items[0].Role != "OWNER" {
			t.Fatalf("the owner's view: %+v", mine)
		}
		s.Must(200, "POST", "/api/admin/vendors/"+v.ID+"/reinstate", admin, nil)
		var reviews struct {
			Items []storeapi.Review `json:"items"`
		}
		s.Must(200, "GET", "/api/vendors/"+v.ID+"/reviews", admin, nil).JSON(t, &reviews)
		if len(reviews.Items) != 3 || reviews.Items[0].Action != "reinstate" || reviews.Items[1].Reason != "Counterfeit goods reported" ||
			reviews.Items[2].ActorID != admin.ID {
			t.Fatalf("audit trail: %+v", reviews.Items)
		}
		// A rejection needs a reason.
		var w storeapi.Vendor
		s.Must(201, "POST", "/api/vendors", other, storetest.ShopBody("Knock Offs")).JSON(t, &w)
		if res := s.Do("POST", "/api/admin/vendors/"+w.ID+"/reject", admin, nil); res.Status != 400 {
			t.Fatalf("a rejection without a reason: %d %s", res.Status, res.Body)
		}
		s.Must(200, "POST", "/api/admin/vendors/"+w.ID+"/reject", admin, map[string]string{"reason": "Photos are of another shop."}).JSON(t, &w)
		if w.Status != "REJECTED" || w.StatusReason != "Photos are of another shop." {
			t.Fatalf("rejected: %+v", w)
		}
		if res := s.Do("POST", "/api/admin/vendors/"+w.ID+"/approve", admin, nil); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("approving a rejected vendor: %s", res.Body)
		}
	})
}

// The owner names a manager and staff by e-mail; rights by e-mail count only for a
// user who proved the address, and each role does what it may.
func TestVendorTeam(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	v := s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
	p := s.Product(owner, v.ID, "Suede Steppers", 8999, 5, "9", "10")
	if res := s.Do("POST", "/api/vendors/"+v.ID+"/team", staffer, map[string]string{"email": staffer.Email, "role": "MANAGER"}); res.Status != 403 {
		t.Fatalf("a stranger adds themself: %d", res.Status)
	}
	s.Must(201, "POST", "/api/vendors/"+v.ID+"/team", owner, map[string]string{"email": "SAM@example.com", "role": "staff"})
	if res := s.Do("POST", "/api/vendors/"+v.ID+"/team", owner, map[string]string{"email": staffer.Email, "role": "MANAGER"}); res.Status != 409 {
		t.Fatalf("twice on the team: %d", res.Status)
	}
	variant := p.Variants[0].ID
	// Staff count stock; they do not set prices.
	var got storeapi.Variant
	s.Must(200, "PATCH", "/api/variants/"+variant, staffer, map[string]any{"stock": 12}).JSON(t, &got)
	if *got.Stock != 12 || got.Available != 12 {
		t.Fatalf("stock count: %+v", got)
	}
	if res := s.Do("PATCH", "/api/variants/"+variant, staffer, map[string]any{"priceCents": 1}); res.Status != 403 {
		t.Fatalf("staff set a price: %d", res.Status)
	}
	// The same address unproved gets nothing.
	unverified := *staffer
	unverified.EmailVerified = false
	if res := s.Do("PATCH", "/api/variants/"+variant, &unverified, map[string]any{"stock": 1}); res.Status != 403 {
		t.Fatalf("an unproved address: %d", res.Status)
	}
	// The owner changes shipping and pickup; staff may not.
	if res := s.Do("PATCH", "/api/vendors/"+v.ID, staffer, map[string]any{"shippingRateCents": 0}); res.Status != 403 {
		t.Fatalf("staff edit the shop: %d", res.Status)
	}
	var edited storeapi.Vendor
	s.Must(200, "PATCH", "/api/vendors/"+v.ID, owner, map[string]any{"shippingRateCents": 650,
		"pickupPoints": []map[string]any{{"label": "Friday set at the Ramada", "address": "4900 S Lake Shore Dr"}}}).JSON(t, &edited)
	if edited.ShippingRateCents != 650 || len(edited.PickupPoints) != 1 || edited.PickupPoints[0].ID == "" ||
		edited.Name != "Smooth Steps" || edited.FreeShippingOverCents != 10000 {
		t.Fatalf("edited: %+v", edited)
	}
	var team struct {
		Items []storeapi.Member `json:"items"`
	}
	s.Must(200, "GET", "/api/vendors/"+v.ID+"/team", owner, nil).JSON(t, &team)
	if len(team.Items) != 1 || team.Items[0].Email != staffer.Email || team.Items[0].Role != "STAFF" {
		t.Fatalf("team: %+v", team)
	}
	s.Must(204, "DELETE", "/api/vendors/"+v.ID+"/team/"+team.Items[0].ID, owner, nil)
	if res := s.Do("PATCH", "/api/variants/"+variant, staffer, map[string]any{"stock": 1}); res.Status != 403 {
		t.Fatalf("a removed member: %d", res.Status)
	}
}
