package aggregate

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/proctest"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// The budget of every service in these tests; answers must come within it plus one
// second of slack for a loaded two-core machine (the bound is the behaviour tested).
const procBudget = 800 * time.Millisecond

type feedAnswer struct {
	Sections map[string]struct {
		Items    []json.RawMessage `json:"items"`
		Complete bool              `json:"complete"`
		Stale    bool              `json:"stale"`
		Error    string            `json:"error"`
	} `json:"sections"`
	Complete bool `json:"complete"`
}

// realPortal serves the aggregator and the gateway the way the portal does, in front
// of the given services.
func realPortal(t *testing.T, iss *proctest.Issuer, procs map[string]*proctest.Proc) *httptest.Server {
	return realPortalOpts(t, iss, procs, Options{Budget: procBudget, Fresh: 300 * time.Millisecond, Stale: time.Minute})
}

func realPortalOpts(t testing.TB, iss *proctest.Issuer, procs map[string]*proctest.Proc, o Options) *httptest.Server {
	urls := map[string]string{}
	for name, p := range procs {
		urls[name] = p.URL
	}
	up, err := gateway.NewUpstreams(urls, gateway.Options{BreakerThreshold: 2, BreakerCooldown: time.Second,
		HeaderTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	New(up, o).Mount(mux)
	gateway.New(up).Mount(mux)
	verifier := auth.NewTokenVerifier(iss.URL, auth.NewJWKSCache(iss.URL+auth.JWKSPath, nil))
	policy := auth.Policy{PortalURL: iss.URL, Dev: true}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := web.Middleware(log, web.NewMetrics(prometheus.NewRegistry()), 8<<20,
		auth.Protect(policy, verifier, web.JSONFallback(mux)))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

var client = &http.Client{Timeout: 20 * time.Second}

func getFeed(t *testing.T, url string) (feedAnswer, time.Duration) {
	t.Helper()
	start := time.Now()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	took := time.Since(start)
	var a feedAnswer
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	if got, want := resp.Header.Get(CompleteHeader), map[bool]string{true: "true", false: "false"}[a.Complete]; got != want {
		t.Fatalf("%s %q disagrees with complete:%v", CompleteHeader, got, a.Complete)
	}
	if len(a.Sections) != 6 {
		t.Fatalf("%d sections", len(a.Sections))
	}
	return a, took
}

func TestRealServices(t *testing.T) {
	if testing.Short() {
		t.Skip("starts six service processes")
	}
	iss := proctest.NewIssuer(t)
	procs := proctest.StartAll(t, Order, iss.URL)
	portal := realPortal(t, iss, procs)

	t.Run("all services up: feed complete", func(t *testing.T) {
		a, _ := getFeed(t, portal.URL+"/api/feed")
		if !a.Complete {
			t.Fatalf("feed incomplete with every service up: %+v", a)
		}
	})

	t.Run("request id reaches every service", func(t *testing.T) {
		const id = "trace-portal-issue6"
		for _, path := range []string{"/api/feed?limit=7", "/api/search?q=steppin", "/api/events/me", "/api/magazine/feed"} {
			req, _ := http.NewRequest("GET", portal.URL+path, nil)
			req.Header.Set(web.RequestIDHeader, id)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get(web.RequestIDHeader); got != id {
				t.Fatalf("%s answered with request id %q", path, got)
			}
		}
		// Each service writes one access-log line per request, with its request id.
		deadline := time.Now().Add(5 * time.Second)
		for _, name := range Order {
			for !strings.Contains(procs[name].Out.String(), `"requestId":"`+id+`"`) {
				if time.Now().After(deadline) {
					t.Fatalf("%s never saw request id %s; its log:\n%s", name, id, procs[name].Out)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	})

	t.Run("identity travels as a bearer token", func(t *testing.T) {
		tok := iss.Token(t, "dancer@example.com")
		req, _ := http.NewRequest("GET", portal.URL+"/api/restaurants/me", nil)
		req.AddCookie(&http.Cookie{Name: auth.AccessCookie, Value: tok})
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "dancer@example.com") {
			t.Fatalf("restaurants did not see the caller: %d %s", resp.StatusCode, body)
		}
		req, _ = http.NewRequest("GET", portal.URL+"/api/me/activity", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a feedAnswer
		_ = json.NewDecoder(resp.Body).Decode(&a)
		if resp.StatusCode != 200 || !a.Complete {
			t.Fatalf("activity: %d %+v", resp.StatusCode, a)
		}
	})

	t.Run("killed service: feed 200 within budget, its section marked", func(t *testing.T) {
		procs["events"].Signal(t, syscall.SIGKILL)
		<-procs["events"].Exited
		time.Sleep(400 * time.Millisecond) // past the fresh window of the cache
		// The first answers may come from the cache while the refresh that fails is
		// under way; the section is marked once it has failed.
		marked := false
		for deadline := time.Now().Add(5 * time.Second); !marked && time.Now().Before(deadline); {
			a, took := getFeed(t, portal.URL+"/api/feed")
			if took > procBudget+time.Second {
				t.Fatalf("feed took %v with one service dead", took)
			}
			for name, s := range a.Sections {
				if name != "events" && !s.Complete {
					t.Fatalf("%s incomplete while only events is dead: %+v", name, s)
				}
			}
			if s := a.Sections["events"]; !s.Complete {
				if s.Error != CodeUnavailable || !s.Stale || a.Complete {
					t.Fatalf("events section: %+v (feed complete %v)", s, a.Complete)
				}
				marked = true
			}
		}
		if !marked {
			t.Fatal("the dead service's section was never marked")
		}
		assertGatewayError(t, portal.URL+"/api/events/events", http.StatusServiceUnavailable, http.StatusBadGateway)
	})

	t.Run("hung service: feed 200 within budget, then complete when it is back", func(t *testing.T) {
		p := procs["restaurants"]
		p.Signal(t, syscall.SIGSTOP)
		time.Sleep(400 * time.Millisecond)
		// The first answers may still come from the cache while the refresh that will
		// time out is under way; the section is marked once it has.
		marked := false
		for deadline := time.Now().Add(5 * time.Second); !marked && time.Now().Before(deadline); {
			a, took := getFeed(t, portal.URL+"/api/feed")
			if took > procBudget+time.Second {
				t.Fatalf("feed took %v with one service hung", took)
			}
			for name, s := range a.Sections {
				if name != "events" && name != "restaurants" && !s.Complete {
					t.Fatalf("%s incomplete while restaurants hangs: %+v", name, s)
				}
			}
			if s := a.Sections["restaurants"]; !s.Complete {
				if (s.Error != CodeTimeout && s.Error != CodeUnavailable) || !s.Stale {
					t.Fatalf("restaurants section: %+v", s)
				}
				marked = true
			}
		}
		if !marked {
			t.Fatal("the hung service's section was never marked")
		}
		// Once marked, it stays marked while the service hangs, and answers stay fast.
		for range 3 {
			a, took := getFeed(t, portal.URL+"/api/feed")
			if s := a.Sections["restaurants"]; s.Complete || took > procBudget+time.Second {
				t.Fatalf("restaurants section %+v after %v while hung", s, took)
			}
		}
		// By now the breaker is open: the gateway answers at once, without waiting.
		assertGatewayError(t, portal.URL+"/api/restaurants/restaurants", http.StatusServiceUnavailable, http.StatusGatewayTimeout)

		p.Signal(t, syscall.SIGCONT)
		deadline := time.Now().Add(15 * time.Second)
		for {
			a, took := getFeed(t, portal.URL+"/api/feed")
			if took > procBudget+time.Second {
				t.Fatalf("feed took %v while restaurants recovers", took)
			}
			if s := a.Sections["restaurants"]; s.Complete && s.Error == "" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("restaurants section still incomplete after it came back: %+v", a.Sections["restaurants"])
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
}

func assertGatewayError(t *testing.T, url string, statuses ...int) {
	t.Helper()
	start := time.Now()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b web.Body
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil {
		t.Fatalf("gateway error not JSON (%d): %v", resp.StatusCode, err)
	}
	ok := false
	for _, s := range statuses {
		ok = ok || resp.StatusCode == s
	}
	if !ok || b.Code == "" || b.Error == "" || b.RequestID == "" {
		t.Fatalf("gateway answered %d %+v, want one of %v in the contract's error shape", resp.StatusCode, b, statuses)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("gateway took %v to give up", took)
	}
}
