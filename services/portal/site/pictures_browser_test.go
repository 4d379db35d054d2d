package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
)

// TestBrowserPicturesComeInTheSizeShown looks at a restaurant's pictures on the list
// and on its page, on a phone and on a desktop: each img offers the narrower copies
// the service keeps, the browser takes the narrowest that still fills the space
// (a 72-pixel dish never costs the 1200-pixel picture), and nothing shown is blurred
// by a copy narrower than its place.
func TestBrowserPicturesComeInTheSizeShown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	p := newPlatform(t)
	chef := p.account(t, "chef@example.com", auth.RoleRestaurantOwner)
	p.seedRestaurant(t, chef, p.admin(t, "admin@example.com"))
	upload(t, p.portal, chef, "POST", "/api/restaurants/restaurants/"+p.restaurantID+"/photos", wide(1200, 700))
	item := apiCall(t, p.portal, chef, "POST", "/api/restaurants/restaurants/"+p.restaurantID+"/menu/items", map[string]any{
		"name": "Peach Cobbler", "description": "Warm.", "priceCents": 650, "category": "Desserts", "dietary": []string{}, "available": true})
	upload(t, p.portal, chef, "PUT", "/api/restaurants/restaurants/"+p.restaurantID+"/menu/items/"+item["id"].(string)+"/image", wide(800, 600))

	// Each picture, where, and the copy it should come as on each screen.
	type want struct{ sel, phone, desktop string }
	pages := []struct {
		path  string
		ready string
		imgs  []want
	}{
		{"/restaurants", ".tile img", []want{{".tile img", "-w320.jpg", "-w320.jpg"}}},
		{"/restaurants/" + p.restaurantSlug, "img.hero", []want{{"img.hero", "-w800.jpg", "-w800.jpg"}, {".dish img", "-w320.jpg", "-w320.jpg"}}},
	}
	for _, vp := range []browsertest.Viewport{browsertest.Phone, browsertest.Desktop} {
		// A browser of its own: one holding a wider copy already would rightly show it.
		b := newBrowser(t)
		var opts []chromedp.EmulateViewportOption
		if vp.Phone {
			opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		b.run(chromedp.EmulateViewport(vp.Width, vp.Height, opts...))
		for _, pg := range pages {
			b.run(chromedp.Navigate(p.portal+pg.path), chromedp.WaitVisible(css(pg.ready)))
			// Kept pages go out compressed once (a restaurant's page stitched around the
			// visitor's own token and key): the browser decodes them to the whole page.
			sizes, err := chromedp.Run(b.ctx, chromedp.Evaluate[struct{ Encoded, Decoded float64 }](`(() => {
				const n = performance.getEntriesByType('navigation')[0];
				return {encoded: n.encodedBodySize, decoded: n.decodedBodySize}; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if sizes.Encoded <= 0 || sizes.Encoded*2 > sizes.Decoded {
				t.Errorf("%s %s: %.0f bytes on the wire for a %.0f-byte page", vp.Name, pg.path, sizes.Encoded, sizes.Decoded)
			}
			for _, w := range pg.imgs {
				// Lazy pictures load once on screen; the check waits for each to decode.
				b.run(chromedp.ScrollIntoView(css(w.sel)), chromedp.Poll[chromedp.Void](`(() => { const i = document.querySelector(`+jsString(w.sel)+`); return i.complete && i.naturalWidth > 0; })()`))
				got, err := chromedp.Run(b.ctx, chromedp.Evaluate[shownPicture](`(() => { const i = document.querySelector(`+jsString(w.sel)+`);
					return {src: i.currentSrc, natural: i.naturalWidth, box: i.getBoundingClientRect().width * devicePixelRatio}; })()`))
				if err != nil {
					t.Fatal(err)
				}
				suffix := w.desktop
				if vp.Phone {
					suffix = w.phone
				}
				if !strings.HasSuffix(got.Src, suffix) {
					t.Errorf("%s %s %s: came as %s, want the %s copy", vp.Name, pg.path, w.sel, got.Src, suffix)
				}
				if got.Natural < got.Box {
					t.Errorf("%s %s %s: a %.0f-pixel copy in a %.0f-pixel place", vp.Name, pg.path, w.sel, got.Natural, got.Box)
				}
			}
			shot(t, b, "pictures-"+vp.Name+strings.ReplaceAll(pg.path, "/", "-"))
		}
	}
}

// shownPicture is the copy an img came as and the pixels it fills.
type shownPicture struct {
	Src     string  `json:"src"`
	Natural float64 `json:"natural"`
	Box     float64 `json:"box"`
}

// wide is a PNG of a gradient, w×h.
func wide(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// upload sends a picture as the request's whole body, as the service's API takes it.
func upload(t *testing.T, base, token, method, path string, data []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "image/png")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
}
