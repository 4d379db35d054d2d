package store_test

import (
	"io"
	"net/http"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/store/demo"
	"stepperslife/services/store/storetest"
)

// up --demo fills the store with two vendors selling real-looking products in sizes,
// each with a photo; the demo owner runs both, and a buyer can check out at once.
func TestDemo(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL, Demo: true})
		var l productList
		s.Must(200, "GET", "/api/products?limit=100", nil, nil).JSON(t, &l)
		if l.Pagination.Total != 8 {
			t.Fatalf("%d demo products", l.Pagination.Total)
		}
		vendors, soldOut := map[string]bool{}, 0
		for _, p := range l.Items {
			vendors[p.Vendor.Name] = true
			if p.ImageURL == "" || len(p.Variants) == 0 {
				t.Errorf("%s: no photo or variants", p.Name)
			}
			for _, v := range p.Variants {
				if v.Available == 0 {
					soldOut++
				}
			}
		}
		if len(vendors) != 2 || soldOut == 0 {
			t.Fatalf("vendors %v, sold-out sizes %d", vendors, soldOut)
		}
		res, err := http.Get(l.Items[0].ImageURL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("demo photo: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		demoOwner := &auth.User{ID: "u-demo-owner", Email: demo.OwnerEmail, Name: "Demo Owner",
			Roles: []string{auth.RoleUser, auth.RoleStoreOwner}, EmailVerified: true}
		var mine struct {
			Items []storeapi.Vendor `json:"items"`
		}
		s.Must(200, "GET", "/api/me/vendors", demoOwner, nil).JSON(t, &mine)
		if len(mine.Items) != 2 || mine.Items[0].Role != "OWNER" || len(mine.Items[0].PickupPoints) != 2 {
			t.Fatalf("the demo owner's vendors: %+v", mine.Items)
		}
		var shoes storeapi.Product
		for _, p := range l.Items {
			if p.Name == "Classic Suede Steppers" {
				shoes = p
			}
		}
		if len(shoes.Variants) != 10 || shoes.Variants[0].Label != "8 / Medium" {
			t.Fatalf("shoes: %+v", shoes.Variants)
		}
		body := storetest.Pickup(storetest.Item(shoes.Variants[0].ID, 1))
		body["pickupPoints"] = map[string]string{shoes.VendorID: "pp_mansion"}
		body["discountCode"] = "steppin10"
		out, res2 := s.Checkout(buyer, body)
		if res2.Status != 201 || out.Orders[0].DiscountCents != 899 || out.Orders[0].PickupPoint.Label != "Sunday set at the Mansion" {
			t.Fatalf("a demo checkout: %d %s", res2.Status, res2.Body)
		}
	})
}
