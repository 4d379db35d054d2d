package httpapi

import (
	"net/http"
	"strings"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
)

// serveImage answers a stored picture, as WebP to the browsers that take it.
func (h *Handlers) serveImage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !strings.HasPrefix(key, "menu/") && !strings.HasPrefix(key, "photos/") {
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	imaging.Serve(w, r, h.Blobs, key)
}
