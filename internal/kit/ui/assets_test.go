package ui_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/klauspost/compress/zstd"

	"stepperslife/internal/kit/ui"
)

func TestAssetsAreFingerprintedCompressedAndKept(t *testing.T) {
	css := strings.Repeat(".card{padding:1rem;margin:0 auto}\n", 100)
	a, err := ui.NewAssets("/static/test/", fstest.MapFS{
		"site.css": {Data: []byte(css)},
		"logo.png": {Data: []byte("\x89PNG not really")},
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Mount(mux)
	url := ui.AssetURL("/static/test/site.css")
	if !strings.HasPrefix(url, "/static/test/site.css?v=") || ui.AssetURL("/static/test/none.css") != "/static/test/none.css" {
		t.Fatalf("asset url %q", url)
	}
	get := func(path, enc string, hdr ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Accept-Encoding", enc)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}

	zs := get(url, "gzip, zstd")
	if zs.Code != 200 || zs.Header().Get("Content-Encoding") != "zstd" ||
		zs.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("fingerprinted: %d %v", zs.Code, zs.Header())
	}
	d, _ := zstd.NewReader(zs.Body)
	if b, _ := io.ReadAll(d); string(b) != css {
		t.Fatal("zstd body differs")
	}
	gz := get(url, "gzip, zstd;q=0")
	zr, err := gzip.NewReader(gz.Body)
	if err != nil || gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip: %v %v", err, gz.Header())
	}
	if b, _ := io.ReadAll(zr); string(b) != css {
		t.Fatal("gzip body differs")
	}
	if plain := get(url, ""); plain.Body.String() != css || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("plain: %v", plain.Header())
	}
	if png := get("/static/test/logo.png", "gzip"); png.Header().Get("Content-Encoding") != "" || png.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("an image was encoded: %v", png.Header())
	}
	if old := get("/static/test/site.css?v=0ld", "gzip"); old.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("an old fingerprint is kept a year: %v", old.Header())
	}
	if again := get(url, "gzip", "If-None-Match", zs.Header().Get("ETag")); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Fatalf("revalidation: %d", again.Code)
	}
	if missing := get("/static/test/none.css", "gzip"); missing.Code != http.StatusNotFound {
		t.Fatalf("missing file: %d", missing.Code)
	}
}
