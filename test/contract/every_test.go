package contract

import (
	"net/http"
	"strings"
	"testing"
)

// testEveryService checks what CONTRACT.md promises of all seven services alike:
// health, readiness, metrics, /api/me, request ids, errors and lists in the
// contract's JSON shapes, and pages for browsers.
func testEveryService(t *testing.T, p *platform) {
	for _, name := range allServices {
		t.Run(name, func(t *testing.T) {
			base := p.url(name)

			call(t, "GET", base+"/healthz", nil).want(t, http.StatusOK)

			ready := call(t, "GET", base+"/readyz", nil).want(t, http.StatusOK)
			ready.obj(t)

			m := call(t, "GET", base+"/metrics", nil).want(t, http.StatusOK)
			if mt := m.mediaType(); mt != "text/plain" {
				t.Errorf("/metrics Content-Type %q, want Prometheus text (text/plain)", m.Header.Get("Content-Type"))
			}
			if !strings.Contains(string(m.Body), "# TYPE ") || !strings.Contains(string(m.Body), "# HELP ") {
				t.Errorf("/metrics is not Prometheus text: %s", snippet(m.Body))
			}

			call(t, "GET", base+"/api/me", nil).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
			// A token that does not verify is no identity: 401, not 500.
			call(t, "GET", base+"/api/me", nil, bearer("not.a.token")).
				wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")

			// An incoming request id is kept, in the header and in the error body.
			id := "contract-" + name + "-7f3a"
			e := call(t, "GET", base+"/api/me", nil, hdr("X-Request-Id", id)).
				wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
			if e.RequestID != id {
				t.Errorf("requestId %q in the body, want the caller's %q", e.RequestID, id)
			}

			call(t, "GET", base+"/no/such/page", nil).wantError(t, http.StatusNotFound, "NOT_FOUND")
			call(t, "GET", base+"/api/no-such-thing", nil).wantError(t, http.StatusNotFound, "NOT_FOUND")

			a := call(t, "DELETE", base+"/healthz", nil)
			var e405 errorShape
			a.want(t, http.StatusMethodNotAllowed).json(t, &e405)
			if e405.Error == "" || e405.Code == "" || e405.RequestID != a.Header.Get("X-Request-Id") {
				t.Errorf("405 not in the error shape: %s", snippet(a.Body))
			}
			if !strings.Contains(a.Header.Get("Allow"), "GET") {
				t.Errorf("405 without an Allow header naming GET: %q", a.Header.Get("Allow"))
			}
			call(t, "PUT", base+"/api/me", nil).want(t, http.StatusMethodNotAllowed)

			// A browser lands on pages: the service's / is one (or a redirect to the
			// portal's section), an unknown path or a refusal the HTML page with its status.
			home := call(t, "GET", base+"/", nil, hdr("Accept", browserAccept))
			if home.Status/100 == 3 {
				if loc := home.Header.Get("Location"); !strings.HasPrefix(loc, p.url("portal")+"/") {
					t.Errorf("/ redirects to %q, not to the portal", loc)
				}
			} else {
				wantPage(t, home.want(t, http.StatusOK))
			}
			wantPage(t, call(t, "GET", base+"/no/such/page", nil, hdr("Accept", browserAccept)).want(t, http.StatusNotFound))
			wantPage(t, call(t, "DELETE", base+"/healthz", nil, hdr("Accept", browserAccept)).want(t, http.StatusMethodNotAllowed))
			wantPage(t, call(t, "GET", base+"/api/me", nil, hdr("Accept", browserAccept)).want(t, http.StatusUnauthorized))

			if name == "portal" {
				// The portal's lists are its aggregates; the limit rules still hold.
				call(t, "GET", base+"/api/feed?limit=abc", nil).wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
				return
			}
			checkLimits(t, base+"/api/feed")

			// The data's version, for whoever keeps the service's answers: a caller
			// behind is told at once.
			var v struct {
				Version string `json:"version"`
			}
			call(t, "GET", base+"/api/data-version?after=behind", nil).want(t, http.StatusOK).json(t, &v)
			if v.Version == "" || v.Version == "behind" {
				t.Errorf("/api/data-version answered %q", v.Version)
			}
			call(t, "GET", base+"/api/data-version?after="+strings.Repeat("x", 65), nil).
				wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
		})
	}
}

// browserAccept is what a browser sends when it follows a link.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// wantPage fails unless a is an HTML page, not the JSON error.
func wantPage(t *testing.T, a answer) {
	t.Helper()
	if a.mediaType() != "text/html" || !strings.Contains(string(a.Body), "<h1") || strings.Contains(string(a.Body), `"requestId"`) {
		t.Errorf("a browser got no page (%d %s): %s", a.Status, a.Header.Get("Content-Type"), snippet(a.Body))
	}
}

// checkLimits checks the contract's paging rules on the list at u (no query yet):
// limit 20 by default, never more than 100, offset echoed, nonsense refused.
func checkLimits(t *testing.T, u string) {
	t.Helper()
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	if l := call(t, "GET", u, nil).list(t); l.Pagination.Limit != 20 || l.Pagination.Offset != 0 {
		t.Errorf("GET %s: default pagination %+v, want limit 20 offset 0", u, l.Pagination)
	}
	if l := call(t, "GET", u+sep+"limit=7&offset=3", nil).list(t); l.Pagination.Limit != 7 || l.Pagination.Offset != 3 {
		t.Errorf("GET %s limit=7 offset=3: pagination %+v", u, l.Pagination)
	}
	// Above the maximum: capped at 100, or refused as invalid; never a bigger page.
	if a := call(t, "GET", u+sep+"limit=1000", nil); a.Status == http.StatusBadRequest {
		a.wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
	} else if l := a.list(t); l.Pagination.Limit != 100 {
		t.Errorf("GET %s limit=1000: limit %d, want 100", u, l.Pagination.Limit)
	}
	for _, bad := range []string{"limit=abc", "limit=0", "limit=-5", "offset=-1", "offset=x"} {
		call(t, "GET", u+sep+bad, nil).wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
	}
}
