package restaurants_test

import (
	"io"
	"net/http"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/restaurants/demo"
	"stepperslife/services/restaurants/resttest"
)

func TestDemoDataLoadsIntoEmptyDatabase(t *testing.T) {
	e := resttest.Start(t, resttest.Options{Demo: true})
	l := e.Must(200, "GET", "/api/restaurants", nil, nil).Map(t)
	items := l["items"].([]any)
	if len(items) != 3 {
		t.Fatalf("demo restaurants: %v", l)
	}
	slug := items[0].(map[string]any)["slug"].(string)
	d := e.Must(200, "GET", "/api/restaurants/"+slug, nil, nil).Map(t)
	img := d["imageUrl"].(string)
	dish := d["menu"].(map[string]any)["categories"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)
	for _, u := range []string{img, dish["imageUrl"].(string)} {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || len(b) < 1000 || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("%s: %d %d bytes", u, res.StatusCode, len(b))
		}
	}
	// The demo owner runs them once signed in with the demo address, proved…
	owner := auth.User{ID: "someone-new", Email: demo.OwnerEmail, Name: "Demo Owner", Roles: []string{auth.RoleUser, auth.RoleRestaurantOwner},
		EmailVerified: true}
	// …and not by whoever merely registered it.
	claimant := owner
	claimant.ID, claimant.EmailVerified = "someone-else", false
	if mine := e.Must(200, "GET", "/api/me/restaurants", &claimant, nil).Map(t)["items"].([]any); len(mine) != 0 {
		t.Fatalf("an unverified claimant sees %d demo restaurants", len(mine))
	}
	e.Must(403, "PUT", "/api/restaurants/"+d["id"].(string)+"/hours", &claimant, map[string]any{"hours": allWeek})
	if mine := e.Must(200, "GET", "/api/me/restaurants", &owner, nil).Map(t)["items"].([]any); len(mine) != 3 {
		t.Fatalf("demo owner sees %d restaurants", len(mine))
	}
	// One application waits for the demo admin.
	if q := e.Must(200, "GET", "/api/admin/queue", &resttest.Admin, nil).Map(t)["items"].([]any); len(q) != 1 ||
		q[0].(map[string]any)["title"] != "Steppers' Supper Club · Soul food" {
		t.Fatalf("demo admin queue: %v", q)
	}
	// A customer can order from the demo menu right away (pay at pickup).
	id := d["id"].(string)
	e.Must(200, "PUT", "/api/restaurants/"+id+"/hours", &owner, map[string]any{"hours": allWeek})
	e.Must(201, "POST", "/api/orders", &resttest.Customer, map[string]any{"restaurantId": id,
		"items": []map[string]any{{"menuItemId": dish["id"], "quantity": 1}}, "pickupTime": pickupSoon(), "paymentMethod": "pay_at_pickup"})
}

func TestDashboardSendsStrangersToSignIn(t *testing.T) {
	e := resttest.Start(t, resttest.Options{})
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(e.URL + "/dashboard")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") == "" {
		t.Fatalf("anonymous dashboard: %d %v", res.StatusCode, res.Header)
	}
	s := newShop(t, e)
	e.Must(403, "GET", "/dashboard/"+s.ID, &resttest.Stranger, nil)
	page := e.Must(200, "GET", "/dashboard/"+s.ID, &resttest.Staff, nil)
	if ct := page.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("dashboard content type %q", ct)
	}
}
