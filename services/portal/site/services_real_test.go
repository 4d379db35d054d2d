package site

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/proctest"
)

// servicesPlatform is the real portal in front of the real services directory, with
// one approved DJ once seeded.
type servicesPlatform struct {
	*platform
	services           string
	provider, customer string // session tokens
	providerID, slug   string
}

func startServicesPlatform(t *testing.T) *servicesPlatform {
	t.Helper()
	ports := proctest.FreePorts(t, 2)
	portalURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	services := proctest.StartWith(t, "services", ports[1], map[string]string{"NEXTAUTH_URL": portalURL})
	portal := proctest.StartPortal(t, ports[0], map[string]string{"services": services.URL})
	p := &servicesPlatform{platform: &platform{portal: portal.URL, portalProc: portal}, services: services.URL}
	p.provider = p.account(t, "dj@example.com", auth.RoleServiceProvider)
	p.customer = p.account(t, "cara@example.com")
	admin := p.admin(t, "admin@example.com")
	pr := apiCall(t, p.portal, p.provider, "POST", "/api/services/providers", map[string]any{
		"businessName": "Portal Test Grooves", "tagline": "Steppers sets all night", "description": "We spin **steppers**.",
		"category": "DJ", "city": "Chicago", "zip": "60619", "priceRange": "MODERATE", "phone": "(312) 555-0142",
		"email": "book@example.com", "startingPriceCents": 45000})
	p.providerID, p.slug = pr["id"].(string), pr["slug"].(string)
	apiCall(t, p.portal, admin, "POST", "/api/services/admin/providers/"+p.providerID+"/approve", map[string]any{})
	return p
}

// A customer finds the DJ by category and date on stepperslife.com, is told of a
// booked day before sending, sends a quote request from the portal's page, reads the
// provider's answer and writes back under My SteppersLife, and reviews the DJ — all
// without leaving the portal, which keeps none of it.
func TestRealServicesOnThePortal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts service processes")
	}
	p := startServicesPlatform(t)
	booked := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	free := time.Now().AddDate(0, 1, 1).Format("2006-01-02")
	apiCall(t, p.portal, p.provider, "PUT", "/api/services/providers/"+p.providerID+"/booked/"+booked, nil)

	// The home page's services card leads to the portal's provider page.
	if home := pageCall(t, p.portal, p.customer, "GET", "/", nil); !strings.Contains(home, `href="/services/`+p.slug+`"`) {
		t.Fatalf("home does not link the portal's provider page:\n%s", home)
	}
	dir := pageCall(t, p.portal, p.customer, "GET", "/services", nil)
	if !strings.Contains(dir, `href="/services/categories/dj"`) || !strings.Contains(dir, "Portal Test Grooves") {
		t.Fatalf("directory:\n%s", dir)
	}
	if page := pageCall(t, p.portal, p.customer, "GET", "/services/categories/dj?eventDate="+booked, nil); strings.Contains(page, "Portal Test Grooves") ||
		!strings.Contains(page, "0 businesses free that day") {
		t.Fatalf("the DJ is listed on a booked day:\n%s", page)
	}
	page := pageCall(t, p.portal, p.customer, "GET", "/services/categories/dj?eventDate="+free, nil)
	if !strings.Contains(page, `href="/services/`+p.slug+`?eventDate=`+free+`"`) {
		t.Fatalf("the DJ is not listed on a free day:\n%s", page)
	}
	if status := pageStatus(t, p.portal, p.customer, "GET", "/services/categories/nope", nil); status != http.StatusNotFound {
		t.Fatalf("an unknown category answered %d", status)
	}
	if status := pageStatus(t, p.portal, p.customer, "GET", "/services/no-such-dj", nil); status != http.StatusNotFound {
		t.Fatalf("an unknown provider answered %d", status)
	}

	page = pageCall(t, p.portal, p.customer, "GET", "/services/"+p.slug+"?eventDate="+booked, nil)
	if !strings.Contains(page, "has marked") || !strings.Contains(page, `name="evenIfBooked"`) || !strings.Contains(page, "$$ · moderate") {
		t.Fatalf("provider page on a booked day:\n%s", page)
	}
	form := url.Values{"eventDate": {booked}, "message": {"Free that Saturday?"}, "budget": {"600"}, "idempotency_key": {"k1"}}
	status, page := pageDo(t, p.portal, p.customer, "POST", "/services/"+p.slug+"/inquiries", form)
	if status != http.StatusConflict || !strings.Contains(page, "as booked") || !strings.Contains(page, "Free that Saturday?") {
		t.Fatalf("a booked day's request: %d\n%s", status, page)
	}
	form.Set("eventDate", free)
	sent := pageCall(t, p.portal, p.customer, "POST", "/services/"+p.slug+"/inquiries", form)
	if !strings.Contains(sent, "on its way") || !strings.Contains(sent, "$600.00") || !strings.Contains(sent, "Free that Saturday?") {
		t.Fatalf("after sending:\n%s", sent)
	}
	id := regexp.MustCompile(`action="/me/inquiries/([^/"]+)/messages"`).FindStringSubmatch(sent)
	if id == nil {
		t.Fatalf("no reply form:\n%s", sent)
	}

	// The provider answers in the directory; the customer reads it on the portal.
	apiCall(t, p.portal, p.provider, "POST", "/api/services/inquiries/"+id[1]+"/messages", map[string]string{"body": "Yes — $600 covers five hours."})
	thread := pageCall(t, p.portal, p.customer, "GET", "/me/inquiries/"+id[1], nil)
	if !strings.Contains(thread, "five hours") || !strings.Contains(thread, "Answered") {
		t.Fatalf("thread:\n%s", thread)
	}
	thread = pageCall(t, p.portal, p.customer, "POST", "/me/inquiries/"+id[1]+"/messages", url.Values{"body": {"Booked! See you then."}})
	if !strings.Contains(thread, "See you then") {
		t.Fatalf("reply:\n%s", thread)
	}
	// Nobody else reads it, not even through the portal.
	other := p.account(t, "nosy@example.com")
	if status := pageStatus(t, p.portal, other, "GET", "/me/inquiries/"+id[1], nil); status != http.StatusNotFound {
		t.Fatalf("another customer opened the thread: %d", status)
	}
	mine := pageCall(t, p.portal, p.customer, "GET", "/me/inquiries", nil)
	if !strings.Contains(mine, "To Portal Test Grooves") || !strings.Contains(mine, "/me/inquiries/"+id[1]) {
		t.Fatalf("my inquiries:\n%s", mine)
	}
	if me := pageCall(t, p.portal, p.customer, "GET", "/me", nil); !strings.Contains(me, `href="/me/inquiries/`+id[1]+`"`) ||
		!strings.Contains(me, `href="/me/inquiries"`) {
		t.Fatalf("My SteppersLife does not lead to the request:\n%s", me)
	}

	// The review, verified by the answered request; a second one edits the first.
	reviewed := pageCall(t, p.portal, p.customer, "POST", "/services/"+p.slug+"/reviews", url.Values{"rating": {"4"}, "body": {"Kept the floor full."}})
	if !strings.Contains(reviewed, "Kept the floor full.") || !strings.Contains(reviewed, "Hired through SteppersLife") {
		t.Fatalf("review:\n%s", reviewed)
	}
	reviewed = pageCall(t, p.portal, p.customer, "POST", "/services/"+p.slug+"/reviews", url.Values{"rating": {"5"}, "body": {"Even better the second time."}})
	if !strings.Contains(reviewed, "Even better") || strings.Contains(reviewed, "Kept the floor full.") || !strings.Contains(reviewed, "5.0 ★") {
		t.Fatalf("edited review:\n%s", reviewed)
	}
	if status := pageStatus(t, p.portal, p.provider, "POST", "/services/"+p.slug+"/reviews", url.Values{"rating": {"5"}}); status != http.StatusForbidden {
		t.Fatalf("the provider reviewed itself: %d", status)
	}
}
