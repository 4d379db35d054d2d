package aggregate

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// queueService answers GET /api/admin/queue like a service: n items waiting, only for
// the admin's token.
func queueService(t *testing.T, name string, n int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != adminq.Path || r.Header.Get("Authorization") != "Bearer admin-token" {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":"no","code":"FORBIDDEN","requestId":""}`))
			return
		}
		var items []adminq.Item
		for i := range min(n, 2) {
			items = append(items, adminq.Item{Kind: name + "_thing", ID: name + "-" + string(rune('a'+i)), Title: "Waiting at " + name,
				CreatedAt: time.Date(2026, 3, 1, 12-i, 0, 0, 0, time.UTC), URL: "http://" + name + ".test/admin/" + string(rune('a'+i))})
		}
		_ = json.NewEncoder(w).Encode(web.NewList(items, n, web.Page{Limit: 2}))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func queueMux(t *testing.T, down string) http.Handler {
	urls := map[string]string{}
	for i, name := range Order {
		if name == down {
			urls[name] = "http://127.0.0.1:1" // nothing listens
			continue
		}
		urls[name] = queueService(t, name, i).URL
	}
	up := upstreams(t, urls)
	mux := http.NewServeMux()
	New(up, Options{Budget: 2 * time.Second}).Mount(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch tok, _ := auth.TokenFromRequest(r); tok {
		case "admin-token":
			r = r.WithContext(auth.WithUser(r.Context(), &auth.User{ID: "a", Roles: []string{auth.RoleUser, auth.RoleAdmin}}))
		case "dancer-token":
			r = r.WithContext(auth.WithUser(r.Context(), &auth.User{ID: "d", Roles: []string{auth.RoleUser}}))
		}
		mux.ServeHTTP(w, r)
	})
}

func TestQueueIsForAdminsOnly(t *testing.T) {
	h := queueMux(t, "")
	for tok, want := range map[string]int{"": 401, "dancer-token": 403, "admin-token": 200} {
		req := httptest.NewRequest("GET", "/api/admin/queue", nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("token %q: %d %s, want %d", tok, rec.Code, rec.Body, want)
		}
	}
}

// Every service's queue, a section each in the feed's shape; a service that is down
// says so in its section and the answer is incomplete, never failed.
func TestQueueGathersEveryServiceAndSaysWhichIsDown(t *testing.T) {
	h := queueMux(t, "store")
	req := httptest.NewRequest("GET", "/api/admin/queue?limit=2", nil)
	req.Header.Set("Authorization", "Bearer admin-token")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get(CompleteHeader) != "false" || rec.Header().Get("Cache-Control") != "private, no-store" {
		t.Fatalf("queue: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	var got struct {
		Sections map[string]struct {
			Items    []adminq.Item `json:"items"`
			Total    int           `json:"total"`
			Complete bool          `json:"complete"`
			Stale    *bool         `json:"stale"`
			Error    string        `json:"error"`
		} `json:"sections"`
		Complete bool `json:"complete"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Complete || len(got.Sections) != len(Order) {
		t.Fatalf("answer: %s", rec.Body)
	}
	// The sections come in the contract's order.
	last := -1
	for _, name := range Order {
		at := strings.Index(rec.Body.String(), `"`+name+`":`)
		if at < last {
			t.Errorf("section %s out of order in %s", name, rec.Body)
		}
		last = at
	}
	for i, name := range Order {
		s := got.Sections[name]
		if s.Stale == nil || *s.Stale {
			t.Errorf("%s: stale %v", name, s.Stale)
		}
		if name == "store" {
			if s.Complete || s.Error != CodeUnavailable || s.Items == nil || len(s.Items) != 0 {
				t.Errorf("the service that is down: %+v", s)
			}
			continue
		}
		if !s.Complete || s.Error != "" || s.Total != i || len(s.Items) != min(i, 2) {
			t.Errorf("%s: %+v, want %d waiting", name, s, i)
		}
		if len(s.Items) > 0 && (s.Items[0].URL != "http://"+name+".test/admin/a" || s.Items[0].CreatedAt.IsZero()) {
			t.Errorf("%s: first item %+v", name, s.Items[0])
		}
	}
}

func upstreams(t *testing.T, urls map[string]string) *gateway.Upstreams {
	t.Helper()
	up, err := gateway.NewUpstreams(urls, gateway.Options{BreakerThreshold: 3, BreakerCooldown: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return up
}
