package httpapi

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
)

// serveImage answers a stored picture. Keys are content-addressed, so an address
// always means the same bytes: browsers and proxies may keep it for a year.
func (h *Handlers) serveImage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if blob.ValidKey(key) != nil || !(strings.HasPrefix(key, "menu/") || strings.HasPrefix(key, "photos/")) {
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	// WebP to the browsers that take it: the answer varies on Accept, and each
	// variant has its own validator (a key's twin is made with it, never later).
	variant := ""
	if imaging.AcceptsWebP(r) {
		variant = "-w"
	}
	etag := `"` + strings.TrimSuffix(path.Base(key), path.Ext(key)) + variant + `"`
	w.Header().Add("Vary", "Accept")
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if match := r.Header.Get("If-None-Match"); match != "" && (match == etag || match == "*" || strings.Contains(match, etag)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	rc, info, err := imaging.Open(r.Context(), h.Blobs, r, key)
	if errors.Is(err, blob.ErrNotFound) {
		w.Header().Del("Cache-Control")
		w.Header().Del("ETag")
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	if err != nil {
		w.Header().Del("Cache-Control")
		web.WriteError(w, r, err)
		return
	}
	defer rc.Close()
	ct := info.ContentType
	if ct == "" {
		ct = blob.JPEG
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if info.Size > 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(info.Size, 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, rc)
	}
}
