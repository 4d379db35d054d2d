package events_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/internal/kit/web"
	"stepperslife/services/events/eventstest"
)

var admin = &auth.User{ID: "u-admin", Email: "ada@example.com", Name: "Ada Admin", Roles: []string{auth.RoleUser, auth.RoleAdmin}}

// flakyStripe stands between the service and stripe-mock and, while down is set,
// refuses every refund the way Stripe does when it cannot take one.
func flakyStripe(t *testing.T) (base string, down *atomic.Bool) {
	t.Helper()
	target, err := url.Parse(paymentstest.StripeMock(t))
	if err != nil {
		t.Fatal(err)
	}
	down = new(atomic.Bool)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() && r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/refunds") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"error":{"type":"api_error","message":"Stripe is taking a break"}}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, down
}

type waitingItem struct {
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
	URL       string    `json:"url"`
}

func page(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string) {
	t.Helper()
	var res *http.Response
	var err error
	if method == "POST" {
		res, err = c.PostForm(u, form)
	} else {
		res, err = c.Get(u)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// A paid order whose refund failed when its event was cancelled waits for an admin,
// who refunds it from the order's admin page; the refund is in the audit trail.
func TestRefundsOwedWaitForAnAdmin(t *testing.T) {
	eventstest.EachDB(t, func(t *testing.T, dbURL string) {
		stripeURL, down := flakyStripe(t)
		s := eventstest.Start(t, eventstest.Options{DatabaseURL: dbURL, Env: map[string]string{
			"STRIPE_SECRET_KEY":     paymentstest.TestSecretKey,
			"STRIPE_WEBHOOK_SECRET": paymentstest.TestWebhookSecret,
			"STRIPE_API_BASE":       stripeURL,
		}})
		eventID, tierID := s.PublishedEvent("Rained Out Ball", 3000, 5)
		onboard(t, s)
		var card, cash eventstest.Order
		s.Buy(buyer, eventID, tierID, 1, "card").JSON(t, &card)
		if res := deliver(t, s, paymentstest.NewEventID(), "checkout.session.completed",
			paymentstest.CheckoutSession("cs_rain", card.ID, "pi_rain", 3000, nil)); res.Status != 200 {
			t.Fatalf("paid: %d %s", res.Status, res.Body)
		}
		s.Buy(eventstest.BuyerN(2), eventID, tierID, 1, "cash").JSON(t, &cash)
		s.Must(200, "POST", "/api/orders/"+cash.ID+"/approve-cash", org, nil)

		// Nothing waits yet; the queue is for admins only.
		s.Must(401, "GET", "/api/admin/queue", nil, nil)
		s.Must(403, "GET", "/api/admin/queue", org, nil)
		var l web.List[waitingItem]
		s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &l)
		if len(l.Items) != 0 {
			t.Fatalf("queue before: %+v", l)
		}

		// Stripe refuses refunds while the organizer cancels: the cash order is
		// refunded, the card order waits.
		down.Store(true)
		res := s.Must(200, "POST", "/api/events/"+eventID+"/cancel", org, nil).Map(t)
		refunds, _ := res["refunds"].(map[string]any)
		if failed, _ := refunds["failedOrders"].([]any); len(failed) != 1 || failed[0] != card.ID || refunds["refundedOrders"] != 1.0 {
			t.Fatalf("cancel: %v", res)
		}
		s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &l)
		if len(l.Items) != 1 || l.Pagination.Total != 1 {
			t.Fatalf("queue after the cancel: %+v", l)
		}
		it := l.Items[0]
		if it.Kind != "refund_owed" || it.ID != card.ID || it.URL != s.URL+"/admin/orders/"+card.ID ||
			!strings.Contains(it.Title, "$30.00") || !strings.Contains(it.Title, "Rained Out Ball") || it.CreatedAt.IsZero() {
			t.Fatalf("item: %+v", it)
		}

		// The admin's pages: others are refused; the list links to the order.
		if code, _ := page(t, s.Browser(org), "GET", s.URL+"/admin", nil); code != 403 {
			t.Fatalf("organizer opens /admin: %d", code)
		}
		b := s.Browser(admin)
		code, body := page(t, b, "GET", s.URL+"/admin", nil)
		if code != 200 || !strings.Contains(body, `href="/admin/orders/`+card.ID+`"`) || !strings.Contains(body, "Rained Out Ball") {
			t.Fatalf("/admin: %d %s", code, body)
		}
		code, body = page(t, b, "GET", it.URL, nil)
		if code != 200 || !strings.Contains(body, "Bea Buyer") || !strings.Contains(body, "Refund $30.00") ||
			!strings.Contains(body, "Nobody has acted") || strings.Contains(body, ">COMPLETED<") {
			t.Fatalf("order page: %d %s", code, body)
		}

		// While Stripe still refuses, the refund fails on the page and nothing is recorded.
		code, body = page(t, b, "POST", it.URL+"/refund", url.Values{"reason": {"Event rained out"}})
		if code < 500 || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, `value="Event rained out"`) {
			t.Fatalf("refund while Stripe refuses: %d %s", code, body)
		}
		if got := order(t, s, card.ID); got.Status != "COMPLETED" {
			t.Fatalf("order after the failed refund: %+v", got)
		}
		if rows := dbtest.Strings(t, s.Instance.Deps.DB, `SELECT id FROM kit_audit WHERE subject_kind = 'order'`); len(rows) != 0 {
			t.Fatalf("the trail names a refund that did not happen: %v", rows)
		}

		down.Store(false)
		code, body = page(t, b, "POST", it.URL+"/refund", url.Values{"reason": {"Event rained out"}})
		if code != 200 || !strings.Contains(body, "Refunded: $30.00 to Bea Buyer") || !strings.Contains(body, "ada@example.com") ||
			!strings.Contains(body, "Event rained out") || strings.Contains(body, `id="refund-form"`) {
			t.Fatalf("after the refund: %d %s", code, body)
		}
		if got := order(t, s, card.ID); got.Status != "REFUNDED" {
			t.Fatalf("order after the refund: %+v", got)
		}
		trail := dbtest.Strings(t, s.Instance.Deps.DB, `SELECT action || ':' || actor_id || ':' || subject_kind || ':' || subject_id || ':' || reason FROM kit_audit WHERE subject_kind = 'order'`)
		if len(trail) != 1 || trail[0] != "refund:u-admin:order:"+card.ID+":Event rained out" {
			t.Fatalf("trail: %v", trail)
		}
		s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &l)
		if len(l.Items) != 0 {
			t.Fatalf("queue after the refund: %+v", l)
		}
	})
}

// A refund through the API keeps its optional reason in the trail, with who refunded.
func TestRefundAPIRecordsWhoAndWhy(t *testing.T) {
	s := eventstest.Start(t, eventstest.Options{})
	eventID, tierID := s.PublishedEvent("Spring Social", 0, 5)
	var free eventstest.Order
	s.Buy(buyer, eventID, tierID, 1, "free").JSON(t, &free)
	s.Must(200, "POST", "/api/orders/"+free.ID+"/refund", org, map[string]string{"reason": "Asked by phone"})
	trail := dbtest.Strings(t, s.Instance.Deps.DB, `SELECT actor_email || ':' || action || ':' || reason FROM kit_audit WHERE subject_id = $1`, free.ID)
	if len(trail) != 1 || trail[0] != org.Email+":refund:Asked by phone" {
		t.Fatalf("trail: %v", trail)
	}
}
