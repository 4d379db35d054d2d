package services_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	st "stepperslife/services/services/servicestest"
)

// The provider works its inbox on the dashboard: requests by status, the thread
// answered from its page, a review answered; nobody else reads the thread.
func TestDashboardInboxAndThread(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Inbox Beats"))
	day := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	var q servicesapi.Inquiry
	s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer,
		map[string]any{"message": "Free that Saturday?", "eventDate": day, "budgetCents": 50000}).JSON(t, &q)
	var rv servicesapi.Review
	s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.CustomerN(3), map[string]any{"rating": 4, "body": "Good"}).JSON(t, &rv)

	code, body := page(t, s.Browser(st.Owner), s.URL+"/dashboard")
	if code != 200 || !strings.Contains(body, "/inquiries/"+q.ID) || !strings.Contains(body, "New (1)") ||
		!strings.Contains(body, "/dashboard/reviews/"+rv.ID+"/reply") {
		t.Fatalf("dashboard %d:\n%s", code, body)
	}
	for _, u := range []*auth.User{st.OtherOwner, st.CustomerN(7)} {
		if code, _ := page(t, s.Browser(u), s.URL+"/inquiries/"+q.ID); code != 404 {
			t.Fatalf("%s opened the thread: %d", u.ID, code)
		}
	}
	code, body = page(t, s.Browser(st.Owner), s.URL+"/inquiries/"+q.ID)
	if code != 200 || !strings.Contains(body, "Free that Saturday?") || !strings.Contains(body, "$500.00") {
		t.Fatalf("thread %d:\n%s", code, body)
	}
	code, body = post(t, s, st.Owner, "/inquiries/"+q.ID+"/messages", url.Values{"body": {"Yes — $500 covers five hours."}})
	if code != 200 || !strings.Contains(body, "five hours") || !strings.Contains(body, "Answered") {
		t.Fatalf("reply %d:\n%s", code, body)
	}
	if code, body = post(t, s, st.Owner, "/inquiries/"+q.ID+"/messages", url.Values{"body": {"  "}}); code != 400 ||
		!strings.Contains(body, `role="alert"`) {
		t.Fatalf("empty reply %d", code)
	}
	if code, _ = post(t, s, st.Owner, "/dashboard/reviews/"+rv.ID+"/reply", url.Values{"body": {"Thank you!"}}); code != 200 {
		t.Fatalf("review reply %d", code)
	}
	if code, _ = post(t, s, st.Owner, "/inquiries/"+q.ID+"/archive", url.Values{}); code != 200 {
		t.Fatalf("archive %d", code)
	}
	code, body = page(t, s.Browser(st.Owner), s.URL+"/dashboard?listing="+p.ID+"&status=ARCHIVED")
	if code != 200 || !strings.Contains(body, "/inquiries/"+q.ID) || strings.Contains(body, "/dashboard/reviews/"+rv.ID+"/reply") {
		t.Fatalf("archived tab %d:\n%s", code, body)
	}
}

// The dashboard and a thread pass the page check in Chromium at both widths.
func TestBrowserDashboardPages(t *testing.T) {
	browsertest.Require(t)
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Inbox Beats"))
	var q servicesapi.Inquiry
	s.Must(201, "POST", "/api/providers/"+p.ID+"/inquiries", st.Customer,
		map[string]any{"message": "Free that Saturday?", "eventDate": time.Now().AddDate(0, 1, 0).Format("2006-01-02")}).JSON(t, &q)
	s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.CustomerN(3), map[string]any{"rating": 4, "body": "Good"})
	booked := time.Now().AddDate(0, 1, 3).Format("2006-01-02")
	s.Must(200, "PUT", "/api/providers/"+p.ID+"/booked/"+booked, st.Owner, nil)
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 2*time.Minute)
	defer cancel()
	check := browsertest.NewChecker(t, checkedWords())
	as := func(u *auth.User) {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
			Value: hosttest.Token(u), URL: s.URL, Path: "/"}); err != nil {
			t.Fatal(err)
		}
	}
	visit := func(path string) {
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+path)); err != nil {
				t.Fatal(err)
			}
			check.Require(t, ctx, path)
			if dir := os.Getenv("SERVICES_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				name := strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path)
				if err := os.WriteFile(filepath.Join(dir, "dash"+name+"-"+strconv.FormatInt(width, 10)+".png"), png, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	as(st.Owner)
	visit("/dashboard")
	visit("/inquiries/" + q.ID)
	as(st.Customer)
	visit("/inquiries/" + q.ID)
	visit("/providers/" + p.Slug + "?eventDate=" + booked)
}
