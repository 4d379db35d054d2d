package restaurants_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/restaurants/resttest"
)

// refundStripe stands between the service and a Stripe that takes charges, answers
// refunds as its mode says ("" takes them, "down" cannot be reached, "refunded" says
// the charge is refunded already, "refunding" says so too while the refund it lists
// is still under way) and keeps the idempotency key of every refund asked.
type refundStripe struct {
	URL  string
	mu   sync.Mutex
	mode string
	keys []string
}

func newRefundStripe(t *testing.T) *refundStripe {
	t.Helper()
	target, err := url.Parse(readyStripe(t, paymentstest.StripeMock(t)))
	if err != nil {
		t.Fatal(err)
	}
	rs := &refundStripe{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs.mu.Lock()
		mode := rs.mode
		rs.mu.Unlock()
		if r.Method == http.MethodGet && r.URL.Path == "/v1/refunds" && mode == "refunding" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"object":"list","url":"/v1/refunds","has_more":false,"data":[`+
				`{"id":"re_1","object":"refund","amount":2864,"currency":"usd","status":"pending","payment_intent":"pi_stuck"}]}`)
			return
		}
		if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/v1/refunds") {
			proxy.ServeHTTP(w, r)
			return
		}
		rs.mu.Lock()
		rs.keys = append(rs.keys, r.Header.Get("Idempotency-Key"))
		rs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch mode {
		case "down":
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"error":{"type":"api_error","message":"Stripe is taking a break"}}`)
		case "refunded", "refunding":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"charge_already_refunded",`+
				`"message":"Charge ch_1 has already been refunded."}}`)
		default:
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	rs.URL = srv.URL
	return rs
}

func (rs *refundStripe) answer(mode string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.mode = mode
}

// lastKey is the idempotency key of the last refund asked, and how many were.
func (rs *refundStripe) lastKey() (string, int) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if len(rs.keys) == 0 {
		return "", 0
	}
	return rs.keys[len(rs.keys)-1], len(rs.keys)
}

// refundedCardOrder is a paid card order of s (paymentIntent its Stripe payment) the
// owner refunded: Stripe took the refund, its charge.refunded has not arrived.
func refundedCardOrder(t *testing.T, e *resttest.Env, s shop, paymentIntent string) string {
	t.Helper()
	ord := e.Must(201, "POST", "/api/orders", &resttest.Customer, s.order("card", s.Wings, 2)).Map(t)
	id := ord["id"].(string)
	session := paymentstest.CheckoutSession("cs_"+paymentIntent, id, paymentIntent, int64(ord["totalCents"].(float64)), nil)
	body, sig := paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "checkout.session.completed", session)
	e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
	for _, st := range []string{"CONFIRMED", "PREPARING", "READY_FOR_PICKUP", "COMPLETED"} {
		e.Must(200, "PATCH", "/api/orders/"+id, &resttest.Staff, map[string]string{"status": st})
	}
	if got := e.Must(200, "PATCH", "/api/orders/"+id, &resttest.Owner, map[string]string{"status": "REFUNDED"}).Map(t); got["paymentStatus"] != "REFUND_PENDING" {
		t.Fatalf("refund: %v", got)
	}
	return id
}

// askedAgo makes as if the refund of order id was asked of Stripe ago.
func askedAgo(t *testing.T, e *resttest.Env, id string, ago time.Duration) time.Time {
	t.Helper()
	at := time.Now().UTC().Add(-ago).Truncate(time.Second)
	if _, err := e.Instance.Deps.DB.ExecContext(context.Background(), `UPDATE orders SET updated_at = $1 WHERE id = $2`, at, id); err != nil {
		t.Fatal(err)
	}
	return at
}

func paymentStatus(t *testing.T, e *resttest.Env, id string) any {
	t.Helper()
	return e.Must(200, "GET", "/api/orders/"+id, &resttest.Customer, nil).Map(t)["paymentStatus"]
}

// A card refund Stripe has not confirmed an hour after it was asked waits on the
// admins' queue, newest first with the applications, each linking to the order's
// admin page here; a fresh refund does not, and neither signed-out callers nor
// owners see the queue.
func TestStuckRefundsWaitForAnAdmin(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		rs := newRefundStripe(t)
		e := resttest.Start(t, stripeAt(rs.URL, o))
		s := newShop(t, e)
		e.Must(200, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil)
		older := refundedCardOrder(t, e, s, "pi_older")
		newer := refundedCardOrder(t, e, s, "pi_newer")

		e.Must(401, "GET", "/api/admin/queue", nil, nil)
		e.Must(403, "GET", "/api/admin/queue", &resttest.Owner, nil)
		if l := queue(t, e, ""); len(l.Items) != 0 || l.Pagination.Total != 0 {
			t.Fatalf("refunds just asked are on the queue: %+v", l)
		}

		olderAt := askedAgo(t, e, older, 3*time.Hour)
		newerAt := askedAgo(t, e, newer, 2*time.Hour)
		application := apply(t, e, "Rita's Kitchen")
		l := queue(t, e, "")
		if len(l.Items) != 3 || l.Pagination.Total != 3 || l.Items[0].ID != application || l.Items[1].ID != newer || l.Items[2].ID != older {
			t.Fatalf("queue: %+v", l)
		}
		it := l.Items[1]
		if it.Kind != "refund_stuck" || it.URL != e.URL+"/admin/orders/"+newer || !it.CreatedAt.Equal(newerAt) ||
			!strings.Contains(it.Title, "Carl Customer") || !strings.Contains(it.Title, "Wing Stop 79") || !strings.Contains(it.Title, "$") {
			t.Fatalf("item: %+v", it)
		}
		if !l.Items[2].CreatedAt.Equal(olderAt) {
			t.Fatalf("older item since %v, want %v", l.Items[2].CreatedAt, olderAt)
		}
		for _, c := range []struct {
			query   string
			ids     []string
			hasMore bool
		}{
			{"?limit=1", []string{application}, true},
			{"?limit=1&offset=1", []string{newer}, true},
			{"?limit=2&offset=1", []string{newer, older}, false},
			{"?offset=3", nil, false},
		} {
			l := queue(t, e, c.query)
			var ids []string
			for _, it := range l.Items {
				ids = append(ids, it.ID)
			}
			if strings.Join(ids, ",") != strings.Join(c.ids, ",") || l.Pagination.Total != 3 || l.Pagination.HasMore != c.hasMore {
				t.Fatalf("%s: %v %+v", c.query, ids, l.Pagination)
			}
		}

		// Once Stripe's charge.refunded arrives, the order leaves the queue.
		body, sig := paymentstest.SignedEvent(t, paymentstest.TestWebhookSecret, "charge.refunded",
			paymentstest.Charge("ch_older", "pi_older", 2598, 2598, nil))
		e.Must(200, "POST", "/api/webhooks/stripe", nil, body, "Stripe-Signature", sig)
		if l := queue(t, e, ""); len(l.Items) != 2 || l.Items[1].ID != newer {
			t.Fatalf("after charge.refunded: %+v", l)
		}
	})
}

// From the order's admin page an admin asks Stripe again for a stuck refund: a
// failed attempt changes nothing and is repeated with the same idempotency key; a
// taken one is in the audit trail and the order leaves the queue until it is stuck
// again; when Stripe says the charge is refunded already, the order is marked
// refunded.
func TestAdminRetriesAStuckRefund(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		rs := newRefundStripe(t)
		e := resttest.Start(t, stripeAt(rs.URL, o))
		s := newShop(t, e)
		e.Must(200, "POST", "/api/restaurants/"+s.ID+"/payments/onboarding", &resttest.Owner, nil)
		id := refundedCardOrder(t, e, s, "pi_stuck")
		orderPage := "/admin/orders/" + id
		admin := e.Browser(&resttest.Admin)
		get := func(c *http.Client, path string) (int, string) {
			t.Helper()
			res, err := c.Get(e.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			return readPage(t, res)
		}
		retry := func(note string) (int, string) {
			t.Helper()
			res, err := admin.PostForm(e.URL+orderPage+"/retry-refund", url.Values{"reason": {note}})
			if err != nil {
				t.Fatal(err)
			}
			return readPage(t, res)
		}
		trail := func() []string {
			return dbtest.Strings(t, e.Instance.Deps.DB, `SELECT action || ':' || actor_id || ':' || reason FROM kit_audit
				WHERE subject_kind = 'order' AND subject_id = $1 ORDER BY at`, id)
		}

		// A refund Stripe took a minute ago is not the admin's yet.
		if code, body := retry(""); code != 409 || !strings.Contains(body, `role="alert"`) {
			t.Fatalf("retry of a fresh refund: %d %s", code, body)
		}
		askedAgo(t, e, id, 2*time.Hour)
		if code, _ := get(e.Browser(&resttest.Owner), orderPage); code != 403 {
			t.Fatalf("owner opens the admin order page: %d", code)
		}
		if code, _ := get(admin, "/admin/orders/nope"); code != 404 {
			t.Fatalf("unknown order: %d", code)
		}
		code, body := get(admin, "/admin")
		if code != 200 || !strings.Contains(body, `href="`+orderPage+`"`) || !strings.Contains(body, "Carl Customer") {
			t.Fatalf("/admin: %d %s", code, body)
		}
		code, body = get(admin, orderPage)
		for _, want := range []string{"Carl Customer", "Wing Stop 79", "pi_stuck", "Refund under way", `id="retry-form"`, "No admin has acted"} {
			if code != 200 || !strings.Contains(body, want) {
				t.Fatalf("order page without %q: %d %s", want, code, body)
			}
		}

		// Stripe cannot be reached: nothing is recorded, the note stays on the page.
		_, before := rs.lastKey()
		rs.answer("down")
		code, body = retry("Customer called")
		if code < 500 || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, `value="Customer called"`) {
			t.Fatalf("retry while Stripe is down: %d %s", code, body)
		}
		failedKey, n := rs.lastKey()
		if n <= before || failedKey == "" || len(trail()) != 0 || paymentStatus(t, e, id) != "REFUND_PENDING" {
			t.Fatalf("after the failed retry: key %q (%d asked), trail %v", failedKey, n, trail())
		}

		// Stripe takes it: the same request again, recorded, off the queue.
		rs.answer("")
		code, body = retry("Customer called")
		if code != 200 || !strings.Contains(body, "Stripe took the refund") || !strings.Contains(body, "admin@example.com") ||
			!strings.Contains(body, "Customer called") || strings.Contains(body, `id="retry-form"`) {
			t.Fatalf("after the retry: %d %s", code, body)
		}
		if key, _ := rs.lastKey(); key != failedKey {
			t.Fatalf("the retry after a failed attempt used key %q, not %q", key, failedKey)
		}
		if got := trail(); len(got) != 1 || got[0] != "retry_refund:u-admin:Customer called" {
			t.Fatalf("trail: %v", got)
		}
		if l := queue(t, e, ""); len(l.Items) != 0 || paymentStatus(t, e, id) != "REFUND_PENDING" {
			t.Fatalf("after the retry: %+v", l)
		}

		// Still not confirmed hours later; Stripe refuses another refund, but the one it
		// holds is under way: nothing is settled yet.
		askedAgo(t, e, id, 3*time.Hour)
		rs.answer("refunding")
		if code, body := retry(""); code != 409 || !strings.Contains(body, "not gone through yet") {
			t.Fatalf("retry while Stripe's refund is under way: %d %s", code, body)
		}
		if got := trail(); len(got) != 1 || paymentStatus(t, e, id) != "REFUND_PENDING" {
			t.Fatalf("a refund under way was settled: trail %v, payment %v", got, paymentStatus(t, e, id))
		}

		// Stripe says the charge is refunded, and its refund went through: it is.
		rs.answer("refunded")
		code, body = retry("")
		if code != 200 || !strings.Contains(body, "marked refunded") {
			t.Fatalf("retry of a refunded charge: %d %s", code, body)
		}
		if key, _ := rs.lastKey(); key == failedKey {
			t.Fatalf("a retry after a recorded one reused the key %q", key)
		}
		if got := trail(); len(got) != 2 || got[1] != "refund_settled:u-admin:" || paymentStatus(t, e, id) != "REFUNDED" {
			t.Fatalf("after settling: trail %v, payment %v", got, paymentStatus(t, e, id))
		}
		if l := queue(t, e, ""); len(l.Items) != 0 {
			t.Fatalf("a settled refund is on the queue: %+v", l)
		}
		if code, _ := retry(""); code != 409 {
			t.Fatalf("retry of a settled refund: %d", code)
		}
	})
}
