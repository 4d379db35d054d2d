package imaging

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// Forever is the Cache-Control of a stored picture: its key names its content, so
// an address always means the same bytes and browsers and proxies may keep it for
// a year.
const Forever = "public, max-age=31536000, immutable"

// Serve answers the stored picture key in the form the browser prefers (Open): the
// WebP twin to a browser that takes WebP, the JPEG otherwise. The caller has judged
// the key one of its own and the asker allowed to see it. The answer is cached
// Forever unless the caller set its own Cache-Control (a picture not everyone may
// see). A missing or invalid key is answered 404 in the contract's shape.
//
// The validator is the key's content address and the variant, so a browser that
// holds the picture is answered 304 without reading the bucket.
func Serve(w http.ResponseWriter, r *http.Request, store blob.Store, key string) {
	hd := w.Header()
	if blob.ValidKey(key) != nil {
		hd.Del("Cache-Control")
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	variant := ""
	if AcceptsWebP(r) {
		variant = "-w"
	}
	etag := `"` + strings.TrimSuffix(path.Base(key), path.Ext(key)) + variant + `"`
	hd.Add("Vary", "Accept")
	if hd.Get("Cache-Control") == "" {
		hd.Set("Cache-Control", Forever)
	}
	hd.Set("ETag", etag)
	if matches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	rc, info, err := Open(r.Context(), store, r, key)
	if err != nil {
		// An error is no picture: nothing of it may be kept.
		hd.Del("Cache-Control")
		hd.Del("ETag")
		if errors.Is(err, blob.ErrNotFound) {
			err = errs.NotFound("Image")
		}
		web.WriteError(w, r, err)
		return
	}
	defer rc.Close()
	ct := info.ContentType
	if ct == "" {
		ct = blob.JPEG
	}
	hd.Set("Content-Type", ct)
	hd.Set("X-Content-Type-Options", "nosniff")
	if info.Size > 0 {
		hd.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, rc)
	}
}

// matches reports whether an If-None-Match header names etag (or any: "*").
func matches(ifNoneMatch, etag string) bool {
	if ifNoneMatch == "" {
		return false
	}
	for tag := range strings.SplitSeq(ifNoneMatch, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}
