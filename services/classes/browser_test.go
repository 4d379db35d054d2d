package classes_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/classes/classestest"
	"stepperslife/services/classes/domain"
)

// TestBrowserSeriesWaitlistAttendance drives a real Chromium: an instructor creates
// and publishes a series on the dashboard; a student enrols on the class page;
// another joins the waitlist and is seated when the first cancels; the instructor
// takes attendance on a phone-sized window. With CLASSES_SCREENSHOTS set to a
// folder, the pages are also saved there at 390 and 1280 pixels wide.
func TestBrowserSeriesWaitlistAttendance(t *testing.T) {
	browsertest.Require(t)
	s := classestest.Start(t, classestest.Options{})
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 3*time.Minute)
	defer cancel()
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
	get := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	signInAs := func(u *auth.User) {
		t.Helper()
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
			Value: hosttest.Token(u), URL: s.URL, Path: "/"}); err != nil {
			t.Fatal(err)
		}
	}
	shots := os.Getenv("CLASSES_SCREENSHOTS")
	shoot := func(name string) {
		t.Helper()
		if shots == "" {
			return
		}
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
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

	// The instructor creates a two-seat free series and publishes it.
	signInAs(teacher)
	run(chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(s.URL+"/dashboard"),
		chromedp.WaitVisible(`#new-class`),
		chromedp.SendKeys(`#new-class input[name=title]`, "Browser Steppin"),
		chromedp.SendKeys(`#new-class input[name=venue]`, "Chicago Cultural Center"),
		chromedp.SetValue(`#new-class input[name=firstSessionAt]`, classestest.NextWeekday7PM(7, time.Tuesday).In(domain.Chicago).Format("2006-01-02T15:04")),
		chromedp.SetValue(`#new-class input[name=capacity]`, "1"),
		chromedp.SetValue(`#new-class input[name=weeks]`, "4"),
		chromedp.Click(`#new-class button[type=submit]`),
		chromedp.WaitVisible(`li[data-class="Browser Steppin"][data-status="DRAFT"]`),
		chromedp.Click(`li[data-class="Browser Steppin"] button.publish`),
		chromedp.WaitVisible(`li[data-class="Browser Steppin"][data-status="PUBLISHED"]`))
	shoot("dashboard")
	classPage, err := chromedp.Run(ctx, chromedp.AttributeValue(`li[data-class="Browser Steppin"] a[href^="/classes/"]`, "href"))
	if err != nil {
		t.Fatal(err)
	}

	// A student enrols; a second joins the waitlist.
	a, b := classestest.StudentN(1), classestest.StudentN(2)
	signInAs(a)
	run(chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.URL+classPage.Value),
		chromedp.WaitVisible(`#enrol-form`),
		chromedp.Click(`#enrol-form button[type=submit]`),
		chromedp.WaitVisible(`#enrollment-status[data-status="CONFIRMED"]`))
	shoot("enrolled")
	enrolmentA := get(chromedp.Location())
	signInAs(b)
	run(chromedp.Navigate(s.URL+classPage.Value),
		chromedp.WaitVisible(`#enrol-form`))
	shoot("class-full")
	run(chromedp.Click(`#enrol-form button[type=submit]`),
		chromedp.WaitVisible(`#position[data-position="1"]`))
	shoot("waitlisted")
	enrolmentB := get(chromedp.Location())

	// The first cancels: the second is seated at once.
	signInAs(a)
	run(chromedp.Navigate(enrolmentA),
		chromedp.WaitVisible(`#cancel`),
		chromedp.Click(`#cancel button`),
		chromedp.WaitVisible(`#enrollment-status[data-status="CANCELLED"]`))
	signInAs(b)
	run(chromedp.Navigate(enrolmentB), chromedp.WaitVisible(`#enrollment-status[data-status="CONFIRMED"]`))

	// The instructor, on a phone, marks everyone present, then the student late.
	signInAs(teacher)
	run(chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.URL+"/dashboard"),
		chromedp.WaitVisible(`li[data-class="Browser Steppin"]`),
		chromedp.Click(`li[data-class="Browser Steppin"] a.button`),
		chromedp.WaitVisible(`#all-present`),
		chromedp.Click(`#all-present`),
		chromedp.WaitVisible(`li[data-student="Student 2"][data-mark="PRESENT"]`),
		chromedp.Click(`li[data-student="Student 2"] input[value="LATE"]`),
		chromedp.Click(`#save-attendance`),
		chromedp.WaitVisible(`li[data-student="Student 2"][data-mark="LATE"]`))
	shoot("roster")
	if body := get(chromedp.Text(`#roster`)); !strings.Contains(body, "Student 2") || strings.Contains(body, "Student 1") {
		t.Fatalf("roster: %q", body)
	}
	var marked string
	if err := s.Instance.Deps.DB.QueryRow(`SELECT status FROM attendance`).Scan(&marked); err != nil || marked != "LATE" {
		t.Fatalf("attendance stored: %q %v", marked, err)
	}
}
