package restaurants_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/proctest"
	"stepperslife/services/restaurants/resttest"
)

// TestBrowserAdminDecidesFromPages is the admin desk end to end, with the real portal
// process and real identity: an admin signs in at the portal, sees two restaurant
// applications on the portal's /admin, follows each to the restaurants service's own
// review page, approves one and rejects the other with a reason, entirely from
// pages; the owner reads the reason on their dashboard; both decisions are in the
// service's audit trail.
func TestBrowserAdminDecidesFromPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the portal")
	}
	b := newBrowser(t)
	portalPort := proctest.FreePort(t)
	e := resttest.Start(t, resttest.Options{PortalURL: fmt.Sprintf("http://127.0.0.1:%d", portalPort)})
	p := startPortal(t, portalPort, e.URL)

	owner := p.account(t, "rita@example.com", "Rita", "RESTAURANT_OWNER")
	p.account(t, "ada@example.com", "Ada")
	p.grantAdmin(t, "ada@example.com")
	apply := func(name, phone string) string {
		return e.Must(201, "POST", "/api/restaurants", nil, map[string]any{"name": name, "cuisine": "Soul food",
			"address": "2 E 75th St, Chicago", "phone": phone, "description": "Smothered chicken and greens"},
			"Authorization", "Bearer "+owner).Map(t)["id"].(string)
	}
	kitchen := apply("Rita's Kitchen", "773-555-0175")
	wings := apply("Sol's Wings", "773-555-0147")
	review := func(id string) string { return `a[href="` + e.URL + `/admin/restaurants/` + id + `"]` }
	const reason = "We could not reach anyone at 773-555-0147; call us to finish the application."

	signIn(b, p.URL, "ada@example.com")
	b.step("open the admin desk", chromedp.Navigate(p.URL+"/admin"), chromedp.WaitVisible(review(kitchen)), chromedp.WaitVisible(review(wings)))
	if got := b.text("#q-restaurants"); !strings.Contains(got, "2") {
		t.Fatalf("restaurants section heading %q, want a count of 2", got)
	}
	shoot(t, b, "desk")

	b.step("follow the first application", chromedp.Click(review(kitchen)), chromedp.WaitVisible("#decide-approve"))
	if got := b.text("main"); !strings.Contains(got, "rita@example.com") || !strings.Contains(got, "773-555-0175") ||
		!strings.Contains(got, "Waiting for approval") {
		t.Fatalf("review page: %q", got)
	}
	shoot(t, b, "review")
	b.step("approve it", chromedp.Click("#decide-approve button"), chromedp.WaitVisible(".flash"))
	if got := b.text("main"); !strings.Contains(got, "Rita's Kitchen: approved.") || !strings.Contains(got, "ada@example.com") ||
		!strings.Contains(b.text("h1"), "Approved") {
		t.Fatalf("after approving: %q", got)
	}

	b.step("back to the desk", chromedp.Navigate(p.URL+"/admin"), chromedp.WaitVisible(review(wings)))
	if b.eval(`document.querySelector('` + strings.ReplaceAll(review(kitchen), `'`, `\'`) + `') !== null`) {
		t.Fatal("the approved application still waits on the desk")
	}
	b.step("follow the second application", chromedp.Click(review(wings)), chromedp.WaitVisible("#decide-reject"))
	b.step("reject it without a reason", chromedp.Evaluate[chromedp.Void](`document.getElementById('reason-reject').removeAttribute('required')`),
		chromedp.Click("#decide-reject button"), chromedp.WaitVisible("#error-reject"))
	if got := b.text("#error-reject"); !strings.Contains(got, "The reason is required") {
		t.Fatalf("rejecting without a reason: %q", got)
	}
	b.step("reject it with a reason", chromedp.SendKeys("#reason-reject", reason),
		chromedp.Click("#decide-reject button"), chromedp.WaitVisible(".flash"))
	if got := b.text("main"); !strings.Contains(got, "Sol's Wings: not approved.") || !strings.Contains(got, reason) ||
		!strings.Contains(b.text("h1"), "Not approved") {
		t.Fatalf("after rejecting: %q", got)
	}
	shoot(t, b, "rejected")
	b.step("the service's own list of decisions", chromedp.Click(`a[href="/admin"]`), chromedp.WaitVisible(".tabs"),
		chromedp.Click(`a[href="/admin?status=REJECTED"]`), chromedp.WaitVisible(`a[href="/admin/restaurants/`+wings+`"]`))
	shoot(t, b, "restaurants-admin")

	// The owner, in a browser of their own, reads the reason on their dashboard.
	octx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The tab opens on the long-lived context: opened under a step's shorter one, it
	// would close when that step ends.
	if err := chromedp.Do(octx); err != nil {
		t.Fatal(err)
	}
	ob := &browser{t: t, ctx: octx}
	signIn(ob, p.URL, "rita@example.com")
	ob.step("open the dashboard", chromedp.Navigate(e.URL+"/dashboard"), chromedp.WaitVisible(".status-reason"))
	if got := ob.text(".status-reason"); !strings.Contains(got, reason) {
		t.Fatalf("the owner's dashboard says %q", got)
	}
	ob.step("open the rejected restaurant", chromedp.Click(`a[href="/dashboard/`+wings+`"]`), chromedp.WaitVisible("#status-reason"))
	if got := ob.text("#status-reason"); !strings.Contains(got, reason) {
		t.Fatalf("the rejected restaurant's dashboard says %q", got)
	}

	trail := dbtest.Strings(t, e.Instance.Deps.DB, `SELECT subject_id || ':' || action || ':' || actor_email || ':' || reason
		FROM kit_audit WHERE subject_kind = 'restaurant' ORDER BY id`)
	want := []string{kitchen + ":approve:ada@example.com:", wings + ":reject:ada@example.com:" + reason}
	if strings.Join(trail, "|") != strings.Join(want, "|") {
		t.Fatalf("audit trail %q, want %q", trail, want)
	}
}

// signIn signs email in at the portal's sign-in page.
func signIn(b *browser, portalURL, email string) {
	b.t.Helper()
	b.step("sign in as "+email, chromedp.Navigate(portalURL+"/signin?next=/account"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email),
		chromedp.SendKeys("#password", "steppin-all-night"),
		chromedp.Click("#signin-submit"),
		chromedp.WaitVisible("#profile-h"))
}

// shoot saves the page at a phone's and a laptop's width into the folder
// STEPPERSLIFE_SCREENSHOTS names, for people to look at; without it, nothing.
func shoot(t *testing.T, b *browser, name string) {
	t.Helper()
	if os.Getenv("STEPPERSLIFE_SCREENSHOTS") == "" {
		return
	}
	for _, width := range []int64{390, 1280} {
		b.run(chromedp.EmulateViewport(width, 844))
		shootAt(t, b, name, width)
	}
	b.run(chromedp.EmulateViewport(1280, 844))
}

// shootAt saves the page, as the viewport of width shows it, like shoot.
func shootAt(t *testing.T, b *browser, name string, width int64) {
	t.Helper()
	dir := os.Getenv("STEPPERSLIFE_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}
