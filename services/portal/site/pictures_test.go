package site

import (
	"strings"
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/imaging"
)

// storedPicture is an address a service answers for a picture it stored: its key
// names the content, and the service keeps narrower copies beside it.
func storedPicture(path string) string { return path + "/0123456789abcdef0123456789abcdef.jpg" }

// The product, class and provider pages offer each stored picture's narrower copies
// in srcset, with the width each is drawn at, and the space it takes set aside.
func TestPortalPagesOfferPicturesNarrowerCopies(t *testing.T) {
	h, f := storeSite(t)
	product := shoes
	product.Images = []storeapi.Image{{ID: "i1", URL: storedPicture("/images/products")}, {ID: "i2", URL: storedPicture("/images/products/2")}}
	f.answers["store GET /api/products/"+product.Slug] = answer(product)
	class := foundations(0)
	class.CoverURL = storedPicture("/media/covers/c1")
	f.answers["classes GET /api/classes/"+class.Slug] = answerJSON(200, class)
	provider := servicesapi.Provider{ID: "p1", Slug: "shutter-steps", Status: "APPROVED", BusinessName: "Shutter Steps",
		Category: "PHOTOGRAPHY", CoverURL: storedPicture("/media/providers/p1"),
		Photos: []servicesapi.Photo{{ID: "ph1", URL: storedPicture("/media/providers/p1")}, {ID: "ph2", URL: storedPicture("/media/providers/p1/2")}}}
	f.answers["services GET /api/providers/"+provider.Slug] = answerJSON(200, provider)

	for _, pg := range []struct {
		path     string
		pictures []string
	}{
		{"/store/products/" + product.Slug, []string{product.Images[0].URL, product.Images[1].URL}},
		{"/classes/" + class.Slug, []string{class.CoverURL}},
		{"/services/" + provider.Slug, []string{provider.CoverURL, provider.Photos[1].URL}},
	} {
		rec := get(t, h, pg.path, false)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", pg.path, rec.Code, rec.Body)
		}
		body := rec.Body.String()
		for _, pic := range pg.pictures {
			small := imaging.SizedKey(pic, imaging.SmallWidth) + " 320w"
			if !strings.Contains(body, small) {
				t.Errorf("%s offers no %q", pg.path, small)
			}
		}
		for _, img := range strings.Split(body, "<img")[1:] {
			tag := img[:strings.Index(img, ">")]
			if strings.Contains(tag, "srcset=") && (!strings.Contains(tag, `sizes="`) || !strings.Contains(tag, `width="`) || !strings.Contains(tag, `height="`)) {
				t.Errorf("%s: an img with srcset lacks sizes, width or height: %s", pg.path, tag)
			}
		}
	}
}
