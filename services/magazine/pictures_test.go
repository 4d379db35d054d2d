package magazine_test

import (
	"testing"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/imaging/imagingtest"
	"stepperslife/services/magazine/magazinetest"
)

// An uploaded cover and an image in a body are kept with their narrower copies and
// served as WebP to the browsers that take them; the article's page offers the
// cover's copies in srcset.
func TestCoverCopiesWebPAndSrcset(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Published(writer, "Pictured", "LIFESTYLE")
	var got magazineapi.Article
	s.Must(200, "PUT", "/api/articles/"+a.ID+"/cover?alt=The+floor", writer, imagingtest.PNG(t, 900, 600),
		"Content-Type", "image/png").JSON(t, &got)
	imagingtest.Served(t, got.CoverURL)
	var inline magazineapi.Image
	s.Must(201, "POST", "/api/articles/"+a.ID+"/images?alt=The+crowd", writer, imagingtest.PNG(t, 1000, 500),
		"Content-Type", "image/png").JSON(t, &inline)
	imagingtest.Served(t, s.URL+inline.URL)
	page := string(s.Must(200, "GET", "/articles/"+got.Slug, nil, nil).Body)
	imagingtest.Offered(t, page, got.CoverURL, "the article page")
}
