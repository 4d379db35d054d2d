package services_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"stepperslife/internal/api/servicesapi"
	st "stepperslife/services/services/servicestest"
)

// pngBytes draws a small picture whose colours depend on shade, so each is distinct.
func pngBytes(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), shade, uint8(y * 5), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPortfolioPhotos(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Shutter Steps"))
	path := "/api/providers/" + p.ID + "/photos"
	s.Must(403, "POST", path, st.OtherOwner, pngBytes(t, 1), "Content-Type", "image/png")
	if r := s.Must(415, "POST", path, st.Owner, []byte("not an image at all"), "Content-Type", "image/png"); r.Code() != "UNSUPPORTED_MEDIA_TYPE" {
		t.Fatalf("text: %s", r.Body)
	}
	var got servicesapi.Provider
	for i := range 20 {
		s.Must(201, "POST", path, st.Owner, pngBytes(t, uint8(i)), "Content-Type", "image/png").JSON(t, &got)
	}
	if len(got.Photos) != 20 || got.CoverURL == "" || got.CoverURL != got.Photos[0].URL {
		t.Fatalf("photos: %d, cover %q", len(got.Photos), got.CoverURL)
	}
	if r := s.Must(409, "POST", path, st.Owner, pngBytes(t, 99), "Content-Type", "image/png"); r.Code() != "CONFLICT" {
		t.Fatalf("21st: %s", r.Body)
	}
	// The pictures are served from the service's own bucket.
	key := got.Photos[3].URL[strings.Index(got.Photos[3].URL, "/media/"):]
	res, err := http.Get(s.URL + key)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
		t.Fatalf("media: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	s.Must(404, "GET", "/media/../secrets", nil, nil)
}
