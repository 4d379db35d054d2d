package services_test

import (
	"context"
	"io"
	"net/url"
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

func post(t *testing.T, s *st.Server, u *auth.User, path string, form url.Values) (int, string) {
	t.Helper()
	res, err := s.Browser(u).PostForm(s.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// An admin acts on the queue from the service's own pages; each action is in the trail.
func TestAdminPagesActOnTheQueue(t *testing.T) {
	s := st.Start(t, st.Options{})
	var pending servicesapi.Provider
	s.Must(201, "POST", "/api/providers", st.Owner, st.Application("Queue Beats")).JSON(t, &pending)
	listed := s.Listed(st.OtherOwner, st.Application("Listed Lens"))
	var rv servicesapi.Review
	s.Must(201, "POST", "/api/providers/"+listed.ID+"/reviews", st.Customer, map[string]any{"rating": 1, "body": "spam"}).JSON(t, &rv)
	s.Must(200, "POST", "/api/reviews/"+rv.ID+"/report", st.OtherOwner, map[string]string{"body": "never hired"})

	if code, _ := page(t, s.Browser(st.Owner), s.URL+"/admin"); code != 403 {
		t.Fatalf("a provider opened the admin page: %d", code)
	}
	code, body := page(t, s.Browser(st.Admin), s.URL+"/admin")
	if code != 200 || !strings.Contains(body, "/admin/providers/"+pending.ID) || !strings.Contains(body, "/admin/reviews/"+rv.ID) {
		t.Fatalf("admin home %d:\n%s", code, body)
	}
	// Reject needs a reason: refused on the page, nothing changes.
	code, body = post(t, s, st.Admin, "/admin/providers/"+pending.ID+"/reject", url.Values{"reason": {""}})
	if code != 400 || !strings.Contains(body, `role="alert"`) {
		t.Fatalf("reject without a reason %d:\n%s", code, body)
	}
	code, body = post(t, s, st.Admin, "/admin/providers/"+pending.ID+"/approve", url.Values{"reason": {"licence checked"}})
	if code != 200 || !strings.Contains(body, "Listing approved.") || !strings.Contains(body, "Approved by admin@example.com") ||
		!strings.Contains(body, "licence checked") {
		t.Fatalf("approve %d:\n%s", code, body)
	}
	until := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	if code, body = post(t, s, st.Admin, "/admin/providers/"+pending.ID+"/premium", url.Values{"until": {until}}); code != 200 ||
		!strings.Contains(body, "Premium set") {
		t.Fatalf("premium %d:\n%s", code, body)
	}
	var got servicesapi.Provider
	s.Must(200, "GET", "/api/providers/"+pending.Slug, nil, nil).JSON(t, &got)
	if got.Status != "APPROVED" || !got.Premium {
		t.Fatalf("after the pages: %+v", got)
	}
	code, body = page(t, s.Browser(st.Admin), s.URL+"/admin/reviews/"+rv.ID)
	if code != 200 || !strings.Contains(body, "never hired") {
		t.Fatalf("review page %d:\n%s", code, body)
	}
	if code, _ = post(t, s, st.Admin, "/admin/reviews/"+rv.ID+"/remove", url.Values{}); code != 200 {
		t.Fatalf("remove: %d", code)
	}
	s.Must(200, "GET", "/api/providers/"+listed.Slug, nil, nil).JSON(t, &got)
	if got.ReviewCount != 0 || got.Rating != nil {
		t.Fatalf("removed review still counts: %+v", got)
	}
	if code, _ = post(t, s, st.Customer, "/admin/reviews/"+rv.ID+"/keep", url.Values{}); code != 403 {
		t.Fatalf("a customer decided: %d", code)
	}
}

// The admin pages pass the page check in Chromium at phone and desktop widths.
func TestBrowserAdminPages(t *testing.T) {
	browsertest.Require(t)
	s := st.Start(t, st.Options{})
	var pending servicesapi.Provider
	s.Must(201, "POST", "/api/providers", st.Owner, st.Application("Queue Beats")).JSON(t, &pending)
	listed := s.Listed(st.OtherOwner, st.Application("Listed Lens"))
	var rv servicesapi.Review
	s.Must(201, "POST", "/api/providers/"+listed.ID+"/reviews", st.Customer, map[string]any{"rating": 1, "body": "spam"}).JSON(t, &rv)
	s.Must(200, "POST", "/api/reviews/"+rv.ID+"/report", st.OtherOwner, map[string]string{"body": "never hired"})
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 2*time.Minute)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(st.Admin), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	check := browsertest.NewChecker(t, checkedWords())
	for _, path := range []string{"/admin", "/admin/providers/" + pending.ID, "/admin/reviews/" + rv.ID} {
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+path)); err != nil {
				t.Fatal(err)
			}
			check.Require(t, ctx, path)
		}
	}
}
