package services_test

import (
	"testing"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/imaging/imagingtest"
	st "stepperslife/services/services/servicestest"
)

// An uploaded portfolio photo is kept with its narrower copies, served as WebP to
// the browsers that take it, and offered in srcset on the listing's page.
func TestPortfolioPhotoCopiesWebPAndSrcset(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Pictured Steps"))
	var got servicesapi.Provider
	s.Must(201, "POST", "/api/providers/"+p.ID+"/photos", st.Owner, imagingtest.PNG(t, 900, 600), "Content-Type", "image/png").JSON(t, &got)
	if len(got.Photos) != 1 {
		t.Fatalf("photos: %+v", got.Photos)
	}
	imagingtest.Served(t, got.Photos[0].URL)
	page := string(s.Must(200, "GET", "/providers/"+got.Slug, nil, nil).Body)
	imagingtest.Offered(t, page, got.Photos[0].URL, "the listing's page")
}
