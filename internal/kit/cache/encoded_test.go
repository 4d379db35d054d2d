package cache_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/web"
)

func decode(t *testing.T, encoding string, body []byte) string {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch encoding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	case "zstd":
		zr, err := zstd.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		r = zr
	case "":
	default:
		t.Fatalf("unexpected encoding %q", encoding)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A cached answer is compressed once, when it is computed: every hit sends the kept
// bytes in the encoding the caller accepts, with their length, through the kit's
// compression, which leaves them as they are.
func TestHitsSendTheKeptEncodings(t *testing.T) {
	d := dbtest.SQLite(t, sets...)
	ctx := context.Background()
	for i := range 200 {
		if _, err := d.ExecContext(ctx, "INSERT INTO things (name) VALUES (?)", fmt.Sprintf("steppin thing %03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	var computed atomic.Int64
	h := web.Compress(handler(cache.New(d, nil), d, &computed))
	send := func(method, accept, etag string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/things", nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	plain := send(http.MethodGet, "", "")
	if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(plain.Body.String(), `["steppin thing 000"`) {
		t.Fatalf("identity: %d %v %.40q", plain.Code, plain.Header(), plain.Body.String())
	}
	// A caller taking several gets the smallest of them.
	size := map[string]int{}
	for _, enc := range []string{"br", "gzip", "zstd"} {
		size[enc] = send(http.MethodGet, enc, "").Body.Len()
	}
	smallest := func(encs ...string) string {
		best := encs[0]
		for _, enc := range encs {
			if size[enc] < size[best] {
				best = enc
			}
		}
		return best
	}
	for _, c := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", smallest("br", "gzip", "zstd")},
		{"gzip, zstd", smallest("gzip", "zstd")},
		{"br;q=0, gzip, zstd", smallest("gzip", "zstd")},
		{"gzip", "gzip"},
		{"zstd", "zstd"},
		{"br", "br"},
		{"deflate", ""},
		{"identity", ""},
	} {
		w := send(http.MethodGet, c.accept, "")
		got := w.Header().Get("Content-Encoding")
		if w.Code != 200 || got != c.want {
			t.Fatalf("Accept-Encoding %q: %d, encoding %q", c.accept, w.Code, got)
		}
		if body := decode(t, got, w.Body.Bytes()); body != plain.Body.String() {
			t.Fatalf("%s decodes to %d bytes, not the %d of the answer", c.want, len(body), plain.Body.Len())
		}
		// Compress drops Content-Length when it compresses: a length that matches the
		// bytes sent says they are the kept ones.
		if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(w.Body.Len()) {
			t.Fatalf("%s: Content-Length %q for %d bytes", c.want, cl, w.Body.Len())
		}
		if vary := w.Header().Values("Vary"); len(vary) != 1 || vary[0] != "Accept-Encoding" {
			t.Fatalf("%s: Vary %q", c.want, vary)
		}
		if c.want != "" && w.Body.Len() >= plain.Body.Len()/3 {
			t.Fatalf("%s sends %d of %d bytes", c.want, w.Body.Len(), plain.Body.Len())
		}
	}
	if computed.Load() != 1 {
		t.Fatalf("computed %d times", computed.Load())
	}

	head := send(http.MethodHead, "zstd", "")
	zstdLen := send(http.MethodGet, "zstd", "").Body.Len()
	if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Encoding") != "zstd" ||
		head.Header().Get("Content-Length") != strconv.Itoa(zstdLen) {
		t.Fatalf("HEAD: %d, %d bytes, %v", head.Code, head.Body.Len(), head.Header())
	}

	nm := send(http.MethodGet, "gzip, zstd", plain.Header().Get("ETag"))
	if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || nm.Header().Get("Content-Encoding") != "" {
		t.Fatalf("conditional: %d, %d bytes, %v", nm.Code, nm.Body.Len(), nm.Header())
	}
}

// A small answer gains nothing from compression and is sent as it is.
func TestSmallAnswersAreSentPlain(t *testing.T) {
	d := dbtest.SQLite(t, sets...)
	if _, err := d.ExecContext(context.Background(), "INSERT INTO things (name) VALUES ('a')"); err != nil {
		t.Fatal(err)
	}
	var computed atomic.Int64
	h := web.Compress(handler(cache.New(d, nil), d, &computed))
	r := httptest.NewRequest(http.MethodGet, "/things", nil)
	r.Header.Set("Accept-Encoding", "gzip, zstd")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Header().Get("Content-Encoding") != "" || w.Body.String() != "[\"a\"]\n" {
		t.Fatalf("%d %v %q", w.Code, w.Header(), w.Body.String())
	}
}
