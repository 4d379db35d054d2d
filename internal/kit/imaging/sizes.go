package imaging

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"path"
	"strconv"
	"strings"

	"stepperslife/internal/kit/blob"
)

// Widths are the narrower copies kept beside every stored picture, so a page can
// offer them in srcset: SmallWidth for a list's thumbnail, MediumWidth for a hero
// the width of a phone's screen (about 400 CSS pixels at 2 device pixels each). The
// stored picture itself (at most MaxWidth) serves the rest.
const (
	SmallWidth  = 320
	MediumWidth = 800
)

// Widths lists the narrower copies, narrowest first.
var Widths = []int{SmallWidth, MediumWidth}

// Sized is one narrower copy of a processed picture.
type Sized struct {
	Width, Height int
	Data          []byte
	fitted        image.Image
}

// SizedKey is where the copy of the stored picture key at most width pixels wide
// lives: "menu/ab12.jpg" at 320 is "menu/ab12-w320.jpg". The copy shares the key's
// content address, so it is as cacheable as the picture.
func SizedKey(key string, width int) string {
	ext := path.Ext(key)
	return strings.TrimSuffix(key, ext) + "-w" + strconv.Itoa(width) + ext
}

// OriginalOf is the stored picture key names: key itself, or the picture a narrower
// copy (SizedKey) was made from. Whoever guards a picture guards its copies by it.
func OriginalOf(key string) string {
	if original, ok := sizedOf(key); ok {
		return original
	}
	return key
}

// sizedOf splits a sized key into the stored key it copies; ok is false for any
// other key.
func sizedOf(key string) (original string, ok bool) {
	ext := path.Ext(key)
	stem := strings.TrimSuffix(key, ext)
	for _, w := range Widths {
		if suffix := "-w" + strconv.Itoa(w); strings.HasSuffix(stem, suffix) {
			return strings.TrimSuffix(stem, suffix) + ext, true
		}
	}
	return "", false
}

// sizes makes the narrower copies of the fitted picture out, each only when out is
// wider than it, narrowest first. Each is scaled from the next wider one, which
// reads a quarter of the pixels the picture has for the one below.
func sizes(out image.Image, widths []int) ([]Sized, error) {
	copies := make([]Sized, 0, len(widths))
	from := out
	for i := len(widths) - 1; i >= 0; i-- {
		w := widths[i]
		if out.Bounds().Dx() <= w {
			continue
		}
		small := Fit(from, w, MaxHeight)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, small, &jpeg.Options{Quality: Quality}); err != nil {
			return nil, err
		}
		b := small.Bounds()
		copies = append([]Sized{{Width: b.Dx(), Height: b.Dy(), Data: buf.Bytes(), fitted: small}}, copies...)
		from = small
	}
	return copies, nil
}

// Delete removes a stored picture with its narrower copies and their WebP twins,
// when a picture is replaced. Missing pieces are no error: older pictures have none.
func Delete(ctx context.Context, store blob.Store, key string) error {
	keys := []string{key, WebPKey(key)}
	for _, w := range Widths {
		keys = append(keys, SizedKey(key, w), WebPKey(SizedKey(key, w)))
	}
	var errs []error
	for _, k := range keys {
		if err := store.Delete(ctx, k); err != nil && !errors.Is(err, blob.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Srcset offers a stored picture's address with its narrower copies', for an img's
// srcset: "…-w320.jpg 320w, …-w800.jpg 800w, ….jpg 1200w". It is "" for an address
// that does not end in a stored picture's key (a content address: 32 hex digits
// and .jpg), such as a picture elsewhere on the web, which has no copies. The
// picture is described at MaxWidth, the most it can be; a copy missing (a picture
// stored before copies were made) is answered with the picture (Open).
func Srcset(pictureURL string) string {
	if !storedName(path.Base(pictureURL)) || strings.ContainsAny(pictureURL, "?#, ") {
		return ""
	}
	var b strings.Builder
	for _, w := range Widths {
		b.WriteString(SizedKey(pictureURL, w) + " " + strconv.Itoa(w) + "w, ")
	}
	b.WriteString(pictureURL + " " + strconv.Itoa(MaxWidth) + "w")
	return b.String()
}

// storedName reports whether name is the last part of a key Encode makes.
func storedName(name string) bool {
	hexDigits, ok := strings.CutSuffix(name, ".jpg")
	if !ok || len(hexDigits) != 32 {
		return false
	}
	for _, c := range hexDigits {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
