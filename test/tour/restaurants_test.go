package tour

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/services/restaurants/resttest"
)

// restaurantsWorld is the restaurants service with an approved restaurant open all
// week, a menu with photos, a team and an order in every column of the board, and a
// second restaurant still waiting for approval.
type restaurantsWorld struct {
	e                *resttest.Env
	open, waiting    string // restaurant ids
	openSlug         string
	readyOrderNumber string
	wings            string // a menu item id
}

func newRestaurantsWorld(t *testing.T, o resttest.Options) *restaurantsWorld {
	t.Helper()
	e := resttest.Start(t, o)
	w := &restaurantsWorld{e: e}
	owner, admin := &resttest.Owner, &resttest.Admin
	apply := func(name string) map[string]any {
		return e.Must(http.StatusCreated, "POST", "/api/restaurants", owner, map[string]any{
			"name": name, "description": "Smothered chicken, greens and cornbread.", "cuisine": "Soul food",
			"address": "1234 E 79th St, Chicago, IL 60619", "phone": "(773) 555-0179"}).Map(t)
	}
	r := apply("Tour Soul Kitchen")
	w.open, w.openSlug = r["id"].(string), r["slug"].(string)
	w.waiting = apply("Tour Jerk Shack")["id"].(string)
	e.Must(http.StatusOK, "POST", "/api/admin/restaurants/"+w.open+"/approve", admin, nil)

	var week []map[string]string
	for _, d := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} {
		week = append(week, map[string]string{"day": d, "open": "00:00", "close": "24:00"})
	}
	e.Must(http.StatusOK, "PUT", "/api/restaurants/"+w.open+"/hours", owner, map[string]any{"hours": week})
	item := func(name, category string, cents int, dietary []string, available bool) string {
		return e.Must(http.StatusCreated, "POST", "/api/restaurants/"+w.open+"/menu/items", owner, map[string]any{
			"name": name, "description": "Made to order.", "priceCents": cents, "category": category,
			"dietary": dietary, "available": available}).Map(t)["id"].(string)
	}
	wings := item("Mild Sauce Wings", "Mains", 1399, []string{"spicy"}, true)
	w.wings = wings
	greens := item("Collard Greens", "Sides", 550, []string{"gluten-free", "vegetarian"}, true)
	item("Oxtail Stew", "Mains", 1995, nil, false)
	e.Must(http.StatusOK, "PUT", "/api/restaurants/"+w.open+"/menu/items/"+wings+"/image", owner, flyerJPEG(t), "Content-Type", "image/jpeg")
	e.Must(http.StatusCreated, "POST", "/api/restaurants/"+w.open+"/photos", owner, flyerJPEG(t))
	for _, m := range []struct{ email, role string }{{resttest.Manager.Email, "MANAGER"}, {resttest.Staff.Email, "STAFF"}} {
		e.Must(http.StatusCreated, "POST", "/api/restaurants/"+w.open+"/staff", owner, map[string]any{"email": m.email, "role": m.role})
	}

	// One order in each column of the board: received, confirmed, preparing, ready.
	steps := []string{"CONFIRMED", "PREPARING", "READY_FOR_PICKUP"}
	for n := range 4 {
		// Each from another diner: one may hold only a few unpaid orders at a time.
		diner := &auth.User{ID: "u-diner-" + strconv.Itoa(n), Email: "diner" + strconv.Itoa(n) + "@example.com",
			Name: "Diner " + strconv.Itoa(n), Roles: []string{auth.RoleUser}}
		o := e.Must(http.StatusCreated, "POST", "/api/orders", diner, map[string]any{
			"restaurantId": w.open, "paymentMethod": "pay_at_pickup",
			"pickupTime": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
			"items":      []map[string]any{{"menuItemId": wings, "quantity": 1 + n, "notes": "extra sauce"}, {"menuItemId": greens, "quantity": 1}},
		}).Map(t)
		for _, to := range steps[:n] {
			e.Must(http.StatusOK, "PATCH", "/api/orders/"+o["id"].(string), owner, map[string]string{"status": to})
		}
		if n == 3 {
			w.readyOrderNumber = o["orderNumber"].(string)
		}
	}
	return w
}

// order gives u (a person signed in at the portal) an order to pay at pickup.
func (w *restaurantsWorld) order(t *testing.T, u *auth.User) {
	t.Helper()
	w.e.Must(http.StatusCreated, "POST", "/api/orders", u, map[string]any{
		"restaurantId": w.open, "paymentMethod": "pay_at_pickup",
		"pickupTime": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
		"items":      []map[string]any{{"menuItemId": w.wings, "quantity": 2}}})
}
