package magazine_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/proctest"
	"stepperslife/services/magazine/magazinetest"
)

// TestBrowserDraftRejectReviseSchedule drives a real Chromium on a phone-sized window:
// a writer drafts with a cover and an image in the text and submits; an editor sends
// it back with notes; the writer revises and resubmits; the editor schedules it a few
// seconds ahead; at its time it is on stepperslife.com (the real portal's home page),
// whose card opens the article page. Then a reader shares a memory of a legend with a
// photo, an editor approves it on the desk, and it joins the legend's timeline. Every
// page is checked (words not values, no sideways scroll, axe) at 390 and 1280 pixels;
// with MAGAZINE_SCREENSHOTS set to a folder, the pages are saved there too.
func TestBrowserDraftRejectReviseSchedule(t *testing.T) {
	browsertest.Require(t)
	// The real portal (stepperslife.com) in front of the magazine: the article must
	// reach its home page at its time. The magazine knows the portal's address and
	// takes the tests' tokens beside the portal's.
	port := proctest.FreePort(t)
	portalURL := "http://127.0.0.1:" + strconv.Itoa(port)
	s := magazinetest.Start(t, magazinetest.Options{Demo: true, PortalURL: portalURL, TestTokensToo: true})
	portal := proctest.StartPortal(t, port, map[string]string{"magazine": s.URL})
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 8*time.Minute)
	defer cancel()
	check := browsertest.NewChecker(t, magazineapi.Words)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			loc, _ := chromedp.Run(dctx, chromedp.Location())
			text, _ := chromedp.Run(dctx, chromedp.Text("body"))
			t.Fatalf("%v\nat %s:\n%s", err, loc, text)
		}
	}
	signInAs := func(u *auth.User) {
		t.Helper()
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
			Value: hosttest.Token(u), URL: s.URL, Path: "/"}); err != nil {
			t.Fatal(err)
		}
	}
	shots := os.Getenv("MAGAZINE_SCREENSHOTS")
	// look checks the page at both widths (and saves it), then returns to the phone.
	look := func(name string) {
		t.Helper()
		for _, width := range []int64{1280, 390} {
			run(chromedp.EmulateViewport(width, 900))
			check.Require(t, ctx, name+" at "+strconv.FormatInt(width, 10)+"px")
			if shots == "" {
				continue
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, name+"-"+strconv.FormatInt(width, 10)+".png"), png, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cover, picture := filepath.Join(dir, "cover.png"), filepath.Join(dir, "floor.png")
	if err := os.WriteFile(cover, pngOf(t, 1200, 630), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(picture, pngOf(t, 400, 300), 0o600); err != nil {
		t.Fatal(err)
	}

	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(`.featured`))
	look("home")

	// The writer drafts, adds a cover and an image, and submits.
	signInAs(writer)
	run(chromedp.Navigate(s.URL+"/dashboard"),
		chromedp.WaitVisible(`#new-article`),
		chromedp.SendKeys(`#new-article input[name=title]`, "Saturday at the Cultural Center"),
		chromedp.SetValue(`#new-article select[name=category]`, "EVENTS"),
		chromedp.SendKeys(`#new-article textarea[name=body]`, "The floor was full by nine."),
		chromedp.Click(`#new-article button[type=submit]`),
		chromedp.WaitVisible(`#edit-article`),
		chromedp.SetUploadFiles(`#cover-form input[name=image]`, []string{cover}),
		chromedp.SendKeys(`#cover-form input[name=alt]`, "Couples on the ballroom floor"),
		chromedp.Click(`#cover-form button[type=submit]`),
		chromedp.WaitVisible(`//p[contains(., "Cover saved.")]`),
		chromedp.SetUploadFiles(`#image-form input[name=image]`, []string{picture}),
		chromedp.SendKeys(`#image-form input[name=alt]`, "The band on stage"),
		chromedp.Click(`#image-form button[type=submit]`),
		chromedp.WaitVisible(`//p[contains(., "Image added")]`))
	body, err := chromedp.Run(ctx, chromedp.Value(`#edit-article textarea[name=body]`))
	if err != nil || !strings.Contains(body, "![The band on stage](/media/inline/") {
		t.Fatalf("the image is not in the text: %q %v", body, err)
	}
	// Autosave keeps what the writer types without the Save button; the image form
	// still works after it (its version follows).
	const subtitle = "Nine o'clock and the floor was full"
	run(chromedp.SendKeys(`#edit-article input[name=subtitle]`, subtitle),
		chromedp.WaitVisible(`//span[@id="autosave-status"][contains(., "Saved at")]`))
	// A save may land while the keys are still typed; the next one carries the rest.
	preview, err := chromedp.Run(ctx, chromedp.AttributeValue(`a[href^="/articles/"]`, "href"))
	if err != nil || !preview.Exists {
		t.Fatalf("no preview link: %v", err)
	}
	for deadline := time.Now().Add(30 * time.Second); s.Get(writer, strings.TrimPrefix(preview.Value, "/articles/")).Subtitle != subtitle; {
		if time.Now().After(deadline) {
			t.Fatal("autosave never saved the whole subtitle")
		}
		time.Sleep(200 * time.Millisecond)
	}
	run(chromedp.Reload(),
		chromedp.WaitVisible(`#edit-article`))
	if sub, err := chromedp.Run(ctx, chromedp.Value(`#edit-article input[name=subtitle]`)); err != nil || sub != subtitle {
		t.Fatalf("autosave kept %q %v", sub, err)
	}
	look("edit")
	run(chromedp.Click(`#submit-form button`), chromedp.WaitVisible(`//p[contains(., "Sent to the editors.")]`))

	// The editor sends it back with notes.
	signInAs(editor)
	run(chromedp.Navigate(s.URL+"/admin"),
		chromedp.WaitVisible(`li[data-article="Saturday at the Cultural Center"]`))
	look("desk")
	run(chromedp.Click(`li[data-article="Saturday at the Cultural Center"] a`),
		chromedp.WaitVisible(`#reject-form`))
	look("review")
	run(chromedp.SendKeys(`#reject-form textarea[name=notes]`, "Name the band and the DJ."),
		chromedp.Click(`#reject-form button`),
		chromedp.WaitVisible(`//p[contains(., "Sent back to the writer")]`))

	// The writer reads the notes, revises and resubmits.
	signInAs(writer)
	run(chromedp.Navigate(s.URL+"/dashboard"),
		chromedp.WaitVisible(`#sent-back li[data-status="REJECTED"]`))
	look("dashboard")
	if notes, _ := chromedp.Run(ctx, chromedp.Text(`#sent-back`)); !strings.Contains(notes, "Name the band and the DJ.") {
		t.Fatalf("the notes are not on the dashboard: %q", notes)
	}
	run(chromedp.Click(`#sent-back a`),
		chromedp.WaitVisible(`#edit-article`),
		chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector('#edit-article textarea[name=body]'); b.value += "\n\nThe Chosen Few band played; DJ Sam closed the night." })()`),
		chromedp.Click(`#edit-article button[type=submit]`),
		chromedp.WaitVisible(`#submit-form`),
		chromedp.Click(`#submit-form button`),
		chromedp.WaitVisible(`//p[contains(., "Sent to the editors.")]`))
	slug, err := chromedp.Run(ctx, chromedp.AttributeValue(`a[href^="/articles/"]`, "href"))
	if err != nil || !slug.Exists {
		t.Fatalf("no preview link: %v", err)
	}

	// The editor schedules it a few seconds ahead.
	signInAs(editor)
	at := time.Now().Add(4 * time.Second).In(chicago)
	if at.Second() == 0 { // the browser writes hh:mm:00 as hh:mm, which SetValue would take for a refusal
		at = at.Add(time.Second)
	}
	run(chromedp.Navigate(s.URL+"/admin"),
		chromedp.Click(`li[data-article="Saturday at the Cultural Center"] a`),
		chromedp.WaitVisible(`#publish-form`),
		chromedp.SetValue(`#publish-form input[name=publishAt]`, at.Format("2006-01-02T15:04:05")),
		chromedp.Click(`#publish-form button`),
		chromedp.WaitVisible(`//p[contains(., "Scheduled for")]`))

	// Not on stepperslife.com before its time.
	// Signed out: the tests' tokens mean nothing to the portal.
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	run(chromedp.Navigate(portal.URL+"/"), chromedp.WaitVisible(`main h1`))
	if home, _ := chromedp.Run(ctx, chromedp.Text(`main`)); strings.Contains(home, "Saturday at the Cultural Center") {
		t.Fatal("the portal shows the article before its time")
	}

	// At its time the article is on the portal's home page, and its card opens it.
	card := `//a[contains(@class, "tile-link")][contains(., "Saturday at the Cultural Center")]`
	deadline := time.Now().Add(45 * time.Second)
	for {
		run(chromedp.Navigate(portal.URL+"/"), chromedp.WaitVisible(`main h1`))
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.evaluate('`+card+`', document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`)); n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduled article never appeared on stepperslife.com")
		}
		time.Sleep(500 * time.Millisecond)
	}
	if at.After(time.Now()) {
		t.Fatal("the article appeared before its time")
	}
	look("portal-home")
	run(chromedp.Click(card), chromedp.WaitVisible(`article.article img.cover`))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != s.URL+slug.Value {
		t.Errorf("the portal's card led to %s, not the article at %s", loc, s.URL+slug.Value)
	}
	signInAs(reader)
	run(chromedp.Reload(), chromedp.WaitVisible(`article.article img.cover`))
	text, _ := chromedp.Run(ctx, chromedp.Text(`article.article`))
	if !strings.Contains(text, "DJ Sam closed the night") {
		t.Errorf("the article lacks the revision: %q", text)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const img = document.querySelector('.prose img'); return img.decode().then(() => img.naturalWidth > 0) })()`, chromedp.EvalAwaitPromise))
	if err != nil || !loaded {
		t.Errorf("the image in the text did not load: %v", err)
	}
	look("article")

	// The other pages readers land on, and a reader on the writers' dashboard.
	for name, path := range map[string]string{"section": "/category/history", "tag": "/tags/chicago",
		"writer": "/writers/demo-writer-delores", "search-nothing": "/?q=no+such+story", "missing": "/articles/no-such-story",
		"dashboard-refused": "/dashboard", "desk-refused": "/admin"} {
		run(chromedp.Navigate(s.URL+path), chromedp.WaitVisible(`main h1`))
		look(name)
	}

	// Legends & memories: a reader shares a memory with a photo; no one sees it until
	// an editor approves it on the desk; then it is on the legend's timeline.
	const memory = "Lou taught my mother the basic in a church basement on 71st Street."
	run(chromedp.Navigate(s.URL+"/"), chromedp.Click(`a[href="/legends"]`), chromedp.WaitVisible(`li[data-legend="sweet-lou-carter"]`))
	look("legends")
	run(chromedp.Click(`li[data-legend="sweet-lou-carter"] a`), chromedp.WaitVisible(`#memory-form`))
	look("legend")
	run(chromedp.SendKeys(`#memory-form textarea[name=body]`, memory),
		chromedp.SendKeys(`#memory-form input[name=year]`, "1992"),
		chromedp.SetUploadFiles(`#memory-form input[name=image]`, []string{picture}),
		chromedp.SendKeys(`#memory-form input[name=photoAlt]`, "My mother and Lou"),
		chromedp.Click(`#memory-form button[type=submit]`),
		chromedp.WaitVisible(`//p[contains(., "your memory is with the editors")]`))
	if page, _ := chromedp.Run(ctx, chromedp.Text(`main`)); strings.Contains(page, "church basement") {
		t.Fatal("the memory shows before an editor approved it")
	}
	signInAs(editor)
	run(chromedp.Navigate(s.URL+"/admin"), chromedp.Click(`a[href="/admin/memories"]`),
		chromedp.WaitVisible(`//ul[@id="pending-memories"]//a[contains(., "Rita Reader")]`))
	look("memories-waiting")
	run(chromedp.Click(`//ul[@id="pending-memories"]//a[contains(., "Rita Reader")]`), chromedp.WaitVisible(`#approve-form`))
	look("memory-review")
	run(chromedp.Click(`#approve-form button`), chromedp.WaitVisible(`//p[contains(., "Approved")]`))
	if hist, _ := chromedp.Run(ctx, chromedp.Text(`.trail`)); !strings.Contains(hist, "approved the memory") || !strings.Contains(hist, "shared the memory") {
		t.Errorf("the memory's history: %q", hist)
	}
	run(chromedp.Navigate(s.URL+"/admin/legends"), chromedp.WaitVisible(`#new-legend`))
	look("admin-legends")
	run(chromedp.Click(`li[data-legend="sweet-lou-carter"] a`), chromedp.WaitVisible(`#edit-legend`))
	look("admin-legend")
	signInAs(reader)
	run(chromedp.Navigate(s.URL+"/legends/sweet-lou-carter"), chromedp.WaitVisible(`.timeline .remembered`))
	if tl, _ := chromedp.Run(ctx, chromedp.Text(`.timeline`)); !strings.Contains(tl, "church basement") || !strings.Contains(tl, "1992") {
		t.Errorf("the timeline lacks the memory: %q", tl)
	}
	photo, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const img = document.querySelector('.timeline img[alt="My mother and Lou"]'); return img.decode().then(() => img.naturalWidth > 0) })()`, chromedp.EvalAwaitPromise))
	if err != nil || !photo {
		t.Errorf("the memory's photo did not load: %v", err)
	}
	look("legend-remembered")
}
