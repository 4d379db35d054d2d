package web_test

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"stepperslife/internal/kit/web"
)

var page = "<!doctype html><title>Steppin</title>" + strings.Repeat("<p>Chicago steppin tonight.</p>", 200)

func htmlPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, page)
}

func getEncoded(t *testing.T, h http.Handler, accept string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if accept != "" {
		req.Header.Set("Accept-Encoding", accept)
	}
	return serve(h, req)
}

func TestCompressNegotiatesTheCallersEncoding(t *testing.T) {
	h := web.Compress(http.HandlerFunc(htmlPage))

	gz := getEncoded(t, h, "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("headers %v", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != page {
		t.Fatalf("gzip body differs: %d bytes", len(b))
	}
	if gz.Body.Len() >= len(page)/4 {
		t.Errorf("gzip sent %d of %d bytes", gz.Body.Len(), len(page))
	}

	zs := getEncoded(t, h, "gzip, deflate, br, zstd")
	if zs.Header().Get("Content-Encoding") != "zstd" {
		t.Fatalf("a browser offering zstd got %q", zs.Header().Get("Content-Encoding"))
	}
	d, _ := zstd.NewReader(zs.Body)
	defer d.Close()
	if b, _ := io.ReadAll(d); string(b) != page {
		t.Fatalf("zstd body differs: %d bytes", len(b))
	}

	plain := getEncoded(t, h, "")
	if plain.Header().Get("Content-Encoding") != "" || plain.Body.String() != page {
		t.Fatalf("a caller asking for nothing got %q", plain.Header().Get("Content-Encoding"))
	}
}

func TestCompressLeavesAloneWhatGainsNothing(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"small": func(w http.ResponseWriter, _ *http.Request) {
			web.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		},
		"image": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = io.WriteString(w, page)
		},
		"encoded already": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "br")
			_, _ = io.WriteString(w, page)
		},
	}
	for name, h := range cases {
		rec := getEncoded(t, web.Compress(h), "gzip, zstd")
		if ce := rec.Header().Get("Content-Encoding"); ce != "" && !(name == "encoded already" && ce == "br") {
			t.Errorf("%s: Content-Encoding %q", name, ce)
		}
	}
}

// An event stream must reach the browser event by event, not when the encoder's
// buffer fills.
func TestCompressPassesEventStreamsThrough(t *testing.T) {
	sent := make(chan struct{})
	srv := httptest.NewServer(web.Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		<-sent
	})))
	defer srv.Close()
	defer close(sent)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Accept-Encoding", "gzip, zstd")
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ce := resp.Header.Get("Content-Encoding"); ce != "" {
		t.Fatalf("event stream encoded %q", ce)
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "data: first\n" {
		t.Fatalf("first event: %q, %v", line, err)
	}
}
