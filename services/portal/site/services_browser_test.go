package site

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/proctest"
	"stepperslife/internal/kit/words"
)

// TestBrowserServicesJourney is the services directory's whole story in a real
// Chromium, against the real portal and services processes: a provider, signed in
// once at the portal, applies on the directory's own page and adds a photo; an admin
// approves it on the directory's admin page; a customer finds it on stepperslife.com
// by category and by the date of their event, sends a quote request there, reads the
// provider's answer (written on the directory's dashboard) under My SteppersLife, and
// reviews the provider, the review marked as from a customer it answered.
func TestBrowserServicesJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	ports := proctest.FreePorts(t, 2)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	services := proctest.StartWith(t, "services", ports[1], map[string]string{"NEXTAUTH_URL": portalURL})
	portal := proctest.StartPortal(t, ports[0], map[string]string{"services": services.URL})
	p := &platform{portal: portal.URL, portalProc: portal}
	p.account(t, "dj@example.com", auth.RoleServiceProvider)
	p.admin(t, "admin@example.com")
	const business = "Journey Grooves"
	day := time.Now().In(chicago).AddDate(0, 1, 0)

	// The provider applies on the directory's page, signed in at the portal.
	dj := newBrowser(t)
	signInAt(dj, p.portal, "dj@example.com")
	dj.run(chromedp.Navigate(services.URL+"/dashboard/apply"), chromedp.WaitVisible(css(`input[name="businessName"]`)),
		chromedp.SendKeys(css(`input[name="businessName"]`), business),
		chromedp.SendKeys(css(`input[name="tagline"]`), "Steppers sets all night"),
		chromedp.SetValue(css(`select[name="category"]`), "DJ"),
		chromedp.SendKeys(css(`textarea[name="description"]`), "We spin **steppers**, R&B and house."),
		chromedp.SendKeys(css(`input[name="phone"]`), "(312) 555-0142"),
		chromedp.SendKeys(css(`input[name="zip"]`), "60619"),
		chromedp.SetValue(css(`input[name="startingPrice"]`), "450"),
		chromedp.Click(css(`form[action="/dashboard/apply"] button[type="submit"]`)), chromedp.WaitVisible(css(`.flash`)))
	if s := dj.text(".flash"); !strings.Contains(s, business) {
		t.Fatalf("after applying: %q", s)
	}
	photo := filepath.Join(t.TempDir(), "set.png")
	if err := os.WriteFile(photo, stage(t), 0o600); err != nil {
		t.Fatal(err)
	}
	dj.run(chromedp.SetUploadFiles(css(`form[action$="/photos"] input[type="file"]`), []string{photo}),
		chromedp.Click(css(`form[action$="/photos"] button[type="submit"]`)))
	// The banner of the application is still there until the next page replaces it.
	dj.waitText(".flash", "Photo added")

	// An admin approves it on the directory's admin page.
	admin := dj.incognito()
	signInAt(admin, p.portal, "admin@example.com")
	admin.run(chromedp.Navigate(services.URL+"/admin"), chromedp.WaitVisible(css(`#apps-h`)))
	admin.run(chromedp.Click(css(`a[href^="/admin/providers/"]`)), chromedp.WaitVisible(css(`form[action$="/approve"]`)),
		// The decision comes back as a new page with a note: the trail is on both.
		chromedp.Click(css(`form[action$="/approve"] button`)), chromedp.WaitVisible(css(`.flash`)))
	if s := admin.text("h1"); !strings.Contains(s, "Listed") {
		t.Fatalf("after approving: %q", s)
	}

	// A customer finds it on stepperslife.com by category and date.
	cara := dj.incognito()
	register(cara, p.portal, "Cara Customer", "cara@example.com")
	cara.run(chromedp.Navigate(p.portal+"/services"), chromedp.WaitVisible(css(`a[href="/services/categories/dj"]`)),
		chromedp.Click(css(`a[href="/services/categories/dj"]`)), chromedp.WaitVisible(css(`#dir-date`)),
		chromedp.SetValue(css(`#dir-date`), day.Format("2006-01-02")),
		chromedp.Click(css(`form.filter-form button[type="submit"]`)))
	// The category's page shows tiles too: wait for the dated answer, through the
	// form's navigation.
	cara.waitText("#found", "1 business free that day")
	cara.run(chromedp.WaitVisible(css(`a.tile-link`)))
	cara.run(chromedp.Click(css(`a.tile-link`)), chromedp.WaitVisible(css(`form[action$="/inquiries"]`)))
	if where := cara.location(); !strings.HasPrefix(where, p.portal+"/services/") {
		t.Fatalf("the result led to %s, not the portal's provider page", where)
	}
	cara.run(chromedp.SendKeys(css(`input[name="eventType"]`), "Anniversary"),
		chromedp.SetValue(css(`input[name="budget"]`), "600"),
		chromedp.SendKeys(css(`textarea[name="message"]`), "Free for our anniversary set?"),
		chromedp.Click(css(`form[action$="/inquiries"] button[type="submit"]`)), chromedp.WaitVisible(css(`.flash`)))
	thread := cara.location()
	if !strings.HasPrefix(thread, p.portal+"/me/inquiries/") {
		t.Fatalf("after sending: %s", thread)
	}

	// The provider answers from its dashboard.
	dj.run(chromedp.Navigate(services.URL+"/dashboard"), chromedp.WaitVisible(css(`a[href^="/inquiries/"]`)),
		chromedp.Click(css(`a[href^="/inquiries/"]`)), chromedp.WaitVisible(css(`textarea#body`)),
		chromedp.SendKeys(css(`textarea#body`), "Yes — $600 covers five hours."),
		chromedp.Click(css(`form[action$="/messages"] button[type="submit"]`)), chromedp.WaitVisible(css(`.flash`)))

	// The customer reads it under My SteppersLife, then reviews the provider.
	cara.run(chromedp.Navigate(thread), chromedp.WaitVisible(css(`#thread`)))
	if s := cara.text("main"); !strings.Contains(s, "five hours") || !strings.Contains(s, "Answered") {
		t.Fatalf("the thread: %q", s)
	}
	cara.run(chromedp.Click(css(`dd a[href^="/services/"]`)), chromedp.WaitVisible(css(`form[action$="/reviews"]`)),
		chromedp.Click(css(`input[name="rating"][value="5"]`)),
		chromedp.SendKeys(css(`textarea[name="body"]`), "Kept the floor full all night."),
		chromedp.Click(css(`form[action$="/reviews"] button[type="submit"]`)), chromedp.WaitVisible(css(`.flash`)))
	if s := cara.text("#reviews + .flash + ul"); !strings.Contains(s, "Kept the floor full") || !strings.Contains(s, "Hired through SteppersLife") {
		t.Fatalf("the review: %q", s)
	}

	// Each of the portal's services pages at phone and desktop widths: in words, no
	// sideways scroll, no serious axe-core finding. With PORTAL_SCREENSHOTS set to a
	// folder, they are saved there.
	provider := strings.TrimPrefix(cara.location(), p.portal)
	check := browsertest.NewChecker(t, withoutDJ(servicesapi.Words))
	for _, path := range []string{"/services", "/services/categories/dj?eventDate=" + day.Format("2006-01-02"), provider,
		"/me/inquiries", strings.TrimPrefix(thread, p.portal), "/me"} {
		for _, width := range []int64{390, 1280} {
			cara.run(chromedp.EmulateViewport(width, 900), chromedp.Navigate(p.portal+path), chromedp.WaitVisible(css(`main`)))
			name := fmt.Sprintf("%s at %d", path, width)
			check.Require(t, cara.ctx, name)
			if dir := os.Getenv("PORTAL_SCREENSHOTS"); dir != "" {
				shot, err := chromedp.Run(cara.ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				file := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path) + fmt.Sprintf("-%d.png", width)
				if err := os.WriteFile(filepath.Join(dir, file), shot, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// signInAt signs in on the portal's sign-in page; the session serves every service.
func signInAt(b tab, portal, email string) {
	b.t.Helper()
	b.run(chromedp.Navigate(portal+"/signin"), chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), email), chromedp.SendKeys(css(`#password`), password),
		chromedp.Click(css(`#signin-submit`)), chromedp.WaitNotPresent(css(`#signin-submit`)))
}

// stage is a picture of a lit stage, as a portfolio photo.
func stage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for y := range 400 {
		for x := range 600 {
			img.SetRGBA(x, y, color.RGBA{uint8(80 + x/5), 30, uint8(90 + y/4), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withoutDJ is the directory's vocabulary without the category DJ: that machine value
// is also the word people write ("a steppers DJ"), so finding it proves nothing.
func withoutDJ(v words.Vocabulary) words.Vocabulary {
	out := words.Vocabulary{}
	for kind, values := range v {
		out[kind] = words.Words{}
		for value, w := range values {
			if kind != "category" || value != "DJ" {
				out[kind][value] = w
			}
		}
	}
	return out
}
