package imagingtest

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"

	"stepperslife/internal/kit/imaging"
)

// PNG is a w×h picture with a photograph's smooth shading, as an upload: wider than
// imaging.MediumWidth, it gets every narrower copy.
func PNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8(128 + (x-y)%64), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Served checks the stored picture at url (absolute) as a page uses it: a JPEG to a
// browser that does not take WebP, WebP to one that does, and each narrower copy
// in srcset answered at its width.
func Served(t testing.TB, url string) {
	t.Helper()
	get := func(url, accept string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s (Accept %q): %d %s", url, accept, res.StatusCode, body)
		}
		return res, body
	}
	if res, _ := get(url, "image/png,image/*;q=0.8"); res.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("%s without WebP: %s", url, res.Header.Get("Content-Type"))
	}
	res, body := get(url, "image/avif,image/webp,*/*;q=0.8")
	if res.Header.Get("Content-Type") != "image/webp" || len(body) < 12 || string(body[8:12]) != "WEBP" {
		t.Errorf("%s with WebP: %s", url, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept") {
		t.Errorf("%s does not vary on Accept: %v", url, res.Header)
	}
	srcset := imaging.Srcset(url)
	if srcset == "" {
		t.Fatalf("%s is not a stored picture's address: no srcset", url)
	}
	for _, w := range imaging.Widths {
		_, body := get(imaging.SizedKey(url, w), "")
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(body))
		if err != nil || cfg.Width != w {
			t.Errorf("the %d-wide copy of %s: %d wide (%v)", w, url, cfg.Width, err)
		}
	}
}

// Offered checks that page offers the picture at pictureURL (absolute) in srcset,
// its narrowest copy among the choices, with sizes to choose by; what names the
// page in a failure.
func Offered(t testing.TB, page, pictureURL, what string) {
	t.Helper()
	u, err := neturl.Parse(pictureURL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, imaging.SizedKey(u.Path, imaging.SmallWidth)+" 320w") || !strings.Contains(page, `sizes="`) {
		t.Errorf("%s offers no srcset for %s", what, u.Path)
	}
}
