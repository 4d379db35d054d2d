package demo

import (
	"testing"

	"stepperslife/internal/kit/imaging/twintest"
)

// Every drawn picture has its WebP twins embedded: a drawing that changed without
// its twins written again is named here.
func TestDemoPicturesHaveTheirTwins(t *testing.T) {
	twintest.Check(t, "twins", twins, "services/restaurants/demo", pictures())
}
