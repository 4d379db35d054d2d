package classes_test

import (
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/imaging/imagingtest"
	"stepperslife/services/classes/classestest"
)

// An uploaded class cover is kept with its narrower copies, served as WebP to the
// browsers that take it, and offered in srcset on the class's page.
func TestClassCoverCopiesWebPAndSrcset(t *testing.T) {
	s := classestest.Start(t, classestest.Options{})
	c := s.PublishedClass("Pictured Basics", 6000, 10, 4)
	var got classesapi.Class
	s.Must(200, "PUT", "/api/classes/"+c.ID+"/cover", classestest.Instructor, imagingtest.PNG(t, 900, 600),
		"Content-Type", "image/png").JSON(t, &got)
	imagingtest.Served(t, got.CoverURL)
	page := string(s.Must(200, "GET", "/classes/"+c.Slug, nil, nil).Body)
	imagingtest.Offered(t, page, got.CoverURL, "the class page")
}
