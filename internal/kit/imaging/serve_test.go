package imaging

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/blob"
)

// Serve answers WebP to a browser that takes it and the JPEG to any other, each with
// its own validator, a year's caching unless the caller chose otherwise, and 404 in
// the contract's shape for a key that holds nothing.
func TestServeNegotiatesWebP(t *testing.T) {
	store, key, _ := savedPicture(t, photo(900, 500), "covers/c1")
	serve := func(method, key string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/media/"+key, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		Serve(w, r, store, key)
		return w
	}
	jpg := serve("GET", key, "Accept", "image/png,image/*;q=0.8")
	wp := serve("GET", key, "Accept", "image/avif,image/webp,*/*;q=0.8")
	if jpg.Code != 200 || jpg.Header().Get("Content-Type") != blob.JPEG || !bytes.HasPrefix(jpg.Body.Bytes(), []byte{0xFF, 0xD8}) {
		t.Fatalf("without WebP: %d %q", jpg.Code, jpg.Header().Get("Content-Type"))
	}
	if wp.Code != 200 || wp.Header().Get("Content-Type") != "image/webp" || !bytes.Contains(wp.Body.Bytes()[:16], []byte("WEBP")) {
		t.Fatalf("with WebP: %d %q", wp.Code, wp.Header().Get("Content-Type"))
	}
	if jpg.Header().Get("ETag") == wp.Header().Get("ETag") || !strings.Contains(wp.Header().Get("Vary"), "Accept") {
		t.Errorf("variants: etags %q %q, vary %q", jpg.Header().Get("ETag"), wp.Header().Get("ETag"), wp.Header().Get("Vary"))
	}
	if cc := jpg.Header().Get("Cache-Control"); cc != Forever {
		t.Errorf("Cache-Control %q", cc)
	}
	if got := serve("GET", key, "If-None-Match", `"x", `+jpg.Header().Get("ETag")); got.Code != http.StatusNotModified {
		t.Errorf("revalidation answered %d", got.Code)
	}
	if got := serve("GET", key, "Accept", "image/webp", "If-None-Match", jpg.Header().Get("ETag")); got.Code != 200 {
		t.Errorf("the JPEG's validator revalidated the WebP answer: %d", got.Code)
	}
	if head := serve("HEAD", key); head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, length %q", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
	}
	// The copies are served the same way.
	small := serve("GET", SizedKey(key, SmallWidth), "Accept", "image/webp")
	if small.Code != 200 || small.Body.Len() >= jpg.Body.Len() {
		t.Errorf("320 copy: %d, %d bytes (picture %d)", small.Code, small.Body.Len(), jpg.Body.Len())
	}
	for _, missing := range []string{"covers/c1/0123456789abcdef0123456789abcdef.jpg", "covers/../x.jpg", ""} {
		got := serve("GET", missing)
		if got.Code != 404 || !strings.Contains(got.Body.String(), `"NOT_FOUND"`) || got.Header().Get("Cache-Control") != "" ||
			got.Header().Get("ETag") != "" {
			t.Errorf("%q: %d %s (cache %q)", missing, got.Code, got.Body, got.Header().Get("Cache-Control"))
		}
	}
	// A picture not everyone may see keeps the caller's caching.
	r := httptest.NewRequest("GET", "/media/"+key, nil)
	w := httptest.NewRecorder()
	w.Header().Set("Cache-Control", "private, no-store")
	Serve(w, r, store, key)
	if w.Code != 200 || w.Header().Get("Cache-Control") != "private, no-store" {
		t.Errorf("private picture: %d %q", w.Code, w.Header().Get("Cache-Control"))
	}
}
