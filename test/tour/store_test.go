package tour

import (
	"net/http"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/services/store/storetest"
)

// storeWorld is the store service with an approved vendor selling shoes in sizes and
// a sold-out hat, a buyer's pickup order, and a second vendor still waiting for
// approval.
type storeWorld struct {
	s              *storetest.Server
	vendor         storeapi.Vendor
	applicationID  string // the waiting vendor's, for the admin to review
	shoes, hat     storeapi.Product
	order          storeapi.Order
	owner, waiting *auth.User
}

func newStoreWorld(t *testing.T, o storetest.Options) *storeWorld {
	t.Helper()
	s := storetest.Start(t, o)
	w := &storeWorld{s: s, owner: storetest.Owner, waiting: storetest.OtherOwner}
	w.vendor = s.Vendor(w.owner, storetest.ShopBody("Tour Smooth Steps"))
	var application storeapi.Vendor
	s.Must(http.StatusCreated, "POST", "/api/vendors", w.waiting, storetest.ShopBody("Tour Waiting Shoes")).JSON(t, &application)
	w.applicationID = application.ID
	w.shoes = s.Product(w.owner, w.vendor.ID, "Tour Suede Steppers", 8900, 5, "9", "10", "11")
	w.hat = s.Product(w.owner, w.vendor.ID, "Tour Sold Out Fedora", 4500, 0)
	res, _ := s.Checkout(storetest.Buyer, storetest.Pickup(storetest.Item(w.shoes.Variants[1].ID, 1)))
	if len(res.Orders) != 1 {
		t.Fatalf("store checkout: %+v", res)
	}
	w.order = res.Orders[0]
	return w
}

// buy gives u (a person signed in at the portal) a pickup order, so their pages
// have one to show.
func (w *storeWorld) buy(t *testing.T, u *auth.User) {
	t.Helper()
	if res, r := w.s.Checkout(u, storetest.Pickup(storetest.Item(w.shoes.Variants[0].ID, 1))); len(res.Orders) != 1 {
		t.Fatalf("store checkout as %s: %d %s", u.Email, r.Status, r.Body)
	}
}

// stops are the store's pages: the shop as anyone sees it, the vendor's desk, an
// application waiting, and an order as its buyer and its vendor.
func (w *storeWorld) stops(anyone, owner, applicant, buyer browsertest.Person) []browsertest.Stop {
	store := w.s.URL
	return []browsertest.Stop{
		{Who: anyone, URL: store + "/", Name: "store home"},
		{Who: anyone, URL: store + "/?q=no+such+thing", Name: "store home, nothing found"},
		{Who: anyone, URL: store + "/products/" + w.shoes.Slug, Name: "store product in sizes"},
		{Who: anyone, URL: store + "/products/" + w.hat.Slug, Name: "store sold-out product"},
		{Who: anyone, URL: store + "/vendors/" + w.vendor.Slug, Name: "store vendor page"},
		{Who: anyone, URL: store + "/products/no-such-thing", Status: 404, Name: "store missing product"},
		{Who: anyone, URL: store + "/orders/" + w.order.ID, Name: "store order, signed out (the portal's sign-in)"},
		{Who: buyer, URL: store + "/products/" + w.shoes.Slug, Name: "store product in sizes"},
		{Who: buyer, URL: store + "/orders/" + w.order.ID, Name: "store order"},
		{Who: buyer, URL: store + "/dashboard", Name: "store dashboard without the role"},
		{Who: owner, URL: store + "/dashboard", Name: "store dashboard"},
		{Who: owner, URL: store + "/dashboard/vendors/" + w.vendor.ID, Name: "store vendor dashboard"},
		{Who: owner, URL: store + "/dashboard/vendors/" + w.vendor.ID + "/shop", Name: "store pickup, codes and team"},
		{Who: owner, URL: store + "/orders/" + w.order.ID, Name: "store order of the vendor"},
		{Who: owner, URL: store + "/dashboard/orders/" + w.order.ID + "/slip", Name: "store packing slip"},
		{Who: applicant, URL: store + "/dashboard", Name: "store dashboard waiting for approval"},
	}
}
