package web_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/web"
)

func TestHoledFillsEachCallersText(t *testing.T) {
	row := `<li class="tile"><a href="/events/friday-set">Friday Night Steppers Set</a></li>` + "\n"
	page := "<!doctype html><form><input name=csrf value=\"@TOKEN@\">" + strings.Repeat(row, 60) +
		"<input name=key value=\"@KEY@\"></form><p>@TOKEN@ again</p>" + strings.Repeat(row, 20)
	h := web.NewHoled("text/html; charset=utf-8", []byte(page), "@TOKEN@", "@KEY@")
	for _, c := range []struct{ name, token, key string }{
		{"short", "tok-1", "key-1"},
		{"empty token", "", "key-2"},
		{"long key", "tok-3", strings.Repeat("k", 70_000)}, // more than one stored block
	} {
		t.Run(c.name, func(t *testing.T) {
			want := strings.NewReplacer("@TOKEN@", c.token, "@KEY@", c.key).Replace(page)
			for _, accept := range []string{"", "gzip", "br, gzip;q=0.5", "gzip;q=0"} {
				r := httptest.NewRequest(http.MethodGet, "/", nil)
				r.Header.Set("Accept-Encoding", accept)
				w := httptest.NewRecorder()
				h.Write(w, r, http.StatusOK, c.token, c.key)
				body := w.Body.Bytes()
				if w.Header().Get("Content-Length") != fmt.Sprint(len(body)) || w.Header().Get("Vary") != "Accept-Encoding" {
					t.Fatalf("%q: headers %v for %d bytes", accept, w.Header(), len(body))
				}
				gz := web.Quality(accept, "gzip") > 0
				if got := w.Header().Get("Content-Encoding"); (got == "gzip") != gz {
					t.Fatalf("%q: Content-Encoding %q", accept, got)
				}
				if gz {
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					zr.Multistream(false) // one member, as browsers read it
					if body, err = io.ReadAll(zr); err != nil {
						t.Fatalf("%q: %v", accept, err) // a wrong checksum or length fails here
					}
					if c.name == "short" && w.Body.Len() > len(page)/5 {
						t.Fatalf("gzip sends %d of %d bytes", w.Body.Len(), len(page))
					}
				}
				if string(body) != want {
					t.Fatalf("%q: the answer is not the page with its holes filled", accept)
				}
			}
		})
	}
}

func TestHoledWithoutMarksIsTheWholeBody(t *testing.T) {
	h := web.NewHoled("text/plain", []byte("nothing to fill"), "@X@")
	r := httptest.NewRequest(http.MethodHead, "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	h.Write(w, r, http.StatusOK, "unused")
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") == "0" {
		t.Fatalf("HEAD: %d, %d bytes, %v", w.Code, w.Body.Len(), w.Header())
	}
	r.Method = http.MethodGet
	w = httptest.NewRecorder()
	h.Write(w, r, http.StatusOK, "unused")
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(zr); err != nil || string(b) != "nothing to fill" {
		t.Fatalf("%q %v", b, err)
	}
}
