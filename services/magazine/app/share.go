package app

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/jpeg"
	"strings"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
)

// The share image is what a link preview shows: the cover cut to 1200×630 (1.91:1)
// around its centre, the size Open Graph and Twitter cards ask for.
const (
	ShareWidth  = 1200
	ShareHeight = 630
)

// ShareKey is the stored key of a cover's share image.
func ShareKey(coverKey string) string {
	if coverKey == "" {
		return ""
	}
	return strings.TrimSuffix(coverKey, ".jpg") + "-share.jpg"
}

// ShareImage cuts a stored cover (a JPEG) to the share image's proportions and size.
func ShareImage(cover []byte) ([]byte, error) {
	src, err := jpeg.Decode(bytes.NewReader(cover))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	cw, ch := w, w*ShareHeight/ShareWidth
	if ch > h {
		cw, ch = h*ShareWidth/ShareHeight, h
	}
	crop := image.Rect(0, 0, cw, ch)
	dst := image.NewRGBA(crop)
	draw.Draw(dst, crop, src, image.Pt(b.Min.X+(w-cw)/2, b.Min.Y+(h-ch)/2), draw.Src)
	out := imaging.Fit(dst, ShareWidth, ShareHeight)
	var buf bytes.Buffer
	err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: imaging.Quality})
	return buf.Bytes(), err
}

// putShare stores the share image of a stored cover.
func (s *Service) putShare(ctx context.Context, coverKey string, cover []byte) error {
	share, err := ShareImage(cover)
	if err != nil {
		return err
	}
	return s.blobs.Put(ctx, ShareKey(coverKey), bytes.NewReader(share), int64(len(share)), blob.JPEG)
}

// ShareURL is the public address of an article's share image, or "" without a cover.
func (s *Service) ShareURL(coverKey string) string { return s.ImageURL(ShareKey(coverKey)) }
