package restaurants_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants/resttest"
)

// TestDashboardForms posts the dashboard's forms the way a browser without scripts
// would, and checks each lands where the API sees it.
func TestDashboardForms(t *testing.T) {
	e := resttest.Start(t, resttest.Options{})
	s := newShop(t, e)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values, want string) {
		t.Helper()
		req, _ := http.NewRequest("POST", e.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		hosttest.Authorize(req, &resttest.Owner)
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, _ := url.QueryUnescape(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, want) {
			t.Fatalf("%s: %d %q, want a redirect saying %q", path, res.StatusCode, loc, want)
		}
	}
	post("/dashboard/"+s.ID+"/hours", url.Values{"open_monday": {"11:00"}, "close_monday": {"22:00"},
		"open_friday": {"18:00"}, "close_friday": {"02:00"}}, "?flash=Opening hours saved")
	post("/dashboard/"+s.ID+"/hours", url.Values{"open_monday": {"11"}, "close_monday": {"22:00"}}, "?err=Some fields need another look")
	d := e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t)
	if h := d["hours"].([]any); len(h) != 2 || h[1].(map[string]any)["close"] != "02:00" {
		t.Fatalf("hours: %v", h)
	}
	post("/dashboard/"+s.ID+"/profile", url.Values{"name": {"Wing Stop 79"}, "cuisine": {"American"},
		"address": {"1 E 79th St, Chicago"}, "phone": {"773-555-0199"}, "description": {"Now with lemon pepper"},
		"taxPercent": {"10.5"}}, "Profile saved")
	post("/dashboard/"+s.ID+"/profile", url.Values{"name": {"Wing Stop 79"}, "cuisine": {"American"},
		"address": {"1 E 79th St, Chicago"}, "taxPercent": {"lots"}}, "?err=Some fields need another look. Sales tax must be a percentage from 0 to 30.")
	if d := e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t); d["taxBasisPoints"] != 1050.0 || d["phone"] != "773-555-0199" {
		t.Fatalf("profile: %v", d)
	}
	post("/dashboard/"+s.ID+"/staff", url.Values{"email": {"new@example.com"}, "role": {"STAFF"}}, "joins the team")
	post("/dashboard/"+s.ID+"/staff", url.Values{"email": {"not-an-email"}, "role": {"STAFF"}}, "?err=Some fields need another look. Email must be an e-mail address.")
	if n := len(e.Must(200, "GET", "/api/restaurants/"+s.ID+"/staff", &resttest.Owner, nil).Map(t)["items"].([]any)); n != 3 {
		t.Fatalf("staff: %d", n)
	}
	post("/dashboard/"+s.ID+"/items/"+s.Fries, url.Values{"name": {"Fries"}, "category": {"Sides"}, "price": {"5.25"},
		"dietary": {"vegan"}}, "Fries is saved")
	item := e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t)["menu"].(map[string]any)["categories"].([]any)[1].(map[string]any)["items"].([]any)[0].(map[string]any)
	if item["priceCents"] != 525.0 || item["available"] != false || item["category"] != "Sides" {
		t.Fatalf("edited item: %v", item)
	}

	// A photo through the multipart form; a file that is not an image is refused.
	upload := func(content []byte, want string) {
		t.Helper()
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("image", "front.png")
		_, _ = fw.Write(content)
		_ = mw.Close()
		req, _ := http.NewRequest("POST", e.URL+"/dashboard/"+s.ID+"/photos", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		hosttest.Authorize(req, &resttest.Owner)
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc, _ := url.QueryUnescape(res.Header.Get("Location")); res.StatusCode != 303 || !strings.Contains(loc, want) {
			t.Fatalf("upload: %d %q want %q", res.StatusCode, loc, want)
		}
	}
	upload(photo(t, 400, 300), "Photo added")
	upload([]byte("just text"), "JPEG, PNG or WebP")
	// A refusal reads as an error on the page, not as news of success.
	page := e.Must(200, "GET", "/dashboard/"+s.ID+"?err=The+form+could+not+be+read.", &resttest.Owner, nil, "Accept", "text/html")
	if !strings.Contains(string(page.Body), `<p class="error" role="alert" id="form-error">The form could not be read.</p>`) {
		t.Fatalf("the error is not shown as one:\n%s", page.Body)
	}
	if ph := e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t)["photos"].([]any); len(ph) != 1 {
		t.Fatalf("photos: %v", ph)
	}
}
