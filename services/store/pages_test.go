package store_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/storetest"
)

// get reads a page as client.
func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "text/html")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// post sends a form as client, following the redirect after it.
func post(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL.Path
}

var tags = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// noRawValues fails when a page's text shows a machine value instead of words.
func noRawValues(t *testing.T, page string) {
	t.Helper()
	text := tags.ReplaceAllString(page, " ")
	for _, raw := range []string{"UNFULFILLED", "READY_FOR_PICKUP", "PICKED_UP", "PENDING", "APPROVED", "SUSPENDED",
		"PAID", "VOIDED", "pay_at_pickup", "ACTIVE", "APPAREL", "SHOES"} {
		if regexp.MustCompile(`\b` + raw + `\b`).MatchString(text) {
			t.Errorf("the page shows %q:\n%s", raw, text)
		}
	}
}

// A shopper browses, picks a size (a sold-out one cannot be chosen), buys for
// pickup at the set, and sees the order in words with its pickup code; then
// cancels it.
func TestShopPages(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	sh := newShop(t, s)
	s.Must(200, "PATCH", "/api/variants/"+sh.shoes.Variants[0].ID, owner, map[string]any{"stock": 0})
	anon := s.Browser(nil)
	status, home := get(t, anon, s.URL+"/?q=suede")
	if status != 200 || !strings.Contains(home, "Suede Steppers") || strings.Contains(home, "Anniversary Tee") {
		t.Fatalf("home: %d\n%s", status, home)
	}
	noRawValues(t, home)
	status, page := get(t, anon, s.URL+"/products/"+sh.shoes.Slug)
	if status != 200 || !strings.Contains(page, "Sign in") || strings.Contains(page, `action="/products/`) {
		t.Fatalf("product page to a stranger: %d", status)
	}
	c := s.Browser(buyer)
	_, page = get(t, c, s.URL+"/products/"+sh.shoes.Slug)
	soldOut := regexp.MustCompile(`value="` + sh.shoes.Variants[0].ID + `"\s+disabled`)
	if !soldOut.MatchString(page) || !strings.Contains(page, "Sold out") || !strings.Contains(page, "Sunday set at the Mansion") {
		t.Fatalf("product page: size 9 is not shown sold out:\n%s", page)
	}
	noRawValues(t, page)
	form := url.Values{"variant": {sh.shoes.Variants[0].ID}, "quantity": {"1"}, "way": {"pickup"}, "paymentMethod": {"pay_at_pickup"}}
	status, page, _ = post(t, c, s.URL+"/products/"+sh.shoes.Slug+"/buy", form)
	if status != 409 || !strings.Contains(page, "sold out") {
		t.Fatalf("buying a sold-out size: %d\n%s", status, page)
	}
	form.Set("variant", sh.shoes.Variants[1].ID)
	form.Set("way", "pickup:"+sh.steps.PickupPoints[0].ID)
	status, page, path := post(t, c, s.URL+"/products/"+sh.shoes.Slug+"/buy", form)
	if status != 200 || !strings.HasPrefix(path, "/orders/") || !strings.Contains(page, "Being prepared") ||
		!strings.Contains(page, "Not paid yet") || !strings.Contains(page, "Pickup code") || !strings.Contains(page, "is placed") {
		t.Fatalf("after buying: %d %s\n%s", status, path, page)
	}
	noRawValues(t, page)
	orderPath := path
	if status, _ := get(t, s.Browser(storetest.BuyerN(7)), s.URL+orderPath); status != 404 {
		t.Fatalf("another buyer's order page: %d", status)
	}
	status, page, _ = post(t, c, s.URL+orderPath+"/cancel", url.Values{})
	if status != 200 || !strings.Contains(page, "Cancelled") || !strings.Contains(page, "The order is cancelled") {
		t.Fatalf("cancel: %d\n%s", status, page)
	}
	status, page = get(t, anon, s.URL+"/vendors/"+sh.steps.Slug)
	if status != 200 || !strings.Contains(page, "Suede Steppers") || !strings.Contains(page, "Sunday set at the Mansion") {
		t.Fatalf("vendor page: %d", status)
	}
}

// An admin reviews an application on the store's own page and decides; the
// decision is in the trail.
func TestAdminReviewPage(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	var v storeapi.Vendor
	s.Must(201, "POST", "/api/vendors", owner, storetest.ShopBody("Smooth Steps")).JSON(t, &v)
	var queue struct {
		Items []storeapi.QueueItem `json:"items"`
	}
	s.Must(200, "GET", "/api/admin/queue", admin, nil).JSON(t, &queue)
	c := s.Browser(admin)
	status, page := get(t, c, queue.Items[0].URL)
	if status != 200 || !strings.Contains(page, "Smooth Steps") || !strings.Contains(page, "Waiting for approval") ||
		!strings.Contains(page, `/admin/vendors/`+v.ID+`/approve`) || strings.Contains(page, "/suspend") {
		t.Fatalf("review page: %d\n%s", status, page)
	}
	noRawValues(t, page)
	if status, _ := get(t, s.Browser(owner), queue.Items[0].URL); status != 403 {
		t.Fatalf("the review page to a vendor: %d", status)
	}
	status, page, _ = post(t, c, s.URL+"/admin/vendors/"+v.ID+"/reject", url.Values{})
	if status != 200 || !strings.Contains(page, "reason") {
		t.Fatalf("a rejection without a reason: %d\n%s", status, page)
	}
	status, page, _ = post(t, c, s.URL+"/admin/vendors/"+v.ID+"/approve", url.Values{})
	if status != 200 || !strings.Contains(page, "Smooth Steps is now approved") || !strings.Contains(page, "/suspend") {
		t.Fatalf("approve: %d\n%s", status, page)
	}
	noRawValues(t, page)
	if !strings.Contains(page, `data-value="approve">Approved</span> by ada@example.com`) {
		t.Fatalf("the trail:\n%s", page)
	}
}
