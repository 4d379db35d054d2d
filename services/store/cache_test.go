package store_test

import (
	"strings"
	"testing"

	"stepperslife/services/store/storetest"
)

// TestPublicAnswersAreKeptUntilAWrite: the product list, a product, a vendor, the
// feed and the shop's own pages carry an ETag and answer 304 while nothing changed;
// the next read after a write (the last pair sold, a rename) is fresh; signed-in
// answers are never shared — on both databases.
func TestPublicAnswersAreKeptUntilAWrite(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		sh := newShop(t, s)
		html := []string{"Accept", "text/html"}
		list, product, vendor, feed := "/api/products?limit=5", "/api/products/"+sh.shoes.Slug, "/api/vendors/"+sh.steps.Slug, "/api/feed?limit=5"
		home, productPage, vendorPage := "/", "/products/"+sh.shoes.Slug, "/vendors/"+sh.steps.Slug
		etags := map[string]string{}
		s.KeptAll(etags, []string{list, product, vendor, feed})
		s.KeptAll(etags, []string{home, productPage, vendorPage}, html...)
		// The same list asked in another spelling is the same answer.
		if again := s.Kept("/api/products?limit=5&sort=newest&inStock=false"); again != etags[list] {
			t.Errorf("a list in another spelling: %q, was %q", again, etags[list])
		}

		s.Private(product, owner)
		s.Private(vendor, owner)
		if page := string(s.Private(productPage, buyer, html...).Body); !strings.Contains(page, "Bea Buyer") {
			t.Errorf("a signed-in shopper's product page does not name them:\n%s", page)
		}

		// The last pair in size 9 sold: the product shows it sold out at once.
		if _, res := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.shoes.Variants[0].ID, 5))); res.Status != 201 {
			t.Fatalf("checkout: %d %s", res.Status, res.Body)
		}
		if available(t, s, sh.shoes.Slug, 0) != 0 {
			t.Fatal("the product answer still offers the sold-out size")
		}
		s.ChangedAll(etags, []string{list, product}, `"available":0`)
		// Signed out, the page offers no sizes; it is drawn again all the same.
		etags[productPage] = s.Changed(productPage, etags[productPage], "Suede Steppers", html...).Header.Get("ETag")

		s.Must(200, "PATCH", "/api/products/"+sh.shoes.ID, owner, map[string]any{"name": "Suede Gliders"})
		s.ChangedAll(etags, []string{list, product, feed}, "Suede Gliders")
		s.ChangedAll(etags, []string{home, productPage, vendorPage}, "Suede Gliders", html...)

		s.Must(200, "PATCH", "/api/vendors/"+sh.steps.ID, owner, map[string]any{"name": "Smooth Steps Boutique"})
		s.Changed(vendor, etags[vendor], "Smooth Steps Boutique")
		s.Changed(vendorPage, etags[vendorPage], "Smooth Steps Boutique", html...)
		s.Changed(productPage, etags[productPage], "Smooth Steps Boutique", html...)
	})
}
