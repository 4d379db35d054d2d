package demo

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"stepperslife/internal/kit/imaging"
)

var writeTwins = flag.Bool("write-twins", false, "encode the WebP twins of the drawn pictures into twins/")

// Every drawn picture has its WebP twins embedded: a drawing that changed without
// its twins written again is named here.
func TestDemoPicturesHaveTheirTwins(t *testing.T) {
	if *writeTwins {
		// Twins of drawings that changed would stay behind otherwise.
		for _, prefix := range []string{"photos", "menu"} {
			if err := os.RemoveAll(filepath.Join("twins", prefix)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, p := range pictures() {
		if *writeTwins {
			if err := imaging.WriteTwins("twins", p.img, p.prefix); err != nil {
				t.Fatal(err)
			}
			continue
		}
		missing, err := imaging.MissingTwins(p.img, p.prefix, twins)
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("twins missing: %v; run go test ./services/restaurants/demo -run TestDemoPicturesHaveTheirTwins -write-twins", missing)
		}
	}
}
