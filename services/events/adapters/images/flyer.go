// Package images turns an uploaded flyer into the one web-sized JPEG the service
// stores and serves: decoded by its bytes (JPEG, PNG or WebP), scaled once, never
// upscaled.
package images

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // registers PNG decoding
	"net/http"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP decoding

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/web"
)

// Limits of a flyer upload and of the stored image.
const (
	MaxUploadBytes = 5 << 20
	MaxWidth       = 1200
	MaxHeight      = 1600
	// maxPixels refuses decompression bombs before decoding them.
	maxPixels = 40_000_000
)

// ErrTooLarge and ErrUnsupported are the contract answers for bad uploads.
var (
	ErrTooLarge    = web.Errorf(web.CodePayloadTooLarge, "A flyer may be at most 5 MB.")
	ErrUnsupported = web.Errorf(web.CodeUnsupportedMedia, "Send the flyer as a JPEG, PNG or WebP image.")
	errUnreadable  = &web.Error{Code: web.CodeValidation, Message: "The image could not be read.", Status: http.StatusBadRequest}
)

// Flyer resizes an upload to web size and encodes it as JPEG.
func Flyer(data []byte) ([]byte, error) {
	if len(data) > MaxUploadBytes {
		return nil, ErrTooLarge
	}
	if _, ok := blob.SniffImage(data); !ok {
		return nil, ErrUnsupported
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errUnreadable
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, web.Invalid(map[string]string{"image": fmt.Sprintf("is %dx%d; at most 40 megapixels", cfg.Width, cfg.Height)})
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, errUnreadable
	}
	w, h := fit(src.Bounds().Dx(), src.Bounds().Dy(), MaxWidth, MaxHeight)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// JPEG has no alpha: transparent parts become white, not black.
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 82}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// fit scales w×h down to fit maxW×maxH, keeping the aspect ratio.
func fit(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	if w*maxH > h*maxW {
		return maxW, max(1, h*maxW/w)
	}
	return max(1, w*maxH/h), maxH
}
