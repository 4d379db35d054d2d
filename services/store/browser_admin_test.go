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
	"stepperslife/services/store/storetest"
)

// The admin's pages in a real Chromium on a phone and a desktop: the applications
// waiting and a vendor's review with its audit trail, in words only, with no
// sideways scroll and no serious axe finding. With STORE_SCREENSHOTS set to a
// folder, every page is saved there.
func TestBrowserAdminPages(t *testing.T) {
	browsertest.Require(t)
	s := storetest.Start(t, storetest.Options{})
	var waiting storeapi.Vendor
	s.Must(http.StatusCreated, "POST", "/api/vendors", owner, storetest.ShopBody("Smooth Steps")).JSON(t, &waiting)
	suspended := s.Vendor(other, storetest.ShopBody("Velvet Rope Wear"))
	s.Must(http.StatusOK, "POST", "/api/admin/vendors/"+suspended.ID+"/suspend", admin, map[string]string{"reason": "Late deliveries"})

	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
	ada := browsertest.CookiePerson(admin.Name, auth.AccessCookie, hosttest.Token(admin), s.URL)
	tour := browsertest.Tour{Checker: browsertest.NewChecker(t, storeapi.Words), Screenshots: os.Getenv("STORE_SCREENSHOTS")}
	tour.Run(t, ctx,
		browsertest.Stop{Who: ada, URL: s.URL + "/admin", Name: "applications"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin?status=SUSPENDED", Name: "suspended vendors"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin/vendors/" + waiting.ID, Name: "application"},
		browsertest.Stop{Who: ada, URL: s.URL + "/admin/vendors/" + suspended.ID, Name: "suspended vendor"},
	)
}
