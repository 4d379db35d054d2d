package imaging

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"stepperslife/internal/kit/errs"
)

func sample(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 255), 255})
		}
	}
	return img
}

// noisy is a picture with fine detail everywhere, like a photograph.
func noisy(w, h int) *image.RGBA {
	img := sample(w, h)
	seed := uint32(1)
	for i := 0; i < len(img.Pix); i += 4 {
		seed = seed*1664525 + 1013904223
		n := uint8(seed >> 27)
		img.Pix[i] += n
		img.Pix[i+1] += n
	}
	return img
}

func code(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestProcessResizesOnce(t *testing.T) {
	// A camera-sized, detailed photo: PNG keeps every pixel, as phones' screenshots do.
	var in bytes.Buffer
	if err := png.Encode(&in, noisy(2000, 1000)); err != nil {
		t.Fatal(err)
	}
	p, err := Process(context.Background(), in.Bytes(), "menu")
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != MaxWidth || p.Height != 600 || p.ContentType != "image/jpeg" {
		t.Fatalf("got %dx%d %s", p.Width, p.Height, p.ContentType)
	}
	if len(p.Data) >= in.Len() {
		t.Fatalf("output %d bytes not smaller than input %d", len(p.Data), in.Len())
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil || cfg.Width != MaxWidth {
		t.Fatalf("output is not the resized JPEG: %v %v", cfg, err)
	}
	again, _ := Process(context.Background(), in.Bytes(), "menu")
	if again.Key != p.Key {
		t.Fatal("key is not content-addressed")
	}
}

func TestProcessRefusals(t *testing.T) {
	if _, err := Process(context.Background(), []byte("GIF89a......"), "menu"); code(err) != errs.CodeUnsupportedMedia {
		t.Fatalf("gif: %v", err)
	}
	if _, err := Process(context.Background(), []byte("\x89PNG\r\n\x1a\nbroken"), "menu"); code(err) != errs.CodeValidation {
		t.Fatalf("broken png: %v", err)
	}
	if _, err := ReadUpload(bytes.NewReader(make([]byte, MaxUploadBytes+1))); code(err) != errs.CodePayloadTooLarge {
		t.Fatalf("too large: %v", err)
	}
	small := sample(40, 30)
	var in bytes.Buffer
	_ = jpeg.Encode(&in, small, nil)
	p, err := Process(context.Background(), in.Bytes(), "menu")
	if err != nil || p.Width != 40 || p.Height != 30 {
		t.Fatalf("small image: %v %dx%d", err, p.Width, p.Height)
	}
}

func TestNeverUpscales(t *testing.T) {
	var in bytes.Buffer
	_ = png.Encode(&in, sample(300, 400))
	p, err := Process(context.Background(), in.Bytes(), "flyers")
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 300 || p.Height != 400 {
		t.Fatalf("size %dx%d, want 300x400", p.Width, p.Height)
	}
}

func TestFitSize(t *testing.T) {
	for _, c := range []struct{ w, h, ww, wh int }{
		{1200, 1600, 1200, 1600}, {2400, 1600, 1200, 800}, {1000, 3200, 500, 1600}, {5000, 1, 1200, 1},
	} {
		if w, h := fitSize(c.w, c.h, MaxWidth, MaxHeight); w != c.ww || h != c.wh {
			t.Errorf("fitSize(%d,%d) = %d,%d want %d,%d", c.w, c.h, w, h, c.ww, c.wh)
		}
	}
}

// A WebP upload (here a 1×1 lossless one) is read by its bytes and stored as JPEG.
func TestAcceptsWebP(t *testing.T) {
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	p, err := Process(context.Background(), webp, "flyers")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(p.Data)); err != nil || p.ContentType != "image/jpeg" {
		t.Fatalf("not a JPEG: %v %s", err, p.ContentType)
	}
}
