package imaging

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http/httptest"
	"testing"

	"stepperslife/internal/kit/blob"
)

// photo is a picture with a photograph's smooth shading and fine grain.
func photo(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(7)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			grain := int(seed>>28) - 8
			clamp := func(v int) uint8 { return uint8(max(0, min(255, v))) }
			img.Set(x, y, color.RGBA{clamp(x*255/w + grain), clamp(y*255/h + grain), clamp(128 + (x-y)/4 + grain), 255})
		}
	}
	return img
}

// pngOf is img as an upload.
func pngOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// savedPicture is img uploaded to a fresh store under prefix: the store, the key it
// was kept under and the upload.
func savedPicture(t *testing.T, img image.Image, prefix string) (blob.Store, string, []byte) {
	t.Helper()
	store, err := blob.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	upload := pngOf(t, img)
	key, err := Save(context.Background(), store, upload, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return store, key, upload
}

// An upload is kept as JPEG and as a smaller WebP twin; a browser that takes WebP
// gets the twin, any other the JPEG.
func TestSaveKeepsASmallerWebPTwin(t *testing.T) {
	ctx := context.Background()
	store, key, _ := savedPicture(t, photo(640, 400), "flyers/e1")
	read := func(accept string) ([]byte, blob.Info) {
		r := httptest.NewRequest("GET", "/media/"+key, nil)
		r.Header.Set("Accept", accept)
		rc, info, err := Open(ctx, store, r, key)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		return b, info
	}
	jpg, jinfo := read("image/png,image/*;q=0.8")
	wp, winfo := read("image/avif,image/webp,*/*;q=0.8")
	if jinfo.ContentType != blob.JPEG || winfo.ContentType != "image/webp" {
		t.Fatalf("types: %q and %q", jinfo.ContentType, winfo.ContentType)
	}
	if len(wp) == 0 || len(wp) >= len(jpg) {
		t.Fatalf("WebP %d bytes, JPEG %d", len(wp), len(jpg))
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(wp)); err != nil || format != "webp" {
		t.Fatalf("the twin is not WebP: %q %v", format, err)
	}
	t.Logf("JPEG %d bytes, WebP %d bytes (%.0f%%)", len(jpg), len(wp), 100*float64(len(wp))/float64(len(jpg)))
}
