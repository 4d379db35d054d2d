package restaurants_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants/resttest"
)

// TestBrowserAdminRetriesAStuckRefund is the stuck-refund desk from pages, on a phone
// and on a laptop: an admin sees a card refund Stripe has not confirmed for two hours
// under "Refunds waiting" on /admin, follows it to the order's page, reads the order
// and its (empty) audit trail, asks Stripe again with a note, and sees the outcome:
// the trail has the retry with the note and the order no longer waits on /admin.
func TestBrowserAdminRetriesAStuckRefund(t *testing.T) {
	rs := newRefundStripe(t)
	e := resttest.Start(t, stripeAt(rs.URL, resttest.Options{}))
	s := newShop(t, e)
	e.Must(200, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil)
	b := newBrowser(t)
	if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{
		Name: auth.AccessCookie, Value: hosttest.Token(&resttest.Admin), URL: e.URL}); err != nil {
		t.Fatal(err)
	}
	check := browsertest.NewChecker(t, restaurantsapi.Words)

	for _, width := range []int64{390, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			b := &browser{t: t, ctx: b.ctx}
			b.run(chromedp.EmulateViewport(width, 844))
			id := refundedCardOrder(t, e, s, fmt.Sprintf("pi_stuck_%d", width))
			ord := e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)
			number, cents := ord["orderNumber"].(string), int64(ord["totalCents"].(float64))
			total := fmt.Sprintf("$%d.%02d", cents/100, cents%100)
			askedAgo(t, e, id, 2*time.Hour)
			link := `a[href="/admin/orders/` + id + `"]`
			note := fmt.Sprintf("Customer called at %dpx: still no money on the card", width)
			where := func(page string) string { return fmt.Sprintf("%s at %dpx", page, width) }

			b.step("open the restaurant admin", chromedp.Navigate(e.URL+"/admin"), chromedp.WaitVisible(link))
			if got := b.text("#refunds-h"); !strings.Contains(got, "Refunds waiting") || !strings.Contains(got, "1") {
				t.Fatalf("refunds heading %q, want one waiting", got)
			}
			if got := b.text(link); !strings.Contains(got, total) || !strings.Contains(got, "Carl Customer") {
				t.Fatalf("the waiting refund reads %q", got)
			}
			check.Require(t, b.ctx, where("/admin with a refund waiting"))
			requireTapTargets(b, "#refunds-h + p + ul a")
			shootAt(t, b, "refunds-waiting", width)

			b.step("follow the refund", chromedp.Click(link), chromedp.WaitVisible("#retry-form"))
			if got := b.text("h1"); !strings.Contains(got, number) || !strings.Contains(got, "Carl Customer") {
				t.Fatalf("order page heading %q", got)
			}
			facts := b.text(".facts")
			for _, want := range []string{"Wing Stop 79", "Carl Customer", total, "Refund under way", fmt.Sprintf("pi_stuck_%d", width), id} {
				if !strings.Contains(facts, want) {
					t.Fatalf("the order's facts lack %q: %q", want, facts)
				}
			}
			if got := b.text("#trail-h + *"); !strings.Contains(got, "No admin has acted") {
				t.Fatalf("audit trail before the retry: %q", got)
			}
			if got := b.text(".notice"); !strings.Contains(got, "has not confirmed it") {
				t.Fatalf("the page does not say the refund is stuck: %q", got)
			}
			check.Require(t, b.ctx, where("the stuck order's page"))
			requireTapTargets(b, "#retry-reason", "#retry-submit", `main a[href="/admin"]`)
			shootAt(t, b, "refund-stuck", width)

			_, asked := rs.lastKey()
			b.step("ask Stripe again with a note", chromedp.SendKeys("#retry-reason", note),
				chromedp.Click("#retry-submit"), chromedp.WaitVisible(".flash"))
			if got := b.text(".flash"); !strings.Contains(got, "Stripe took the refund of "+total+" again") {
				t.Fatalf("after the retry the page says %q", got)
			}
			if _, n := rs.lastKey(); n != asked+1 {
				t.Fatalf("Stripe was asked %d times for the retry, want once", n-asked)
			}
			if b.eval(`document.getElementById('retry-form') !== null`) || b.eval(`document.querySelector('main .notice') !== null`) {
				t.Fatal("the order still reads as stuck after the retry")
			}
			trail := b.text(".trail")
			for _, want := range []string{"Refund asked of Stripe again", "admin@example.com", note} {
				if !strings.Contains(trail, want) {
					t.Fatalf("the audit trail lacks %q: %q", want, trail)
				}
			}
			check.Require(t, b.ctx, where("the order after the retry"))
			shootAt(t, b, "refund-retried", width)

			b.step("back to the restaurant admin", chromedp.Click(`main a[href="/admin"]`), chromedp.WaitVisible("#refunds-h"))
			if b.eval(`document.querySelector('` + link + `') !== null`) {
				t.Fatal("the retried refund still waits on /admin")
			}
			if got := b.text("#refunds-h"); !strings.Contains(got, "0") {
				t.Fatalf("refunds heading %q after the retry, want none waiting", got)
			}

			got := dbtest.Strings(t, e.Instance.Deps.DB, `SELECT action || ':' || actor_id || ':' || reason FROM kit_audit
				WHERE subject_kind = 'order' AND subject_id = $1 ORDER BY at`, id)
			if want := "retry_refund:u-admin:" + note; len(got) != 1 || got[0] != want {
				t.Fatalf("audit trail %q, want %q", got, want)
			}
		})
	}
}

// requireTapTargets fails the test when an element sels name is missing or smaller
// than the 44 by 44 CSS pixels a thumb needs.
func requireTapTargets(b *browser, sels ...string) {
	b.t.Helper()
	for _, sel := range sels {
		small, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(sel => {
			const els = [...document.querySelectorAll(sel)];
			if (!els.length) return "missing";
			return els.map(el => el.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44)
				.map(r => Math.round(r.width) + "×" + Math.round(r.height)).join(", ");
		})(`+strconv.Quote(sel)+`)`))
		if err != nil {
			b.t.Fatal(err)
		}
		if small != "" {
			b.t.Errorf("%s is too small to tap (under 44×44 px): %s", sel, small)
		}
	}
}
