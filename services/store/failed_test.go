package store_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/payments/paymentstest"
	"stepperslife/services/store/storetest"
)

// A card payment that fails waits on the admins' queue, beside the vendor
// applications, until an admin notes on the store's admin page what was done; the
// note is kept in the order's audit trail and the order leaves the queue. Both
// databases.
func TestFailedPaymentWaitsForAnAdmin(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := cardServer(t, dbURL)
		sh := newShop(t, s)
		s.Must(200, "POST", "/api/vendors/"+sh.steps.ID+"/payments/connect", owner, nil)
		connect(t, s, sh.steps.ID, true)
		var waiting storeapi.Vendor
		s.Must(http.StatusCreated, "POST", "/api/vendors", storetest.OtherOwner, storetest.ShopBody("Waiting Threads")).JSON(t, &waiting)

		out, res := s.Checkout(buyer, storetest.Ship(storetest.Item(sh.shoes.Variants[0].ID, 1)))
		if res.Status != 201 {
			t.Fatalf("card checkout: %d %s", res.Status, res.Body)
		}
		o := out.Orders[0]
		failed := paymentstest.PaymentIntent("pi_declined_"+o.ID, o.TotalCents, "requires_payment_method", map[string]string{"orderId": o.ID})
		if res := deliver(t, s, paymentstest.NewEventID(), "payment_intent.payment_failed", failed); res.Status != 200 {
			t.Fatalf("payment_failed: %d %s", res.Status, res.Body)
		}
		if got := s.Order(buyer, o.ID); got.PaymentStatus != "FAILED" {
			t.Fatalf("after the failure: %+v", got)
		}

		var q struct {
			Items []storeapi.QueueItem `json:"items"`
			Total int                  `json:"total"`
		}
		s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &q)
		kinds := map[string]storeapi.QueueItem{}
		for _, it := range q.Items {
			kinds[it.Kind] = it
		}
		if len(q.Items) != 2 || kinds["failed_payment"].ID != o.ID || kinds["vendor_application"].ID != waiting.ID ||
			q.Items[0].Kind != "failed_payment" || !strings.HasPrefix(kinds["failed_payment"].URL, s.URL+"/admin/payments") {
			t.Fatalf("queue: %+v", q.Items)
		}
		s.Must(200, "GET", "/api/admin/queue?limit=1&offset=1", admin, nil).JSON(t, &q)
		if len(q.Items) != 1 || q.Items[0].Kind != "vendor_application" {
			t.Fatalf("the queue's second page: %+v", q.Items)
		}

		c := s.Browser(admin)
		status, page := get(t, c, s.URL+"/admin/payments")
		if status != 200 || !strings.Contains(page, `data-order="`+o.OrderNumber+`"`) || !strings.Contains(page, "Payment failed") {
			t.Fatalf("failed payments page: %d\n%s", status, page)
		}
		if status, _ := get(t, s.Browser(owner), s.URL+"/admin/payments"); status != 403 {
			t.Fatalf("a vendor opened the admins' page: %d", status)
		}
		if _, page, _ := post(t, c, s.URL+"/admin/orders/"+o.ID+"/payment-handled", url.Values{"reason": {""}}); !strings.Contains(page, `data-order="`+o.OrderNumber+`"`) {
			t.Fatalf("handled without a note:\n%s", page)
		}
		_, page, _ = post(t, c, s.URL+"/admin/orders/"+o.ID+"/payment-handled", url.Values{"reason": {"E-mailed Bea a link to order again"}})
		if strings.Contains(page, `data-order="`+o.OrderNumber+`"`) || !strings.Contains(page, "is handled") {
			t.Fatalf("after handling:\n%s", page)
		}
		s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &q)
		if len(q.Items) != 1 || q.Items[0].Kind != "vendor_application" {
			t.Fatalf("queue after handling: %+v", q.Items)
		}
		var n int
		if err := s.Instance.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_audit WHERE subject_kind = 'order' AND subject_id = $1
			AND action = 'payment_handled' AND reason = 'E-mailed Bea a link to order again'`, o.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit trail entries: %d (%v)", n, err)
		}
		// An order whose payment did not fail is not handled this way.
		paidOut, _ := s.Checkout(buyer, storetest.Pickup(storetest.Item(sh.tee.Variants[0].ID, 1)))
		if _, page, _ := post(t, c, s.URL+"/admin/orders/"+paidOut.Orders[0].ID+"/payment-handled",
			url.Values{"reason": {"Nothing to do"}}); !strings.Contains(page, "did not fail") {
			t.Fatalf("handling a payment that did not fail:\n%s", page)
		}
	})
}
