package store_test

import (
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/imaging/imagingtest"
	"stepperslife/services/store/storetest"
)

// An uploaded product photo is kept with its narrower copies, served as WebP to the
// browsers that take it, and offered in srcset on the product page.
func TestProductPhotoCopiesWebPAndSrcset(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	v := s.Vendor(owner, storetest.ShopBody("Picture Steps"))
	p := s.Product(owner, v.ID, "Pictured Steppers", 8999, 5, "9")
	var img storeapi.Image
	s.Must(201, "POST", "/api/products/"+p.ID+"/images", owner, imagingtest.PNG(t, 900, 600), "Content-Type", "image/png").JSON(t, &img)
	imagingtest.Served(t, img.URL)
	page := string(s.Must(200, "GET", "/products/"+p.Slug, nil, nil).Body)
	imagingtest.Offered(t, page, img.URL, "the product page")
}
