// Package imagingtest checks stored pictures in services' tests: that a demo's drawn
// pictures have their WebP twins embedded (Twins), and that an uploaded picture is
// served with its narrower copies and as WebP to the browsers that take it (Served).
package imagingtest

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"stepperslife/internal/kit/imaging"
)

var write = flag.Bool("write-twins", false, "encode the WebP twins of the drawn pictures into twins/")

// Twins names every twin of pictures that twins (the embedded folder dir) lacks;
// with -write-twins it writes dir afresh instead, dropping the twins of drawings
// that changed. pkg is the demo's package path, for the command that fixes it:
//
//	go test ./services/NAME/demo -run TestDemoPicturesHaveTheirTwins -write-twins
func Twins(t *testing.T, dir string, twins fs.FS, pkg string, pictures []imaging.Drawn) {
	t.Helper()
	if *write {
		prefixes := map[string]bool{}
		for _, p := range pictures {
			prefixes[p.Prefix] = true
		}
		for prefix := range prefixes {
			if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(prefix))); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range pictures {
			if err := imaging.WriteTwins(dir, p.Img, p.Prefix); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, p := range pictures {
		missing, err := imaging.MissingTwins(p.Img, p.Prefix, twins)
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("twins missing: %v; run go test ./%s -run TestDemoPicturesHaveTheirTwins -write-twins", missing, pkg)
		}
	}
}
