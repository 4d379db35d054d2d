package events_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/testenv"
	"stepperslife/services/events/domain"
	"stepperslife/services/events/eventstest"
)

// TestBrowserOrganizerPages is an organizer on a phone running one event: the
// dashboard shows the sales at a glance and what to do next; the tabs lead to the
// orders (filtered to the cash still owed), the attendees (found by name), a
// message to every ticket holder (confirmed by its count, then delivered to each
// one's mailbox), the door, and the settings where the cash deadline is set.
func TestBrowserOrganizerPages(t *testing.T) {
	browsertest.Require(t)
	host, port, mailAPI := testenv.Mailpit(t)
	s := eventstest.Start(t, eventstest.Options{Env: map[string]string{
		"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port), "SMTP_FROM": "SteppersLife <events@stepperslife.com>"}})
	eventID, tierID := s.PublishedEvent("Tabs Night Ball", 2500, 100)
	var owed eventstest.Order
	s.Buy(eventstest.Buyer, eventID, tierID, 2, "cash").JSON(t, &owed)
	for i := 1; i <= 2; i++ {
		var o eventstest.Order
		s.Buy(eventstest.BuyerN(i), eventID, tierID, 1, "cash").JSON(t, &o)
		s.Must(200, "POST", "/api/orders/"+o.ID+"/approve-cash", org, nil)
	}
	check := browsertest.NewChecker(t, eventsapi.Words)
	axe := browsertest.Axe(t)
	ctx, cancel := context.WithTimeout(browsertest.Start(t), 4*time.Minute)
	defer cancel()
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			text, _ := chromedp.Run(ctx, chromedp.Text("body"))
			t.Fatalf("%v\nat %s:\n%s", err, loc, text)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(v)
	}
	// Each page: no machine words, no serious accessibility problem, and nothing
	// wider than the phone.
	look := func(where string) {
		t.Helper()
		check.Require(t, ctx, where)
		if v, err := browsertest.Audit(ctx, axe); err != nil {
			t.Fatal(err)
		} else {
			for _, x := range v {
				if x.Severe() {
					t.Errorf("%s: %s", where, x)
				}
			}
		}
		if wide, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
			t.Errorf("%s is wider than the screen", where)
		}
	}
	tab := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(`nav.tabs-nav a[href$="` + map[string]string{"Dashboard": eventID, "Orders": "/orders",
			"Attendees": "/attendees", "Check-in": "/door", "Settings": "/settings"}[name] + `"]`)
	}
	current := func() string { return text(`nav.tabs-nav a[aria-current="page"]`) }
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(org), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}

	// The dashboard: sold of capacity, the money, the cash owed and what to do next.
	run(chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.URL+"/dashboard/events/"+eventID), chromedp.WaitVisible(`#sold`))
	if sold, gross, owedCash, in := text(`#sold`), text(`#revenue`), text(`#cash-owed`), text(`#checked-in`); sold != "2 / 100" ||
		gross != "$50.00" || !strings.HasPrefix(owedCash, "$50.00") || in != "0 / 2" {
		t.Fatalf("at a glance: sold %q, gross %q, cash owed %q, checked in %q", sold, gross, owedCash, in)
	}
	if next := text(`.next`); !strings.Contains(next, "1 cash order waiting: $50.00 to collect") || !strings.Contains(next, "Add door staff") {
		t.Fatalf("next steps: %q", next)
	}
	if c := current(); c != "Dashboard" {
		t.Fatalf("current tab %q", c)
	}
	look("the event dashboard")
	shot(t, ctx, "manage-dashboard-phone")

	// Orders: the cash still owed, then a buyer by e-mail.
	run(tab("Orders"), chromedp.WaitVisible(`#order-search`))
	if c, n := current(), text(`#order-count`); c != "Orders" || !strings.HasPrefix(n, "3 of 3 orders") {
		t.Fatalf("orders tab %q: %q", c, n)
	}
	// The row is on the unfiltered page too: the filtered page is the one whose choice
	// the server marked.
	run(chromedp.SetValue(`#order-search select[name=status]`, string(domain.OrderPendingPayment)),
		chromedp.Click(`#order-search button[type=submit]`),
		chromedp.WaitReady(`#order-search option[value="`+string(domain.OrderPendingPayment)+`"][selected]`),
		chromedp.WaitVisible(`#orders tr[data-order="`+owed.ID+`"]`))
	if n := text(`#order-count`); !strings.HasPrefix(n, "1 of 1 orders") {
		t.Fatalf("cash waiting: %q", n)
	}
	if row := text(`#orders tr[data-order="` + owed.ID + `"]`); !strings.Contains(row, "Cash received") {
		t.Fatalf("a cash order's row: %q", row)
	}
	look("the orders page")
	shot(t, ctx, "manage-orders-phone")

	// Attendees: found by name.
	run(tab("Attendees"), chromedp.WaitVisible(`#attendee-search`),
		chromedp.SendKeys(`#aq`, "buyer 2"), chromedp.Click(`#attendee-search button[type=submit]`),
		chromedp.WaitVisible(`#attendee-count`))
	if list := text(`#attendees`); !strings.Contains(list, "buyer2@example.com") || strings.Contains(list, "buyer1@") || strings.Contains(list, "Bea") {
		t.Fatalf("search for buyer 2: %q", list)
	}
	if c := current(); c != "Attendees" {
		t.Fatalf("current tab %q", c)
	}
	look("the attendees page")
	shot(t, ctx, "manage-attendees-phone")

	// A message to every ticket holder: the count is named before it goes.
	run(chromedp.Click(`#message-link`), chromedp.WaitVisible(`#message-form`),
		chromedp.SendKeys(`#message-form input[name=subject]`, "Doors open at 8"),
		chromedp.SendKeys(`#message-form textarea[name=body]`, "See you on the floor.\nBring your ticket."),
		chromedp.Click(`#message-form button[type=submit]`), chromedp.WaitVisible(`#message-confirm`))
	if c := text(`#message-confirm h3`); c != "Send “Doors open at 8” to 3 people?" {
		t.Fatalf("confirmation: %q", c)
	}
	look("the message confirmation")
	shot(t, ctx, "manage-message-confirm-phone")
	run(chromedp.Click(`#send-message`), chromedp.WaitVisible(`.flash`))
	if f := text(`.flash`); f != "Message sent to 3 ticket holders." {
		t.Fatalf("after sending: %q", f)
	}
	got := mailpitTo(t, mailAPI, "Doors open at 8", 3)
	for _, want := range []string{eventstest.Buyer.Email, "buyer1@example.com", "buyer2@example.com"} {
		if !got[want] {
			t.Errorf("no message for %s: %v", want, got)
		}
	}

	// Check-in: the door page is one tap away.
	run(tab("Check-in"), chromedp.WaitVisible(`#open-door`))
	if href := attrOf(t, ctx, `#open-door`, "href"); href != "/checkin/"+eventID {
		t.Fatalf("door link %q", href)
	}
	look("the check-in tab")
	shot(t, ctx, "manage-door-phone")

	// Settings: the cash deadline, an hour after the doors open.
	var ev struct{ StartsAt time.Time }
	s.Must(200, "GET", "/api/events/"+eventID, nil, nil).JSON(t, &ev)
	deadline := ev.StartsAt.Add(time.Hour).In(domain.Chicago)
	run(tab("Settings"), chromedp.WaitVisible(`#details`),
		chromedp.SetValue(`#cash-deadline`, deadline.Format("2006-01-02T15:04")),
		chromedp.Click(`#details button[type=submit]`), chromedp.WaitVisible(`.flash`))
	var after struct{ CashDeadline *time.Time }
	s.Must(200, "GET", "/api/events/"+eventID, nil, nil).JSON(t, &after)
	if after.CashDeadline == nil || !after.CashDeadline.Equal(deadline.Truncate(time.Minute)) {
		t.Fatalf("cashDeadline %v, want %v", after.CashDeadline, deadline)
	}
	var o struct{ HoldExpiresAt time.Time }
	s.Must(200, "GET", "/api/orders/"+owed.ID, eventstest.Buyer, nil).JSON(t, &o)
	if !o.HoldExpiresAt.Equal(*after.CashDeadline) {
		t.Fatalf("the waiting reservation is held until %v, not the deadline", o.HoldExpiresAt)
	}
	look("the settings page")
	shot(t, ctx, "manage-settings-phone")
	// One after the end is refused on the form, which says why.
	run(chromedp.SetValue(`#cash-deadline`, ev.StartsAt.Add(30*time.Hour).In(domain.Chicago).Format("2006-01-02T15:04")),
		chromedp.Click(`#details button[type=submit]`), chromedp.WaitVisible(`.err`))
	if e := text(`.err`); !strings.Contains(strings.ToLower(e), "cash deadline") {
		t.Fatalf("a deadline after the end: %q", e)
	}

	// The buyer's order page says what to bring, and by when.
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(eventstest.Buyer), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	run(chromedp.Navigate(s.URL+"/orders/"+owed.ID), chromedp.WaitVisible(`#cash-due`))
	if due := text(`#cash-due`); !strings.Contains(due, "Bring $50.00 cash by") || !strings.Contains(due, deadline.Format("3:04 PM")) {
		t.Fatalf("cash due: %q", due)
	}
	shot(t, ctx, "order-cash-due-phone")

	// The same pages at desktop width.
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: auth.AccessCookie,
		Value: hosttest.Token(org), URL: s.URL, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	run(chromedp.EmulateViewport(1280, 900))
	for _, p := range []struct{ path, sel, name string }{{"", "#sold", "dashboard"}, {"/orders", "#orders", "orders"},
		{"/attendees", "#attendees", "attendees"}, {"/door", "#open-door", "door"}, {"/settings", "#details", "settings"}} {
		run(chromedp.Navigate(s.URL+"/dashboard/events/"+eventID+p.path), chromedp.WaitVisible(p.sel))
		shot(t, ctx, "manage-"+p.name+"-desktop")
	}
}

// mailpitTo waits for n messages whose subject starts with subject and returns
// whom they went to.
func mailpitTo(t *testing.T, api, subject string, n int) map[string]bool {
	t.Helper()
	var list struct {
		Messages []struct {
			Subject string
			To      []struct{ Address string }
		} `json:"messages"`
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		res, err := http.Get(api + "/api/v1/messages")
		if err != nil {
			t.Fatal(err)
		}
		_ = json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
		to := map[string]bool{}
		count := 0
		for _, m := range list.Messages {
			if strings.HasPrefix(m.Subject, subject) {
				count++
				for _, a := range m.To {
					to[a.Address] = true
				}
			}
		}
		if count >= n || time.Now().After(deadline) {
			if count != n {
				t.Fatalf("%d messages %q, want %d: %+v", count, subject, n, list.Messages)
			}
			return to
		}
		time.Sleep(100 * time.Millisecond)
	}
}
