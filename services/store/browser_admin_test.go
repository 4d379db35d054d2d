package store_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/store/storetest"
)

// The admin's pages in a real Chromium on a phone and a desktop: the applications
// waiting, a vendor's review with its audit trail and the failed payments, in words only, with no
// sideways scroll and no serious axe finding. With STORE_SCREENSHOTS set to a
// folder, every page is saved there.
func TestBrowserAdminPages(t *testing.T) {
	browsertest.Require(t)
	s := cardServer(t, "")
	var waiting storeapi.Vendor
	s.Must(http.StatusCreated, "POST", "/api/vendors", owner, storetest.ShopBody("Smooth Steps")).JSON(t, &waiting)
	suspended := s.Vendor(other, storetest.ShopBody("Velvet Rope Wear"))
	s.Must(http.StatusOK, "POST", "/api/admin/vendors/"+suspended.ID+"/suspend", admin, map[string]string{"reason": "Late deliveries"})

	// A card payment that failed, for the failed payments page.
	shop := s.Vendor(storetest.OtherOwner, storetest.ShopBody("Card Steps"))
	shoes := s.Product(storetest.OtherOwner, shop.ID, "Card Steppers", 9900, 3, "9")
	s.Must(http.StatusOK, "POST", "/api/vendors/"+shop.ID+"/payments/connect", storetest.OtherOwner, nil)
	connect(t, s, shop.ID, true)
	out, _ := s.Checkout(buyer, storetest.Ship(storetest.Item(shoes.Variants[0].ID, 1)))
	o := out.Orders[0]
	deliver(t, s, paymentstest.NewEventID(), "payment_intent.payment_failed",
		paymentstest.PaymentIntent("pi_declined", o.TotalCents, "requires_payment_method", map[string]string{"orderId": o.ID}))

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	ada := browsertest.CookiePerson(admin.Name, auth.AccessCookie, hosttest.Token(admin), s.URL)
	tour := browsertest.Tour{Checker: browsertest.NewChecker(t, storeapi.Words), Screenshots: os.Getenv("STORE_SCREENSHOTS")}
	tour.Run(t, ctx,
		browsertest.Stop{Who: ada, URL: s.URL + "/admin", Name: "applications"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin?status=SUSPENDED", Name: "suspended vendors"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin/vendors/" + waiting.ID, Name: "application"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin/vendors/" + suspended.ID, Name: "suspended vendor"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin/payments", Ready: `li[data-order="` + o.OrderNumber + `"]`, Name: "failed payments"},
	)
}
