package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Person is who the browser is while it visits a page. A person signed in by a form
// (the portal's sign-in page) is a Person whose SignIn fills it in.
type Person struct {
	// Name tells people apart: a tour signs in again only when it changes.
	Name string
	// SignIn makes the browser this person, starting from a browser with no
	// cookies; nil leaves it signed out.
	SignIn func(ctx context.Context) error
}

// Anonymous is a visitor who has not signed in.
var Anonymous = Person{Name: "anonymous"}

// CookiePerson is a person the browser becomes by holding value in cookie name for
// every site of urls (a test token in the session cookie, say).
func CookiePerson(name, cookie, value string, urls ...string) Person {
	return Person{Name: name, SignIn: func(ctx context.Context) error {
		for _, u := range urls {
			if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: cookie, Value: value, URL: u, Path: "/"}); err != nil {
				return err
			}
		}
		return nil
	}}
}

// Stop is one page of a tour: who opens which address, and what it should answer.
type Stop struct {
	Who Person
	URL string
	// Status is the HTTP status the page answers with; 0 means 200.
	Status int
	// Ready is a CSS selector the page shows once it is ready; empty waits for main.
	Ready string
	// Then acts on the page before it is checked (fill in and send a form), for a
	// state only a person's action shows; the page it ends on is the one checked.
	Then []chromedp.Action[chromedp.Void]
	// Name names the page in failures and screenshots; empty is Who and the path.
	Name string
}

func (s Stop) name() string {
	if s.Name != "" {
		return s.Who.Name + ": " + s.Name
	}
	path := s.URL
	if u, err := url.Parse(s.URL); err == nil {
		path = u.RequestURI()
	}
	return s.Who.Name + ": " + path
}

// Viewport is a screen a tour looks at every page on.
type Viewport struct {
	Name          string
	Width, Height int64
	Phone         bool // mobile and touch emulation
}

// Phone and Desktop are the two screens every page is made for.
var (
	Phone   = Viewport{Name: "phone", Width: 390, Height: 844, Phone: true}
	Desktop = Viewport{Name: "desktop", Width: 1280, Height: 900}
)

// Tour visits pages as the people who use them, on a phone and on a desktop, and
// checks each with Checker.
type Tour struct {
	Checker *Checker
	// Viewports are the screens; empty is Phone then Desktop.
	Viewports []Viewport
	// Screenshots, when set, is a folder that gets a PNG of every page on every screen.
	Screenshots string
	// Never are phrases no page of the tour may show, such as a service "not
	// answering" on a page gathered from services that all run.
	Never []string
}

// StepTimeout bounds one page of a tour, so a hang names the page.
const StepTimeout = time.Minute

// Run visits every stop once per viewport in the one tab of ctx, and fails t with
// every problem found, page by page; it signs the browser in again only when the
// next stop's person differs from the last one's.
func (tr *Tour) Run(t *testing.T, ctx context.Context, stops ...Stop) {
	t.Helper()
	vps := tr.Viewports
	if len(vps) == 0 {
		vps = []Viewport{Phone, Desktop}
	}
	for _, vp := range vps {
		var opts []chromedp.EmulateViewportOption
		if vp.Phone {
			opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.Width, vp.Height, opts...)); err != nil {
			t.Fatalf("tour: %s viewport: %v", vp.Name, err)
		}
		current := ""
		for _, s := range stops {
			if s.Who.Name != current {
				if err := become(ctx, s.Who); err != nil {
					t.Fatalf("tour: becoming %s: %v", s.Who.Name, err)
				}
				current = s.Who.Name
			}
			tr.visit(t, ctx, vp, s)
		}
	}
}

func become(ctx context.Context, p Person) error {
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		return err
	}
	if p.SignIn == nil {
		return nil
	}
	return p.SignIn(ctx)
}

func (tr *Tour) visit(t *testing.T, ctx context.Context, vp Viewport, s Stop) {
	t.Helper()
	where := fmt.Sprintf("%s (%s)", s.name(), vp.Name)
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	res, err := chromedp.Run(sctx, chromedp.NavigateResponse(s.URL))
	if err != nil {
		t.Errorf("%s: opening %s: %v", where, s.URL, err)
		return
	}
	want := s.Status
	if want == 0 {
		want = 200
	}
	if res == nil || int(res.Status) != want {
		status := 0
		if res != nil {
			status = int(res.Status)
		}
		t.Errorf("%s: answered %d, want %d", where, status, want)
	}
	ready := s.Ready
	if ready == "" {
		ready = "main"
	}
	// CSS, not the default search, which also matches text ("main" in "Mains").
	steps := append([]chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.CSS(ready))}, s.Then...)
	if err := chromedp.Do(sctx, steps...); err != nil {
		text, _ := chromedp.Run(sctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		t.Errorf("%s: %v\n%.2000s", where, err, text)
		return
	}
	if tr.Screenshots != "" {
		tr.screenshot(t, sctx, where)
	}
	if len(tr.Never) > 0 {
		text, err := chromedp.Run(sctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err != nil {
			t.Errorf("%s: reading the page: %v", where, err)
		}
		for _, phrase := range tr.Never {
			if strings.Contains(text, phrase) {
				t.Errorf("%s: shows %q", where, phrase)
			}
		}
	}
	tr.Checker.Require(t, sctx, where)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

func (tr *Tour) screenshot(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.MkdirAll(tr.Screenshots, 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(tr.Screenshots, unsafeName.ReplaceAllString(where, "_")+".png"), png, 0o644)
	}
	if err != nil {
		t.Logf("%s: screenshot: %v", where, err)
	}
}
