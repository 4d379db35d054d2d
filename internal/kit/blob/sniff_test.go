package blob_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"stepperslife/internal/kit/blob"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := enc(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// webpHeader is the start of a real lossy WebP file: RIFF size WEBP VP8.
var webpHeader = []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00")

func TestSniffImageAcceptsByBytes(t *testing.T) {
	jpg := encoded(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) })
	pngBytes := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"jpeg", jpg, blob.JPEG},
		{"png", pngBytes, blob.PNG},
		{"webp", webpHeader, blob.WebP},
		// The client's file name and claimed type play no part: this is "photo.jpg"
		// sent as image/jpeg, yet its bytes are a PNG.
		{"png named .jpg", pngBytes, blob.PNG},
	} {
		got, ok := blob.SniffImage(c.b)
		if !ok || got != c.want {
			t.Errorf("%s: SniffImage = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}

func TestSniffImageRefusesEverythingElse(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":         nil,
		"text":          []byte("just some words"),
		"html":          []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
		"svg":           []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`),
		"gif":           []byte("GIF89a\x01\x00\x01\x00"),
		"wav in riff":   []byte("RIFF\x24\x00\x00\x00WAVEfmt "),
		"cut jpeg":      {0xFF, 0xD8},
		"cut png":       []byte("\x89PNG\r\n"),
		"cut webp":      []byte("RIFF\x24\x00\x00\x00WEB"),
		"pdf":           []byte("%PDF-1.7\n"),
		"html then png": append([]byte("<html>"), []byte("\x89PNG\r\n\x1a\n")...),
	} {
		if ct, ok := blob.SniffImage(b); ok {
			t.Errorf("%s: accepted as %q", name, ct)
		}
	}
}
