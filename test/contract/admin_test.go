package contract

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

type waitingItem struct {
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	CreatedAt string `json:"createdAt"`
	URL       string `json:"url"`
}

// testAdminQueue checks GET /api/admin/queue on every service and on the portal:
// admins only; a list of {kind,id,title,createdAt,url} on a service, the feed's shape
// on the portal; a restaurant application waits on both, linking to the
// restaurants service's own page, until an admin decides.
func testAdminQueue(t *testing.T, w *world) {
	p := w.p
	for _, name := range allServices {
		call(t, "GET", p.url(name)+"/api/admin/queue", nil).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		call(t, "GET", p.url(name)+"/api/admin/queue", nil, bearer(w.buyer.Token)).wantError(t, http.StatusForbidden, "FORBIDDEN")
	}
	restaurants := p.url("restaurants")
	var applied struct {
		ID string `json:"id"`
	}
	call(t, "POST", restaurants+"/api/restaurants", map[string]string{"name": "Queue Check Kitchen", "cuisine": "Soul food",
		"address": "75 E 75th St, Chicago"}, bearer(w.owner.Token)).want(t, http.StatusCreated).json(t, &applied)

	for _, name := range allServices[1:] {
		l := call(t, "GET", p.url(name)+"/api/admin/queue?limit=100", nil, bearer(w.admin.Token)).list(t)
		found := false
		for _, it := range items[waitingItem](t, l) {
			if it.Kind == "" || it.ID == "" || it.Title == "" || !strings.HasPrefix(it.URL, p.url(name)+"/") {
				t.Errorf("%s: waiting item %+v lacks a field or a link to its own service", name, it)
			}
			if at, err := time.Parse(time.RFC3339, it.CreatedAt); err != nil || at.Location() != time.UTC {
				t.Errorf("%s: createdAt %q is not RFC 3339 in UTC", name, it.CreatedAt)
			}
			found = found || it.ID == applied.ID
		}
		if (name == "restaurants") != found {
			t.Errorf("%s: the new application waiting: %v", name, found)
		}
	}

	a := call(t, "GET", p.portal()+"/api/admin/queue", nil, bearer(w.admin.Token)).want(t, http.StatusOK)
	if a.Header.Get("X-Aggregate-Complete") != "true" {
		t.Errorf("portal queue: X-Aggregate-Complete %q with every service up", a.Header.Get("X-Aggregate-Complete"))
	}
	var agg struct {
		Sections map[string]struct {
			Items    []waitingItem `json:"items"`
			Complete bool          `json:"complete"`
			Stale    bool          `json:"stale"`
		} `json:"sections"`
		Complete bool `json:"complete"`
	}
	a.json(t, &agg)
	if !agg.Complete || len(agg.Sections) != len(allServices)-1 {
		t.Fatalf("portal queue: %s", snippet(a.Body))
	}
	found := false
	for _, it := range agg.Sections["restaurants"].Items {
		found = found || (it.ID == applied.ID && it.URL == restaurants+"/admin/restaurants/"+applied.ID)
	}
	if !found {
		t.Errorf("the portal's queue does not show the application: %s", snippet(a.Body))
	}

	// Rejecting needs a reason; once decided, the application no longer waits.
	call(t, "POST", restaurants+"/api/admin/restaurants/"+applied.ID+"/reject", nil, bearer(w.admin.Token)).
		wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
	var rejected map[string]any
	call(t, "POST", restaurants+"/api/admin/restaurants/"+applied.ID+"/reject", map[string]string{"reason": "A test application"},
		bearer(w.admin.Token)).want(t, http.StatusOK).json(t, &rejected)
	if rejected["status"] != "REJECTED" || rejected["statusReason"] != "A test application" {
		t.Errorf("rejected: %v", rejected)
	}
	l := call(t, "GET", restaurants+"/api/admin/queue?limit=100", nil, bearer(w.admin.Token)).list(t)
	for _, raw := range l.Items {
		var it waitingItem
		_ = json.Unmarshal(raw, &it)
		if it.ID == applied.ID {
			t.Errorf("the rejected application still waits: %+v", it)
		}
	}
	testQueueOfStoreAndClasses(t, w)
}

// testQueueOfStoreAndClasses checks that a vendor application and an instructor to
// verify wait on their own services' queues and on the portal's admin desk, each
// linking to the admin page of its own service.
func testQueueOfStoreAndClasses(t *testing.T, w *world) {
	p := w.p
	seller := newPerson(t, p, "queue-seller@example.com", "Queue Seller")
	seller.takeRole(t, p, "STORE_OWNER")
	seller.takeRole(t, p, "INSTRUCTOR")
	var vendor, instructor struct {
		ID string `json:"id"`
	}
	call(t, "POST", p.url("store")+"/api/vendors", map[string]any{"name": "Queue Check Threads", "description": "Steppin wear",
		"shippingRateCents": 500}, bearer(seller.Token)).want(t, http.StatusCreated).json(t, &vendor)
	call(t, "PUT", p.url("classes")+"/api/me/instructor", map[string]any{"displayName": "Queue Check Teacher"},
		bearer(seller.Token)).want(t, http.StatusOK).json(t, &instructor)
	want := map[string]string{
		"store":   p.url("store") + "/admin/vendors/" + vendor.ID,
		"classes": p.url("classes") + "/admin/instructors/" + instructor.ID,
	}
	var agg struct {
		Sections map[string]struct {
			Items []waitingItem `json:"items"`
		} `json:"sections"`
	}
	call(t, "GET", p.portal()+"/api/admin/queue", nil, bearer(w.admin.Token)).want(t, http.StatusOK).json(t, &agg)
	desk := call(t, "GET", p.portal()+"/admin", nil, via(w.admin.Browser), hdr("Accept", "text/html")).want(t, http.StatusOK)
	for name, link := range want {
		found := false
		for _, it := range agg.Sections[name].Items {
			found = found || it.URL == link
		}
		if !found {
			t.Errorf("the portal's queue lacks %s's waiting item %s: %+v", name, link, agg.Sections[name])
		}
		if !strings.Contains(string(desk.Body), `href="`+link+`"`) {
			t.Errorf("the portal's admin desk does not link to %s", link)
		}
	}
}
