package imaging

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/gen2brain/webp"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/web"
)

// WebPQuality is the lossy quality of the WebP twin: at 75 a photo is about half
// the JPEG at Quality, and looks the same at page size.
const WebPQuality = 75

// WebPKey is where the WebP twin of the stored JPEG key lives.
func WebPKey(key string) string { return strings.TrimSuffix(key, path.Ext(key)) + ".webp" }

// encodeWebP encodes the fitted picture as WebP (pure Go: a WebAssembly build of
// libwebp run by wazero), or returns nil when that is not smaller than the JPEG.
func encodeWebP(img image.Image, jpegSize int) []byte {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, img, webp.Options{Quality: WebPQuality, Method: 4}); err != nil || buf.Len() >= jpegSize {
		return nil
	}
	return buf.Bytes()
}

// AcceptsWebP reports whether the browser said it takes WebP.
func AcceptsWebP(r *http.Request) bool {
	return web.Quality(r.Header.Get("Accept"), "image/webp") > 0
}

// Open finds the stored picture key in the form the browser prefers: the WebP twin
// when it accepts WebP and one was made, the JPEG otherwise. A narrower copy
// (SizedKey) of a picture stored before copies were made is answered with the
// picture itself. The answer varies on Accept, so the caller says so (Vary: Accept)
// and names the variant in its ETag.
func Open(ctx context.Context, store blob.Store, r *http.Request, key string) (io.ReadCloser, blob.Info, error) {
	rc, info, err := open(ctx, store, r, key)
	if errors.Is(err, blob.ErrNotFound) {
		if original, ok := sizedOf(key); ok {
			return open(ctx, store, r, original)
		}
	}
	return rc, info, err
}

func open(ctx context.Context, store blob.Store, r *http.Request, key string) (io.ReadCloser, blob.Info, error) {
	if path.Ext(key) == ".jpg" && AcceptsWebP(r) {
		rc, info, err := store.Get(ctx, WebPKey(key))
		if err == nil {
			if info.ContentType == "" {
				info.ContentType = "image/webp"
			}
			return rc, info, nil
		}
		if !errors.Is(err, blob.ErrNotFound) {
			return nil, blob.Info{}, err
		}
	}
	return store.Get(ctx, key)
}
