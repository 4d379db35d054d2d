// Package storetest runs the whole store service for tests on the kit's harness
// (internal/kit/hosttest) and adds the store's fixtures: the people of the tests,
// approved vendors, products in sizes, checkouts.
package storetest

import (
	"net/http"
	"strconv"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/store"
)

// Options tune the service under test.
type Options = hosttest.Options

// Response is an answer read whole.
type Response = hosttest.Response

// Server is a running store service.
type Server struct{ *hosttest.Server }

// Start builds and serves the store service until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	return &Server{hosttest.Start(t, store.Service(), o)}
}

// EachDB runs fn with an empty SQLite URL and with a throwaway PostgreSQL database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	hosttest.EachDB(t, fn)
}

// People of the tests.
var (
	Owner = &auth.User{ID: "u-owner", Email: "vera@example.com", Name: "Vera Vendor",
		Roles: []string{auth.RoleUser, auth.RoleStoreOwner}, EmailVerified: true}
	OtherOwner = &auth.User{ID: "u-owner2", Email: "otto@example.com", Name: "Otto Other",
		Roles: []string{auth.RoleUser, auth.RoleStoreOwner}, EmailVerified: true}
	Admin = &auth.User{ID: "u-admin", Email: "ada@example.com", Name: "Ada Admin",
		Roles: []string{auth.RoleUser, auth.RoleAdmin}, EmailVerified: true}
	Staffer = &auth.User{ID: "u-staff", Email: "sam@example.com", Name: "Sam Staff", Roles: []string{auth.RoleUser},
		EmailVerified: true}
	Buyer = &auth.User{ID: "u-buyer", Email: "bea@example.com", Name: "Bea Buyer", Roles: []string{auth.RoleUser},
		EmailVerified: true}
)

// BuyerN is the n-th distinct buyer.
func BuyerN(n int) *auth.User {
	s := strconv.Itoa(n)
	return &auth.User{ID: "u-buyer-" + s, Email: "buyer" + s + "@example.com", Name: "Buyer " + s,
		Roles: []string{auth.RoleUser}}
}

// Vendor applies as owner with body (a storeapi.VendorRequest as a map) and has the
// admin approve it; it returns the vendor.
func (s *Server) Vendor(owner *auth.User, body map[string]any) storeapi.Vendor {
	s.T.Helper()
	var v storeapi.Vendor
	s.Must(http.StatusCreated, "POST", "/api/vendors", owner, body).JSON(s.T, &v)
	s.Must(http.StatusOK, "POST", "/api/admin/vendors/"+v.ID+"/approve", Admin, nil).JSON(s.T, &v)
	return v
}

// ShopBody is a vendor shipping at $8, free from $100, with 10.25% tax, and pickup
// at a Sunday set.
func ShopBody(name string) map[string]any {
	return map[string]any{"name": name, "description": "Steppin wear and suede-sole shoes.", "shippingRateCents": 800,
		"freeShippingOverCents": 10000, "taxBasisPoints": 1025, "pickupEnabled": true,
		"pickupPoints": []map[string]any{{"label": "Sunday set at the Mansion", "address": "5250 S Western Ave, Chicago"}}}
}

// Product creates an ACTIVE product of vendorID as owner, one variant per size, each
// at priceCents with stock units.
func (s *Server) Product(owner *auth.User, vendorID, name string, priceCents int64, stock int, sizes ...string) storeapi.Product {
	s.T.Helper()
	body := map[string]any{"name": name, "description": "A favourite on the floor.", "category": "SHOES",
		"status": "ACTIVE", "sku": skuOf(name), "priceCents": priceCents, "stock": stock}
	if len(sizes) > 0 {
		body["options"] = []map[string]any{{"name": "Size", "values": sizes}}
	}
	var p storeapi.Product
	s.Must(http.StatusCreated, "POST", "/api/vendors/"+vendorID+"/products", owner, body).JSON(s.T, &p)
	return p
}

func skuOf(name string) string {
	out := []byte{}
	for _, c := range []byte(name) {
		if c >= 'a' && c <= 'z' {
			c -= 32
		}
		if c >= 'A' && c <= 'Z' && len(out) < 6 {
			out = append(out, c)
		}
	}
	return string(out)
}

// Item is one line of a checkout.
func Item(variantID string, quantity int) map[string]any {
	return map[string]any{"variantId": variantID, "quantity": quantity}
}

// Ship is a shipped card checkout of items to Bea's address.
func Ship(items ...map[string]any) map[string]any {
	return map[string]any{"items": items, "fulfillment": "ship", "paymentMethod": "card",
		"shippingAddress": map[string]any{"name": "Bea Buyer", "line1": "6351 S Cottage Grove Ave", "city": "Chicago",
			"state": "IL", "postalCode": "60637", "country": "US"}}
}

// Pickup is a pay-at-pickup checkout of items.
func Pickup(items ...map[string]any) map[string]any {
	return map[string]any{"items": items, "fulfillment": "pickup", "paymentMethod": "pay_at_pickup"}
}

// Checkout checks out body as u and decodes the answer when it is 201.
func (s *Server) Checkout(u *auth.User, body map[string]any, headers ...string) (storeapi.CheckoutResult, Response) {
	s.T.Helper()
	res := s.Do("POST", "/api/checkout", u, body, headers...)
	var out storeapi.CheckoutResult
	if res.Status == http.StatusCreated {
		res.JSON(s.T, &out)
	}
	return out, res
}

// Order reads an order as u.
func (s *Server) Order(u *auth.User, id string) storeapi.Order {
	s.T.Helper()
	var o storeapi.Order
	s.Must(http.StatusOK, "GET", "/api/orders/"+id, u, nil).JSON(s.T, &o)
	return o
}

// ProductBySlug reads a product as u (nil: a shopper).
func (s *Server) ProductBySlug(u *auth.User, slug string) storeapi.Product {
	s.T.Helper()
	var p storeapi.Product
	s.Must(http.StatusOK, "GET", "/api/products/"+slug, u, nil).JSON(s.T, &p)
	return p
}
