package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
)

// TestBrowserPagesOnPhoneAndDesktop opens the portal's list pages and the account
// page in a real Chromium at 390 px (a phone) and 1280 px, signed in as a customer
// with a ticket and a food order. On each: nothing wider than the screen, no raw
// value in the text, every tile one link named by its title; on the phone, tiles are
// compact rows with the picture on the left. A tap anywhere on a tile opens it. With
// PORTAL_SCREENSHOTS set to a folder, a screenshot of each page is kept there.
func TestBrowserPagesOnPhoneAndDesktop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	p := newPlatform(t)
	p.buyer = p.account(t, "buyer@example.com")
	organizer := p.account(t, "org@example.com", auth.RoleEventOrganizer)
	p.seedEvent(t, 10, organizer)
	putImage(t, p.portal, organizer, "/api/events/events/"+p.eventID+"/flyer")
	p.seedRestaurant(t, p.account(t, "chef@example.com", auth.RoleRestaurantOwner), p.admin(t, "admin@example.com"))
	p.buySomething(t)

	b := newBrowser(t)
	b.run(chromedp.Navigate(p.portal+"/signin?next=/account"), chromedp.WaitVisible(css(`#signin-submit`)),
		chromedp.SendKeys(css(`#email`), "buyer@example.com"), chromedp.SendKeys(css(`#password`), password),
		chromedp.Click(css(`#signin-submit`)), chromedp.WaitVisible(css(`#profile-h`)))

	shots := os.Getenv("PORTAL_SCREENSHOTS")
	pages := []struct{ name, path, sel, want string }{
		{"home", "/", "main", "Portal Test Set"},
		{"events", "/events", `section[aria-labelledby="lead-results"]`, "Portal Test Set"},
		{"events-free", "/events?free=1&category=SET", `section[aria-labelledby="lead-results"]`, "Portal Test Set"},
		{"search", "/search?q=portal", "main", "Portal Test Kitchen"},
		{"search-nothing", "/search?q=zzzz+qqqq", ".nothing", "Check the spelling"},
		{"me", "/me", `section[aria-labelledby="sec-restaurants"]`, "Portal Test Kitchen"},
		{"me-tickets", "/me/tickets", "main", "Portal Test Set"},
		{"me-orders", "/me/orders", "main", "Fried Catfish"},
		{"account", "/account", "#sessions-h + p + ul", "Chrome on Linux"},
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		b.run(chromedp.EmulateViewport(size.width, size.height))
		for _, pg := range pages {
			b.run(chromedp.Navigate(p.portal + pg.path))
			b.until(pg.sel, pg.want)
			where := pg.name + " at " + size.name
			if wide := b.eval(`document.documentElement.scrollWidth - window.innerWidth`); wide > 0 {
				t.Errorf("%s: %d px wider than the screen", where, wide)
			}
			if raw := rawValues(b.html()); len(raw) > 0 {
				t.Errorf("%s shows raw values %q", where, raw)
			}
			// Each tile: one interactive element, a link whose name is the title.
			if bad := b.eval(`[...document.querySelectorAll('.tile')].filter(t =>
				t.querySelectorAll('a,button,input,select,textarea').length !== 1 ||
				t.querySelector('a').textContent.trim() !== t.querySelector('h3').textContent.trim()).length`); bad > 0 {
				t.Errorf("%s: %d tiles are not one link named by their title", where, bad)
			}
			if size.name == "phone" {
				// Compact rows: at most ~130 px tall, the picture left of the words.
				if bad := b.eval(`[...document.querySelectorAll('.tile')].filter(t => {
					const r = t.getBoundingClientRect(), img = t.querySelector('img'),
						body = t.querySelector('.tile-body').getBoundingClientRect();
					if (r.height > 130) return true;
					if (!img) return false;
					const i = img.getBoundingClientRect();
					return i.right > body.left + 1 || i.width > 120; }).length`); bad > 0 {
					t.Errorf("%s: %d tiles are not compact rows", where, bad)
				}
			}
			if shots != "" {
				shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)) // a PNG
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(shots, pg.name+"-"+size.name+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	// The whole tile is the link: a tap on its bottom right corner, far from the
	// title, opens the event.
	b.run(chromedp.Navigate(p.portal+"/events"), chromedp.WaitVisible(css(`section[aria-labelledby="lead-results"] .tile`)))
	b.run(chromedp.Evaluate[chromedp.Void](`(() => { const r = document.querySelector('section[aria-labelledby="lead-results"] .tile').getBoundingClientRect();
		document.elementFromPoint(r.right - 6, r.bottom - 6).click(); })()`), chromedp.WaitVisible(css(`form.buy`)))
	if where := b.location(); where != p.portal+"/events/"+p.eventSlug {
		t.Fatalf("a tap on the tile led to %s", where)
	}
}

// putImage uploads a drawn picture to path through the portal's gateway.
func putImage(t *testing.T, base, token, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	for y := range 600 {
		for x := range 900 {
			img.Set(x, y, color.RGBA{uint8(120 + x/10), 30, uint8(90 + y/8), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("PUT", base+path, &buf)
	req.Header.Set("Content-Type", "image/png")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("PUT %s: %d %s", path, resp.StatusCode, b)
	}
}

// buySomething gets the buyer a ticket and a food order through the portal's pages.
func (p *platform) buySomething(t *testing.T) {
	t.Helper()
	page := pageCall(t, p.portal, p.buyer, "GET", "/events/"+p.eventSlug, nil)
	tier := regexp.MustCompile(`name="qty\.([^"]+)"`).FindStringSubmatch(page)
	if tier == nil {
		t.Fatalf("no ticket form:\n%s", page)
	}
	pageCall(t, p.portal, p.buyer, "POST", "/events/"+p.eventSlug+"/tickets", url.Values{"qty." + tier[1]: {"2"},
		"name": {"Buyer"}, "email": {"buyer@example.com"}, "idempotency_key": {"look-" + p.eventID}})
	page = pageCall(t, p.portal, p.buyer, "GET", "/restaurants/"+p.restaurantSlug, nil)
	dish := regexp.MustCompile(`name="qty\.([^"]+)"`).FindStringSubmatch(page)
	if dish == nil {
		t.Fatalf("no order form:\n%s", page)
	}
	done := pageCall(t, p.portal, p.buyer, "POST", "/restaurants/"+p.restaurantSlug+"/orders",
		url.Values{"qty." + dish[1]: {"2"}, "idempotency_key": {"look-" + p.restaurantID}})
	if !strings.Contains(done, "Thank you") {
		t.Fatalf("food order:\n%s", done)
	}
}

// eval is the whole number expr gives on the tab's page.
func (b tab) eval(expr string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return n
}

// html is the tab's page as it stands.
func (b tab) html() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}
