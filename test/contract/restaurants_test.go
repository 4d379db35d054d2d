package contract

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

type restaurantJSON struct {
	ID      string `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Cuisine string `json:"cuisine"`
	Menu    *struct {
		Categories []struct {
			Name  string         `json:"name"`
			Items []menuItemJSON `json:"items"`
		} `json:"categories"`
	} `json:"menu"`
}

type menuItemJSON struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Category   string   `json:"category"`
	PriceCents int64    `json:"priceCents"`
	Currency   string   `json:"currency"`
	Dietary    []string `json:"dietary"`
	Available  bool     `json:"available"`
	ImageURL   string   `json:"imageUrl"`
}

type foodOrderJSON struct {
	ID          string `json:"id"`
	OrderNumber string `json:"orderNumber"`
	Status      string `json:"status"`
	TotalCents  int64  `json:"totalCents"`
	TaxCents    int64  `json:"taxCents"`
	Currency    string `json:"currency"`
	CheckoutURL string `json:"checkoutUrl"`
}

// smallPNG is a real 16×16 PNG picture.
func smallPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testRestaurants(t *testing.T, w *world) {
	base := w.p.url("restaurants")
	owner, admin, buyer := w.owner, w.admin, w.buyer
	profile := map[string]string{"name": "Mama Lou's Steppers Kitchen", "description": "Soul food after the set",
		"cuisine": "Soul Food", "address": "4700 S King Dr, Chicago, IL", "phone": "+1 312 555 0101"}

	var r restaurantJSON
	t.Run("apply, approve", func(t *testing.T) {
		call(t, "POST", base+"/api/restaurants", profile).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		call(t, "POST", base+"/api/restaurants", profile, bearer(buyer.Token)).wantError(t, http.StatusForbidden, "FORBIDDEN")

		a := call(t, "POST", base+"/api/restaurants", profile, bearer(owner.Token)).want(t, http.StatusCreated)
		a.obj(t, "id", "slug", "status")
		a.json(t, &r)
		if r.Status != "PENDING" || r.ID == "" || r.Slug == "" {
			t.Fatalf("a new restaurant: %+v, want PENDING with id and slug", r)
		}
		if hasRestaurant(t, call(t, "GET", base+"/api/restaurants?limit=100", nil).list(t), r.ID) {
			t.Error("a PENDING restaurant is listed publicly")
		}

		call(t, "POST", base+"/api/admin/restaurants/"+r.ID+"/approve", nil, bearer(owner.Token)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		var ok restaurantJSON
		call(t, "POST", base+"/api/admin/restaurants/"+r.ID+"/approve", nil, bearer(admin.Token)).want(t, http.StatusOK).json(t, &ok)
		if ok.Status != "APPROVED" {
			t.Fatalf("approved restaurant has status %q", ok.Status)
		}
		w.restaurant = ok
	})
	if w.restaurant.ID == "" {
		t.Fatal("no approved restaurant to go on with")
	}
	// Orders need opening hours; open around the clock so the test runs at any time.
	var week []map[string]string
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		week = append(week, map[string]string{"day": d, "open": "00:00", "close": "24:00"})
	}
	call(t, "PUT", base+"/api/restaurants/"+r.ID+"/hours", map[string]any{"hours": week}, bearer(owner.Token)).want(t, http.StatusOK)

	var chicken, tea, cobbler menuItemJSON
	t.Run("menu", func(t *testing.T) {
		add := func(body map[string]any) menuItemJSON {
			t.Helper()
			var m menuItemJSON
			a := call(t, "POST", base+"/api/restaurants/"+r.ID+"/menu/items", body, bearer(owner.Token)).want(t, http.StatusCreated)
			a.obj(t, "id", "name", "priceCents", "currency", "dietary", "available")
			a.json(t, &m)
			if m.ID == "" || m.Name != body["name"] || m.PriceCents != int64(body["priceCents"].(int)) || m.Currency != "usd" {
				t.Fatalf("added %v, got %+v", body, m)
			}
			return m
		}
		item := map[string]any{"name": "Smothered Chicken", "description": "With gravy", "priceCents": 1250,
			"category": "Mains", "dietary": []string{"spicy"}, "available": true}
		refused(t, call(t, "POST", base+"/api/restaurants/"+r.ID+"/menu/items", item, bearer(buyer.Token)))
		bad := map[string]any{"name": "Free Money", "priceCents": -5, "category": "Mains"}
		call(t, "POST", base+"/api/restaurants/"+r.ID+"/menu/items", bad, bearer(owner.Token)).
			wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")

		chicken = add(item)
		tea = add(map[string]any{"name": "Sweet Tea", "description": "Large", "priceCents": 399, "category": "Drinks",
			"dietary": []string{"vegan", "gluten-free"}, "available": true})
		cobbler = add(map[string]any{"name": "Peach Cobbler", "description": "Sold out tonight", "priceCents": 650,
			"category": "Desserts", "dietary": []string{"vegetarian"}, "available": false})
		if cobbler.Available {
			t.Errorf("an item added as unavailable is available")
		}

		var patched menuItemJSON
		call(t, "PATCH", base+"/api/restaurants/"+r.ID+"/menu/items/"+tea.ID, map[string]any{"priceCents": 425},
			bearer(owner.Token)).want(t, http.StatusOK).json(t, &patched)
		if patched.PriceCents != 425 || patched.Name != "Sweet Tea" {
			t.Errorf("after PATCH priceCents 425: %+v", patched)
		}
		tea = patched
	})
	if chicken.ID == "" || tea.ID == "" || cobbler.ID == "" {
		t.Fatal("no menu to go on with")
	}

	t.Run("item image", func(t *testing.T) {
		img := call(t, "PUT", base+"/api/restaurants/"+r.ID+"/menu/items/"+chicken.ID+"/image",
			rawBody{"image/png", smallPNG(t)}, bearer(owner.Token)).want(t, http.StatusOK)
		var ans struct {
			ImageURL string `json:"imageUrl"`
		}
		img.obj(t, "imageUrl")
		img.json(t, &ans)
		if !strings.HasPrefix(ans.ImageURL, base+"/") {
			t.Fatalf("imageUrl %q is not served by the restaurants service (%s)", ans.ImageURL, base)
		}
		got := call(t, "GET", ans.ImageURL, nil).want(t, http.StatusOK)
		ct, _, _ := mime.ParseMediaType(got.Header.Get("Content-Type"))
		if sniffed := http.DetectContentType(got.Body); !strings.HasPrefix(ct, "image/") || !strings.HasPrefix(sniffed, ct) {
			t.Errorf("image served as %q, its bytes are %s", got.Header.Get("Content-Type"), sniffed)
		}

		call(t, "PUT", base+"/api/restaurants/"+r.ID+"/menu/items/"+chicken.ID+"/image",
			rawBody{"image/png", []byte("this is not a picture, only text pretending to be one")}, bearer(owner.Token)).
			wantError(t, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
		huge := append(smallPNG(t), make([]byte, 6<<20)...)
		call(t, "PUT", base+"/api/restaurants/"+r.ID+"/menu/items/"+chicken.ID+"/image",
			rawBody{"image/png", huge}, bearer(owner.Token)).wantError(t, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
		refused(t, call(t, "PUT", base+"/api/restaurants/"+r.ID+"/menu/items/"+chicken.ID+"/image",
			rawBody{"image/png", smallPNG(t)}, bearer(buyer.Token)))

		d := restaurantDetail(t, base, r.Slug)
		if it, ok := menuItem(d, chicken.ID); !ok || it.ImageURL != ans.ImageURL {
			t.Errorf("the menu shows the chicken as %+v, want imageUrl %s", it, ans.ImageURL)
		}
	})

	t.Run("list, search, detail", func(t *testing.T) {
		for _, q := range []string{"", "?q=steppers", "?q=kitchen&cuisine=Soul+Food", "?cuisine=Soul+Food"} {
			if !hasRestaurant(t, call(t, "GET", base+"/api/restaurants"+q, nil).list(t), r.ID) {
				t.Errorf("GET /api/restaurants%s does not list the approved restaurant", q)
			}
		}
		for _, q := range []string{"?q=sushi", "?cuisine=Thai"} {
			if hasRestaurant(t, call(t, "GET", base+"/api/restaurants"+q, nil).list(t), r.ID) {
				t.Errorf("GET /api/restaurants%s lists a restaurant that does not match", q)
			}
		}
		checkLimits(t, base+"/api/restaurants")

		d := restaurantDetail(t, base, r.Slug)
		if d.ID != r.ID || d.Status != "APPROVED" {
			t.Errorf("detail of %s: %+v", r.Slug, d)
		}
		for _, it := range []menuItemJSON{chicken, tea} {
			if got, ok := menuItem(d, it.ID); !ok || got.PriceCents != it.PriceCents {
				t.Errorf("the menu lacks %s at %d cents: %+v", it.Name, it.PriceCents, got)
			}
		}
		call(t, "GET", base+"/api/restaurants/no-such-restaurant", nil).wantError(t, http.StatusNotFound, "NOT_FOUND")
	})

	pickup := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339)
	order := func(items ...map[string]any) map[string]any {
		return map[string]any{"restaurantId": r.ID, "items": items, "pickupTime": pickup, "paymentMethod": "pay_at_pickup"}
	}
	line := func(id string, n int, notes string) map[string]any {
		return map[string]any{"menuItemId": id, "quantity": n, "notes": notes}
	}
	first := order(line(chicken.ID, 2, "extra gravy"), line(tea.ID, 1, ""))
	var placed foodOrderJSON

	t.Run("order at pickup, priced by the server, idempotent", func(t *testing.T) {
		call(t, "POST", base+"/api/orders", first).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		key := hdr("Idempotency-Key", "contract-food-order-1")
		a := call(t, "POST", base+"/api/orders", first, bearer(buyer.Token), key).want(t, http.StatusCreated)
		a.obj(t, "id", "orderNumber", "status", "totalCents")
		a.json(t, &placed)
		const subtotal = 2*1250 + 425
		if placed.TotalCents != subtotal+placed.TaxCents || placed.TaxCents < 0 || placed.TaxCents > subtotal/4 {
			t.Errorf("totalCents %d (tax %d) for a subtotal of %d", placed.TotalCents, placed.TaxCents, subtotal)
		}
		if placed.Status != "PENDING" || placed.Currency != "usd" || placed.CheckoutURL != "" {
			t.Errorf("a pay-at-pickup order: %+v", placed)
		}
		checkTimes(t, a, "createdAt", "pickupTime")

		var again foodOrderJSON
		call(t, "POST", base+"/api/orders", first, bearer(buyer.Token), key).want(t, http.StatusCreated).json(t, &again)
		if again != placed {
			t.Errorf("the same Idempotency-Key and body answered %+v, first %+v", again, placed)
		}
		call(t, "POST", base+"/api/orders", order(line(tea.ID, 3, "")), bearer(buyer.Token), key).
			wantError(t, http.StatusConflict, "IDEMPOTENCY_KEY_REUSED")
		// A key is the caller's own: someone else sending the same key and body places
		// their own order and never sees the first caller's.
		var theirs foodOrderJSON
		call(t, "POST", base+"/api/orders", first, bearer(w.organizer.Token), key).want(t, http.StatusCreated).json(t, &theirs)
		if theirs.ID == "" || theirs.ID == placed.ID {
			t.Errorf("another customer reusing the key got order %q (the first was %q)", theirs.ID, placed.ID)
		}

		mine := call(t, "GET", base+"/api/me/orders", nil, bearer(buyer.Token)).list(t)
		if mine.Pagination.Total != 1 || len(mine.Items) != 1 {
			t.Fatalf("after one order sent twice, /api/me/orders has %d (total %d)", len(mine.Items), mine.Pagination.Total)
		}
		if got := items[foodOrderJSON](t, mine)[0]; got.ID != placed.ID {
			t.Errorf("/api/me/orders lists %s, want %s", got.ID, placed.ID)
		}
		call(t, "GET", base+"/api/me/orders", nil).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		call(t, "GET", base+"/api/me/orders?limit=abc", nil, bearer(buyer.Token)).
			wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
	})
	if placed.ID == "" {
		t.Fatal("no order to go on with")
	}
	w.orderID = placed.ID

	t.Run("prices come from the menu", func(t *testing.T) {
		forged := order(line(tea.ID, 1, ""))
		forged["totalCents"] = 1
		a := call(t, "POST", base+"/api/orders", forged, bearer(buyer.Token))
		if a.Status == http.StatusBadRequest {
			a.wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
			return
		}
		var o foodOrderJSON
		a.want(t, http.StatusCreated).json(t, &o)
		if o.TotalCents < 425 {
			t.Errorf("a client-sent totalCents of 1 was taken: %+v", o)
		}
	})

	t.Run("card without Stripe keys, unavailable item", func(t *testing.T) {
		card := order(line(chicken.ID, 1, ""))
		card["paymentMethod"] = "card"
		a := call(t, "POST", base+"/api/orders", card, bearer(buyer.Token))
		if a.Status < 400 || a.Status == http.StatusInternalServerError {
			t.Fatalf("a card order with card payments off: %d %s", a.Status, snippet(a.Body))
		}
		var e errorShape
		a.json(t, &e)
		if e.Code == "" || e.Code == "INTERNAL" || !strings.Contains(strings.ToLower(e.Error), "card") {
			t.Errorf("card payments off, the answer does not say so plainly: %s", snippet(a.Body))
		}
		call(t, "POST", base+"/api/orders", order(line(cobbler.ID, 1, "")), bearer(buyer.Token)).
			wantError(t, http.StatusConflict, "ITEM_UNAVAILABLE")
		unsignedWebhook(t, base)
	})

	t.Run("order states", func(t *testing.T) {
		call(t, "GET", base+"/api/orders/"+placed.ID, nil, bearer(buyer.Token)).want(t, http.StatusOK)
		refused(t, call(t, "GET", base+"/api/orders/"+placed.ID, nil, bearer(w.organizer.Token)))
		board := call(t, "GET", base+"/api/restaurants/"+r.ID+"/orders?status=PENDING", nil, bearer(owner.Token)).list(t)
		if !slices.ContainsFunc(items[foodOrderJSON](t, board), func(o foodOrderJSON) bool { return o.ID == placed.ID }) {
			t.Errorf("the owner's PENDING orders lack %s", placed.ID)
		}
		refused(t, call(t, "GET", base+"/api/restaurants/"+r.ID+"/orders", nil, bearer(buyer.Token)))

		patch := func(tok, status string) answer {
			return call(t, "PATCH", base+"/api/orders/"+placed.ID, map[string]string{"status": status}, bearer(tok))
		}
		patch(buyer.Token, "CONFIRMED").wantError(t, http.StatusForbidden, "FORBIDDEN")
		patch(owner.Token, "COMPLETED").wantError(t, http.StatusConflict, "INVALID_TRANSITION")
		patch(owner.Token, "NONSENSE").wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
		for _, s := range []string{"CONFIRMED", "PREPARING", "READY_FOR_PICKUP", "COMPLETED"} {
			var o foodOrderJSON
			patch(owner.Token, s).want(t, http.StatusOK).json(t, &o)
			if o.Status != s {
				t.Fatalf("PATCH to %s answered status %s", s, o.Status)
			}
		}
		patch(owner.Token, "PREPARING").wantError(t, http.StatusConflict, "INVALID_TRANSITION")
		var o foodOrderJSON
		call(t, "GET", base+"/api/orders/"+placed.ID, nil, bearer(buyer.Token)).want(t, http.StatusOK).json(t, &o)
		if o.Status != "COMPLETED" {
			t.Errorf("the customer sees status %s, want COMPLETED", o.Status)
		}
	})
}

func hasRestaurant(t *testing.T, l list, id string) bool {
	t.Helper()
	return slices.ContainsFunc(items[restaurantJSON](t, l), func(r restaurantJSON) bool { return r.ID == id })
}

func restaurantDetail(t *testing.T, base, slug string) restaurantJSON {
	t.Helper()
	var d restaurantJSON
	a := call(t, "GET", base+"/api/restaurants/"+slug, nil).want(t, http.StatusOK)
	a.obj(t, "id", "slug", "menu")
	a.json(t, &d)
	if d.Menu == nil {
		t.Fatalf("detail of %s without a menu", slug)
	}
	return d
}

func menuItem(d restaurantJSON, id string) (menuItemJSON, bool) {
	for _, c := range d.Menu.Categories {
		for _, it := range c.Items {
			if it.ID == id {
				return it, true
			}
		}
	}
	return menuItemJSON{}, false
}
