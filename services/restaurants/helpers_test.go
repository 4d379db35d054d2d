package restaurants_test

import (
	"net/http"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/restaurants/resttest"
)

// onBoth runs fn against the service on SQLite and on PostgreSQL, like dbtest.Each.
func onBoth(t *testing.T, fn func(t *testing.T, o resttest.Options)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, resttest.Options{}) })
	t.Run("postgres", func(t *testing.T) { fn(t, resttest.Options{DatabaseURL: dbtest.PostgresURL(t)}) })
}

// shop is an approved restaurant open around the clock with three dishes.
type shop struct {
	ID, Slug              string
	Wings, Fries, Soldout string
}

var allWeek = func() []map[string]string {
	var out []map[string]string
	for _, d := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} {
		out = append(out, map[string]string{"day": d, "open": "00:00", "close": "24:00"})
	}
	return out
}()

func newShop(t testing.TB, e *resttest.Env) shop {
	t.Helper()
	r := e.Must(http.StatusCreated, "POST", "/api/restaurants", &resttest.Owner, map[string]any{
		"name": "Wing Stop 79", "description": "Mild sauce wings", "cuisine": "American",
		"address": "1 E 79th St, Chicago", "phone": "773-555-0100"}).Map(t)
	s := shop{ID: r["id"].(string), Slug: r["slug"].(string)}
	e.Must(http.StatusOK, "POST", "/api/admin/restaurants/"+s.ID+"/approve", &resttest.Admin, nil)
	e.Must(http.StatusOK, "PUT", "/api/restaurants/"+s.ID+"/hours", &resttest.Owner, map[string]any{"hours": allWeek})
	item := func(name string, cents int, available bool) string {
		return e.Must(http.StatusCreated, "POST", "/api/restaurants/"+s.ID+"/menu/items", &resttest.Owner, map[string]any{
			"name": name, "priceCents": cents, "category": "Mains", "dietary": []string{"spicy"}, "available": available,
		}).Map(t)["id"].(string)
	}
	s.Wings, s.Fries, s.Soldout = item("Wings", 1299, true), item("Fries", 450, true), item("Oxtail", 1995, false)
	e.Must(http.StatusCreated, "POST", "/api/restaurants/"+s.ID+"/staff", &resttest.Owner, map[string]any{"email": resttest.Staff.Email, "role": "STAFF"})
	e.Must(http.StatusCreated, "POST", "/api/restaurants/"+s.ID+"/staff", &resttest.Owner, map[string]any{"email": resttest.Manager.Email, "role": "MANAGER"})
	return s
}

func pickupSoon() string { return time.Now().Add(time.Hour).UTC().Format(time.RFC3339) }

func (s shop) order(method string, items ...any) map[string]any {
	var lines []map[string]any
	for i := 0; i+1 < len(items); i += 2 {
		lines = append(lines, map[string]any{"menuItemId": items[i], "quantity": items[i+1]})
	}
	return map[string]any{"restaurantId": s.ID, "items": lines, "pickupTime": pickupSoon(), "paymentMethod": method}
}

// nextTuesdayNoon is noon Chicago time on the coming Tuesday (1 to 7 days ahead).
func nextTuesdayNoon() string {
	loc, _ := time.LoadLocation("America/Chicago")
	d := time.Now().In(loc).AddDate(0, 0, 1)
	for d.Weekday() != time.Tuesday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, loc).UTC().Format(time.RFC3339)
}
