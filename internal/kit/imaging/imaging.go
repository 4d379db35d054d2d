// Package imaging turns an uploaded picture (a menu photo, an event flyer) into the one
// web-sized JPEG a service stores in its own bucket and serves: recognised by its
// bytes, decoded once, scaled down once, never up.
package imaging

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	_ "image/png" // registers PNG decoding
	"io"
	"runtime"

	_ "golang.org/x/image/webp" // registers WebP decoding

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
)

// Limits of an upload.
const (
	MaxUploadBytes = 5 << 20
	// MaxPixels refuses decompression bombs: a small file that decodes huge.
	MaxPixels = 50_000_000
	// MaxWidth and MaxHeight bound the stored picture: what a page needs.
	MaxWidth  = 1200
	MaxHeight = 1600
	Quality   = 80
)

// Errors an upload may meet, in the contract's shape.
var (
	ErrTooLarge    = errs.Errorf(errs.CodePayloadTooLarge, "The image may be at most 5 MB.")
	ErrUnsupported = errs.Errorf(errs.CodeUnsupportedMedia, "Send a JPEG, PNG or WebP image.")
	ErrUnreadable  = errs.Errorf(errs.CodeValidation, "The image could not be read; it may be damaged.")
	ErrTooManyPx   = errs.Errorf(errs.CodePayloadTooLarge, "The image has too many pixels (at most 50 megapixels).")
	ErrTooHeavy    = errs.Errorf(errs.CodePayloadTooLarge,
		"The image is too large to process; send a smaller picture (at most about 12 megapixels).")
)

// Processed is a stored-ready picture.
type Processed struct {
	Data        []byte
	ContentType string
	Width       int
	Height      int
	// Sized are the narrower copies (Widths) the picture is wider than.
	Sized []Sized
	// fitted is the scaled picture the JPEG was made from, for its WebP twin.
	fitted image.Image
	// Key is content-addressed: the same picture always gets the same key, so it
	// can be cached forever.
	Key string
}

// ReadUpload reads at most MaxUploadBytes from r, answering ErrTooLarge beyond.
func ReadUpload(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxUploadBytes {
		return nil, ErrTooLarge
	}
	return data, nil
}

// Process checks that data is a JPEG, PNG or WebP image by its bytes, decodes it,
// scales it to fit MaxWidth×MaxHeight and encodes it as JPEG. prefix starts the key
// ("menu", "photos", "flyers").
//
// Memory: one call holds the upload (at most 5 MB), the decoded picture (at most
// MaxDecodeBytes, judged from the header before decoding) and the stored picture
// (at most 1200×1600 RGBA, 7.7 MB) — about 113 MB at worst; at most decodeSlots
// calls decode at once in a process, so decoding never holds more than about
// 230 MB however many uploads arrive together. A caller that leaves (ctx ends) while
// waiting for its turn gives its place up.
func Process(ctx context.Context, data []byte, prefix string) (Processed, error) {
	if len(data) > MaxUploadBytes {
		return Processed{}, ErrTooLarge
	}
	if _, ok := blob.SniffImage(data); !ok {
		return Processed{}, ErrUnsupported
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Processed{}, ErrUnreadable
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Processed{}, ErrUnreadable
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Processed{}, ErrTooManyPx
	}
	need := decodeBytes(data, cfg)
	if need > MaxDecodeBytes {
		return Processed{}, ErrTooHeavy
	}
	release, err := decodeSlots.acquire(ctx)
	if err != nil {
		return Processed{}, err
	}
	defer release()
	if need > heavyDecodeBytes {
		// Reclaim this decode before the next slot opens: left to the collector's own
		// pace, garbage of large decodes piles up to twice the live heap.
		defer runtime.GC()
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Processed{}, ErrUnreadable
	}
	return Encode(src, prefix)
}

// Encode scales img to the web size and encodes it as the stored JPEG, with its
// narrower copies.
func Encode(img image.Image, prefix string) (Processed, error) {
	return encode(img, prefix, Widths)
}

// encode is Encode making the copies of widths only (a subset of Widths).
func encode(img image.Image, prefix string, widths []int) (Processed, error) {
	out := Fit(img, MaxWidth, MaxHeight)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: Quality}); err != nil {
		return Processed{}, err
	}
	copies, err := sizes(out, widths)
	if err != nil {
		return Processed{}, err
	}
	sum := sha256.Sum256(buf.Bytes())
	b := out.Bounds()
	return Processed{
		Data: buf.Bytes(), ContentType: blob.JPEG, Width: b.Dx(), Height: b.Dy(), Sized: copies, fitted: out,
		Key: prefix + "/" + hex.EncodeToString(sum[:16]) + ".jpg",
	}, nil
}

// fitSize scales w×h down to fit maxW×maxH, keeping the aspect ratio.
func fitSize(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	if int64(w)*int64(maxH) > int64(h)*int64(maxW) {
		return maxW, max(1, int(int64(h)*int64(maxW)/int64(w)))
	}
	return max(1, int(int64(w)*int64(maxH)/int64(h))), maxH
}
