package restaurants_test

import (
	"testing"

	"stepperslife/services/restaurants/resttest"
)

func TestApplyModerateListAndDetail(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		apply := map[string]any{"name": "Café Soul", "description": "Greens and grits", "cuisine": "Soul food",
			"address": "500 E 47th St, Chicago", "phone": "773-555-0147"}
		e.Must(401, "POST", "/api/restaurants", nil, apply)
		e.Must(403, "POST", "/api/restaurants", &resttest.Customer, apply)
		if r := e.Do("POST", "/api/restaurants", &resttest.Owner, map[string]any{"name": "", "cuisine": "x", "address": "1"}); r.Status != 400 || r.Code() != "VALIDATION_FAILED" {
			t.Fatalf("bad apply: %d %s", r.Status, r.Body)
		}
		created := e.Must(201, "POST", "/api/restaurants", &resttest.Owner, apply).Map(t)
		id, slug := created["id"].(string), created["slug"].(string)
		if created["status"] != "PENDING" || slug != "cafe-soul" {
			t.Fatalf("created: %v", created)
		}
		second := e.Must(201, "POST", "/api/restaurants", &resttest.Owner, apply).Map(t)
		if second["slug"] != "cafe-soul-2" {
			t.Fatalf("second slug: %v", second["slug"])
		}

		// Pending restaurants are not public, but their owner and admins see them.
		if n := e.Must(200, "GET", "/api/restaurants", nil, nil).Map(t)["pagination"].(map[string]any)["total"]; n != 0.0 {
			t.Fatalf("pending listed: %v", n)
		}
		e.Must(404, "GET", "/api/restaurants/"+slug, nil, nil)
		e.Must(200, "GET", "/api/restaurants/"+slug, &resttest.Owner, nil)
		e.Must(200, "GET", "/api/restaurants/"+slug, &resttest.Admin, nil)
		if r := e.Do("POST", "/api/orders", &resttest.Customer, map[string]any{"restaurantId": id,
			"items": []map[string]any{{"menuItemId": "x", "quantity": 1}}, "pickupTime": pickupSoon(), "paymentMethod": "pay_at_pickup"}); r.Status != 409 {
			t.Fatalf("order at pending restaurant: %d %s", r.Status, r.Body)
		}

		e.Must(403, "POST", "/api/admin/restaurants/"+id+"/approve", &resttest.Owner, nil)
		pending := e.Must(200, "GET", "/api/admin/restaurants?status=PENDING", &resttest.Admin, nil).Map(t)
		if pending["pagination"].(map[string]any)["total"] != 2.0 {
			t.Fatalf("moderation queue: %v", pending)
		}
		e.Must(200, "POST", "/api/admin/restaurants/"+id+"/approve", &resttest.Admin, nil)
		if r := e.Do("POST", "/api/admin/restaurants/"+id+"/reject", &resttest.Admin, nil); r.Status != 409 || r.Code() != "INVALID_TRANSITION" {
			t.Fatalf("reject approved: %d %s", r.Status, r.Body)
		}
		e.Must(200, "POST", "/api/admin/restaurants/"+second["id"].(string)+"/reject", &resttest.Admin,
			map[string]string{"reason": "The same restaurant applied twice."})

		// Profile, hours and menu, then the public page shows them.
		e.Must(403, "PATCH", "/api/restaurants/"+id, &resttest.Stranger, map[string]any{"phone": "1"})
		e.Must(200, "PATCH", "/api/restaurants/"+id, &resttest.Owner, map[string]any{"description": "Greens, grits and jazz", "taxBasisPoints": 1100})
		if r := e.Do("PUT", "/api/restaurants/"+id+"/hours", &resttest.Owner, map[string]any{"hours": []map[string]string{{"day": "funday", "open": "9", "close": "x"}}}); r.Status != 400 {
			t.Fatalf("bad hours: %d %s", r.Status, r.Body)
		}
		e.Must(200, "PUT", "/api/restaurants/"+id+"/hours", &resttest.Owner, map[string]any{"hours": []map[string]string{
			{"day": "friday", "open": "18:00", "close": "02:00"}, {"day": "monday", "open": "11:00", "close": "22:00"}}})
		e.Must(403, "POST", "/api/restaurants/"+id+"/menu/items", &resttest.Stranger, map[string]any{"name": "x", "priceCents": 1, "category": "c"})
		if r := e.Do("POST", "/api/restaurants/"+id+"/menu/items", &resttest.Owner, map[string]any{"name": "Grits", "priceCents": 0, "category": "Sides", "dietary": []string{"keto"}}); r.Status != 400 {
			t.Fatalf("bad item: %d %s", r.Status, r.Body)
		}
		e.Must(201, "POST", "/api/restaurants/"+id+"/menu/items", &resttest.Owner, map[string]any{
			"name": "Shrimp and Grits", "priceCents": 1800, "category": "Mains", "dietary": []string{"gluten-free"}})
		e.Must(201, "POST", "/api/restaurants/"+id+"/menu/items", &resttest.Owner, map[string]any{
			"name": "Greens", "priceCents": 500, "category": "Sides", "dietary": []string{"vegan", "vegetarian"}})

		d := e.Must(200, "GET", "/api/restaurants/"+slug, nil, nil).Map(t)
		cats := d["menu"].(map[string]any)["categories"].([]any)
		if len(cats) != 2 || d["taxBasisPoints"] != 1100.0 || len(d["hours"].([]any)) != 2 || d["hours"].([]any)[0].(map[string]any)["day"] != "monday" {
			t.Fatalf("detail: %v", d)
		}
		first := cats[0].(map[string]any)["items"].([]any)[0].(map[string]any)
		if first["priceCents"] != 1800.0 || first["dietary"].([]any)[0] != "gluten-free" || first["currency"] != "usd" {
			t.Fatalf("item: %v", first)
		}

		// Search by words and cuisine finds approved restaurants only.
		newShop(t, e)
		for q, want := range map[string]float64{"?q=grits": 1, "?q=GREENS+jazz": 1, "?cuisine=soul+food": 1, "?cuisine=American": 1,
			"?q=cafe": 1, "?q=nothing-like-this": 0, "?q=%25": 0, "": 2, "?limit=1": 2} {
			l := e.Must(200, "GET", "/api/restaurants"+q, nil, nil).Map(t)
			if got := l["pagination"].(map[string]any)["total"]; got != want {
				t.Errorf("%s: total %v want %v", q, got, want)
			}
		}
		l := e.Must(200, "GET", "/api/restaurants?limit=1", nil, nil).Map(t)
		if len(l["items"].([]any)) != 1 || l["pagination"].(map[string]any)["hasMore"] != true {
			t.Fatalf("paging: %v", l)
		}
		e.Must(400, "GET", "/api/restaurants?limit=abc", nil, nil)

		// The suspended restaurant leaves the list.
		e.Must(200, "POST", "/api/admin/restaurants/"+id+"/suspend", &resttest.Admin, map[string]string{"reason": "Closed for repairs"})
		if got := e.Must(200, "GET", "/api/restaurants?q=grits", nil, nil).Map(t)["pagination"].(map[string]any)["total"]; got != 0.0 {
			t.Fatalf("suspended listed: %v", got)
		}
		mine := e.Must(200, "GET", "/api/me/restaurants", &resttest.Owner, nil).Map(t)
		if len(mine["items"].([]any)) != 3 {
			t.Fatalf("mine: %v", mine)
		}
		staffSees := e.Must(200, "GET", "/api/me/restaurants", &resttest.Staff, nil).Map(t)["items"].([]any)
		if len(staffSees) != 1 || staffSees[0].(map[string]any)["role"] != "STAFF" {
			t.Fatalf("staff restaurants: %v", staffSees)
		}
	})
}

func TestFeedSearchAndActivity(t *testing.T) {
	e := resttest.Start(t, resttest.Options{})
	s := newShop(t, e)
	e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("pay_at_pickup", s.Wings, 3))
	f := e.Must(200, "GET", "/api/feed", nil, nil).Map(t)["items"].([]any)
	if len(f) != 1 || f[0].(map[string]any)["kind"] != "restaurant" || f[0].(map[string]any)["slug"] != s.Slug {
		t.Fatalf("feed: %v", f)
	}
	if got := e.Must(200, "GET", "/api/search?q=american", nil, nil).Map(t)["items"].([]any); len(got) != 1 {
		t.Fatalf("search by cuisine: %v", got)
	}
	if got := e.Must(200, "GET", "/api/search?q=sushi", nil, nil).Map(t)["items"].([]any); len(got) != 0 {
		t.Fatalf("search miss: %v", got)
	}
	act := e.Must(200, "GET", "/api/me/activity", &resttest.Customer, nil).Map(t)["items"].([]any)
	if len(act) != 1 || act[0].(map[string]any)["kind"] != "order" || act[0].(map[string]any)["summary"] != "3× Wings" {
		t.Fatalf("activity: %v", act)
	}
	e.Must(401, "GET", "/api/me/activity", nil, nil)
}
