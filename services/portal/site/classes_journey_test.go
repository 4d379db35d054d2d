package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/proctest"
)

// TestBrowserClassesJourney drives a real Chromium against the real portal process
// in front of the real classes process. An instructor registers on the portal,
// takes the instructor role on their account page and, signed in once, creates and
// publishes a one-seat series on the classes service's dashboard. A student finds
// it on the portal's classes page, opens its instructor's page and back, and enrols
// there; a second joins its waitlist on
// the same page and sees their place in line; when the first cancels under My
// SteppersLife, the second is seated at once. The instructor then takes attendance
// on a phone-sized window. With PORTAL_SCREENSHOTS set to a folder, the portal's
// class pages are saved there at 390 and 1280 pixels wide.
func TestBrowserClassesJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes and a browser")
	}
	browsertest.Require(t)
	ports := proctest.FreePorts(t, 2)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	classes := proctest.StartWith(t, "classes", ports[1], map[string]string{"NEXTAUTH_URL": portalURL}).URL
	portal := proctest.StartPortal(t, ports[0], map[string]string{"classes": classes}).URL
	axe := browsertest.Axe(t)
	shots := os.Getenv("PORTAL_SCREENSHOTS")
	look := func(b tab, name string) {
		t.Helper()
		if v, err := browsertest.Audit(b.ctx, axe); err != nil || len(v) > 0 {
			t.Errorf("%s: accessibility: %v %v", name, v, err)
		}
		if wide := b.eval(`document.documentElement.scrollWidth - window.innerWidth`); wide > 0 {
			t.Errorf("%s: %d px wider than the window", name, wide)
		}
		if shots == "" {
			return
		}
		for _, width := range []int64{390, 1280} {
			b.run(chromedp.EmulateViewport(width, 900))
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	const title = "Portal Steppin Series"

	// The instructor registers and takes the role on the portal's account page.
	teacher := newBrowser(t)
	register(teacher, portal, "Iris Instructor", "iris@example.com")
	teacher.run(chromedp.Click(css(`form[action="/account/roles"]:has(input[value="`+auth.RoleInstructor+`"]) button`)),
		chromedp.WaitVisible(css(`.flash`)))
	if roles := teacher.text(`ul.roles`); !strings.Contains(roles, "Instructor") {
		t.Fatalf("roles after taking the instructor role: %q", roles)
	}

	// On the classes service's own dashboard, known from the portal's session: a
	// free four-week series with one seat, published.
	first := time.Now().In(chicago).AddDate(0, 0, 7)
	first = time.Date(first.Year(), first.Month(), first.Day(), 19, 0, 0, 0, chicago)
	teacher.run(chromedp.Navigate(classes+"/dashboard"), chromedp.WaitVisible(css(`#new-class`)),
		chromedp.SendKeys(css(`#new-class input[name=title]`), title),
		chromedp.SendKeys(css(`#new-class input[name=venue]`), "Chicago Cultural Center"),
		chromedp.SetValue(css(`#new-class input[name=firstSessionAt]`), first.Format("2006-01-02T15:04")),
		chromedp.SetValue(css(`#new-class input[name=capacity]`), "1"),
		chromedp.SetValue(css(`#new-class input[name=weeks]`), "4"),
		chromedp.Click(css(`#new-class button[type=submit]`)),
		chromedp.WaitVisible(css(`li[data-class="`+title+`"][data-status="DRAFT"]`)),
		chromedp.Click(css(`li[data-class="`+title+`"] button.publish`)),
		chromedp.WaitVisible(css(`li[data-class="`+title+`"][data-status="PUBLISHED"]`)))

	// The instructor writes a profile through the classes API, signed in at the
	// portal (the gateway passes the portal's token on).
	apiCall(t, portal, login(t, portal, "iris@example.com", password), "PUT", "/api/classes/me/instructor",
		map[string]any{"displayName": "Iris Instructor", "bio": "Steppin since the Checkerboard days.", "styles": []string{"STEPPIN"}})

	// The first student finds the class on the portal and enrols there.
	amy := teacher.incognito()
	register(amy, portal, "Amy Able", "amy@example.com")
	amy.run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(portal+"/classes"))
	amy.until("main", title)
	href := amy.attr(`a.tile-link`, "href")
	if !strings.HasPrefix(href, "/classes/") {
		t.Fatalf("the classes page's card leads to %q, not the portal's class page", href)
	}
	amy.run(chromedp.Click(css(`a.tile-link`)), chromedp.WaitVisible(css(`#enrol-form`)))
	if where := amy.location(); where != portal+href {
		t.Fatalf("the card led to %s", where)
	}
	if s := amy.text("#sessions + ul"); strings.Count(s, "7:00 PM") != 4 || strings.Count(s, "1 seat left") != 4 {
		t.Fatalf("sessions on the class page: %q", s)
	}
	look(amy, "portal-class")
	amy.run(chromedp.Click(css(`a[href^="/instructors/"]`)), chromedp.WaitVisible(css(`#classes`)))
	if s := amy.text("main"); !strings.Contains(s, "Steppin since the Checkerboard days.") || !strings.Contains(s, title) {
		t.Fatalf("the instructor page: %q", s)
	}
	look(amy, "portal-instructor")
	amy.run(chromedp.Click(css(`a.tile-link[href="`+href+`"]`)), chromedp.WaitVisible(css(`#enrol-form`)))
	amy.run(chromedp.Click(css(`#enrol-form button[type=submit]`)), chromedp.WaitVisible(css(`#enrollment-status[data-status="CONFIRMED"]`)))
	if where := amy.location(); !strings.HasPrefix(where, portal+"/") {
		t.Fatalf("enrolling left the portal for %s", where)
	}
	look(amy, "portal-enrolled")

	// The second finds it full and joins the waitlist on the same page.
	ben := teacher.incognito()
	register(ben, portal, "Ben Baker", "ben@example.com")
	ben.run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(portal+href), chromedp.WaitVisible(css(`#enrol-form`)))
	if s := ben.text(`#enrol-form button[type=submit]`); s != "Join the waitlist" {
		t.Fatalf("the full class's button says %q", s)
	}
	look(ben, "portal-class-full")
	ben.run(chromedp.Click(css(`#enrol-form button[type=submit]`)), chromedp.WaitVisible(css(`#position[data-position="1"]`)))
	look(ben, "portal-waitlisted")
	ben.run(chromedp.Navigate(portal+"/me/classes"), chromedp.WaitVisible(css(`#waiting`)))
	if s := ben.text(`section[aria-labelledby="waiting"]`); !strings.Contains(s, title) || !strings.Contains(s, "Number 1 in line") {
		t.Fatalf("Ben's waitlist place: %q", s)
	}

	// The first cancels under My SteppersLife; the second is seated at once.
	amy.run(chromedp.Navigate(portal + "/me"))
	amy.until(`section[aria-labelledby="sec-classes"]`, title)
	amy.run(chromedp.Click(css(`section[aria-labelledby="sec-classes"] a.more`)), chromedp.WaitVisible(css(`#enrolled`)))
	look(amy, "portal-my-classes")
	amy.run(chromedp.Click(css(`section[aria-labelledby="enrolled"] form.cancel button`)), chromedp.WaitVisible(css(`.flash`)))
	if s := amy.text("main"); !strings.Contains(s, "cancelled") || !strings.Contains(s, "Earlier") {
		t.Fatalf("after cancelling: %q", s)
	}
	ben.run(chromedp.Reload(), chromedp.WaitVisible(css(`section[aria-labelledby="enrolled"] li[data-status="CONFIRMED"]`)))
	if n := ben.eval(`document.querySelectorAll('#waiting').length`); n != 0 {
		t.Fatalf("Ben is still shown in line after being seated")
	}

	// The instructor, on a phone, marks everyone present, then Ben late.
	teacher.run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(classes+"/dashboard"),
		chromedp.WaitVisible(css(`li[data-class="`+title+`"]`)),
		chromedp.Click(css(`li[data-class="`+title+`"] a.button`)),
		chromedp.WaitVisible(css(`#all-present`)),
		chromedp.Click(css(`#all-present`)),
		chromedp.WaitVisible(css(`li[data-student="Ben Baker"][data-mark="PRESENT"]`)),
		chromedp.Click(css(`li[data-student="Ben Baker"] input[value="LATE"]`)),
		chromedp.Click(css(`#save-attendance`)),
		chromedp.WaitVisible(css(`li[data-student="Ben Baker"][data-mark="LATE"]`)))
	if s := teacher.text(`#roster`); !strings.Contains(s, "Ben Baker") || strings.Contains(s, "Amy Able") {
		t.Fatalf("the roster: %q", s)
	}
}
