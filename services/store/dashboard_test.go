package store_test

import (
	"bytes"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/services/store/storetest"
)

// postMultipart sends a form with a photo as client, following the redirect.
func postMultipart(t *testing.T, c *http.Client, u string, fields map[string]string, photo []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if photo != nil {
		fw, _ := mw.CreateFormFile("photo", "shoe.png")
		_, _ = fw.Write(photo)
	}
	mw.Close()
	res, err := c.Post(u, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b := new(bytes.Buffer)
	_, _ = b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}

// A store owner opens a shop on the dashboard, adds a product in sizes with a photo,
// counts stock, and fulfils orders: ready for pickup, handed over on the buyer's
// code, a packing slip and every order as CSV.
func TestVendorDashboard(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	c := s.Browser(owner)
	status, page := get(t, c, s.URL+"/dashboard")
	if status != 200 || !strings.Contains(page, `id="apply"`) {
		t.Fatalf("dashboard: %d\n%s", status, page)
	}
	status, page, path := post(t, c, s.URL+"/dashboard/vendors", url.Values{"name": {"Smooth Steps"}, "description": {"Shoes"},
		"shipping": {"$8.50"}, "pickup": {"on"}, "pickupLabel": {"Sunday set at the Mansion"}, "pickupAddress": {"5250 S Western Ave"}})
	if status != 200 || !strings.HasPrefix(path, "/dashboard/vendors/") || !strings.Contains(page, "waiting for an admin") {
		t.Fatalf("apply: %d %s\n%s", status, path, page)
	}
	noRawValues(t, page)
	vendorID := strings.TrimPrefix(path, "/dashboard/vendors/")
	var v storeapi.Vendor
	s.Must(200, "POST", "/api/admin/vendors/"+vendorID+"/approve", admin, nil).JSON(t, &v)
	if v.ShippingRateCents != 850 || len(v.PickupPoints) != 1 {
		t.Fatalf("applied: %+v", v)
	}
	status, page = postMultipart(t, c, s.URL+"/dashboard/vendors/"+vendorID+"/products", map[string]string{
		"name": "Suede Steppers", "category": "SHOES", "sizes": "9, 10, 11", "price": "89.99", "stock": "4", "sku": "SUEDE",
		"active": "on"}, photo(t, 600, 600))
	if status != 200 || !strings.Contains(page, "Suede Steppers is in your catalogue") {
		t.Fatalf("new product: %d\n%s", status, page)
	}
	var l productList
	s.Must(200, "GET", "/api/products?vendor="+v.Slug, nil, nil).JSON(t, &l)
	if len(l.Items) != 1 || len(l.Items[0].Variants) != 3 || l.Items[0].Variants[2].SKU != "SUEDE-11" || l.Items[0].PriceCents != 8999 ||
		len(l.Items[0].Images) != 1 {
		t.Fatalf("the product: %+v", l.Items)
	}
	p := l.Items[0]
	status, page, _ = post(t, c, s.URL+"/dashboard/variants/"+p.Variants[0].ID, url.Values{"stock": {"7"}})
	if status != 200 || !strings.Contains(page, "Stock of SUEDE-9 is 7") || available(t, s, p.Slug, 0) != 7 {
		t.Fatalf("stock: %d\n%s", status, page)
	}
	// A buyer's pickup order: ready, then handed over on the code.
	out, _ := s.Checkout(buyer, storetest.Pickup(storetest.Item(p.Variants[1].ID, 2)))
	o := out.Orders[0]
	_, page = get(t, c, s.URL+"/dashboard/vendors/"+vendorID)
	if !strings.Contains(page, `data-order="`+o.OrderNumber+`"`) || !strings.Contains(page, `/dashboard/orders/`+o.ID+`/ready`) ||
		strings.Contains(page, `/dashboard/orders/`+o.ID+`/ship`) {
		t.Fatalf("the order on the dashboard:\n%s", page)
	}
	noRawValues(t, page)
	status, page, _ = post(t, c, s.URL+"/dashboard/orders/"+o.ID+"/ready", url.Values{})
	if status != 200 || !strings.Contains(page, "is ready for pickup") {
		t.Fatalf("ready: %d\n%s", status, page)
	}
	status, page = get(t, c, s.URL+"/dashboard/orders/"+o.ID+"/slip")
	if status != 200 || !strings.Contains(page, "SUEDE-10") || !strings.Contains(page, o.PickupCode) {
		t.Fatalf("packing slip: %d\n%s", status, page)
	}
	status, page, _ = post(t, c, s.URL+"/dashboard/vendors/"+vendorID+"/pickups", url.Values{"code": {strings.ToLower(o.PickupCode)}})
	if status != 200 || !strings.Contains(page, "is handed over to Bea Buyer") {
		t.Fatalf("hand over: %d\n%s", status, page)
	}
	if got := s.Order(buyer, o.ID); got.FulfillmentStatus != "PICKED_UP" || got.PaymentStatus != "PAID" {
		t.Fatalf("after the hand-over: %+v", got)
	}
	req, _ := http.NewRequest("GET", s.URL+"/dashboard/vendors/"+vendorID+"/orders.csv", nil)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	res.Body.Close()
	if err != nil || len(rows) != 2 || rows[1][0] != o.OrderNumber || rows[1][5] != "PICKED_UP" || rows[1][13] != "179.98" {
		t.Fatalf("csv: %v %v", rows, err)
	}
	api := s.Do("GET", "/api/vendors/"+vendorID+"/orders", owner, nil, "Accept", "text/csv")
	if api.Status != 200 || !strings.HasPrefix(api.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(api.Body), o.OrderNumber) {
		t.Fatalf("csv through the API: %d %s", api.Status, api.Body)
	}
	// Strangers see nothing; staff see the dashboard but not the product form.
	if status, _ := get(t, s.Browser(other), s.URL+"/dashboard/vendors/"+vendorID); status != 403 {
		t.Fatalf("another owner's dashboard: %d", status)
	}
	s.Must(201, "POST", "/api/vendors/"+vendorID+"/team", owner, map[string]string{"email": staffer.Email, "role": "STAFF"})
	status, page = get(t, s.Browser(staffer), s.URL+"/dashboard/vendors/"+vendorID)
	if status != 200 || strings.Contains(page, `id="new-product"`) || strings.Contains(page, "Card payments") {
		t.Fatalf("staff's dashboard: %d", status)
	}
	if status, _ := get(t, s.Browser(other), s.URL+"/dashboard/orders/"+o.ID+"/slip"); status != 404 {
		t.Fatalf("another owner's packing slip: %d", status)
	}
}

func TestParseDollars(t *testing.T) {
	// Through the apply form: a bad amount is named, a good one kept in cents.
	s := storetest.Start(t, storetest.Options{})
	c := s.Browser(owner)
	for _, bad := range []string{"eight", "8.999", "1e3", "-5"} {
		_, page, _ := post(t, c, s.URL+"/dashboard/vendors", url.Values{"name": {"Shop"}, "shipping": {bad}})
		if !strings.Contains(page, "write an amount in dollars") {
			t.Errorf("%q accepted", bad)
		}
	}
}
