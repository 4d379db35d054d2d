package images

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"stepperslife/internal/kit/web"
)

func pngOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func TestFlyerScalesDownToWebSize(t *testing.T) {
	out, err := Flyer(pngOf(2400, 1200))
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not a JPEG: %v", err)
	}
	if got := img.Bounds().Size(); got != image.Pt(1200, 600) {
		t.Fatalf("size %v, want 1200x600", got)
	}
}

func TestFlyerNeverUpscales(t *testing.T) {
	out, err := Flyer(pngOf(300, 400))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := jpeg.Decode(bytes.NewReader(out))
	if got := img.Bounds().Size(); got != image.Pt(300, 400) {
		t.Fatalf("size %v, want 300x400", got)
	}
}

func TestFlyerRefusals(t *testing.T) {
	code := func(err error) web.Code {
		var e *web.Error
		if errors.As(err, &e) {
			return e.Code
		}
		return ""
	}
	if _, err := Flyer([]byte("GIF89a not accepted")); code(err) != web.CodeUnsupportedMedia {
		t.Errorf("gif: %v", err)
	}
	if _, err := Flyer(make([]byte, MaxUploadBytes+1)); code(err) != web.CodePayloadTooLarge {
		t.Errorf("too large: %v", err)
	}
	broken := append([]byte("\x89PNG\r\n\x1a\n"), []byte("garbage after the magic")...)
	if _, err := Flyer(broken); code(err) != web.CodeValidation {
		t.Errorf("broken png: %v", err)
	}
}

func TestFit(t *testing.T) {
	for _, c := range []struct{ w, h, ww, wh int }{
		{1200, 1600, 1200, 1600}, {2400, 1600, 1200, 800}, {1000, 3200, 500, 1600}, {5000, 1, 1200, 1},
	} {
		if w, h := fit(c.w, c.h, MaxWidth, MaxHeight); w != c.ww || h != c.wh {
			t.Errorf("fit(%d,%d) = %d,%d want %d,%d", c.w, c.h, w, h, c.ww, c.wh)
		}
	}
}

// A WebP upload (here a 1×1 lossless one) is read by its bytes and stored as JPEG.
func TestFlyerAcceptsWebP(t *testing.T) {
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	out, err := Flyer(webp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
}
