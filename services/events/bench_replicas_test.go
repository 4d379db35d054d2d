package events_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/hosttest"
	"stepperslife/internal/kit/web"
	"stepperslife/services/events/eventstest"
)

// BenchmarkPurchaseReplicas measures purchases per second through a round-robin
// reverse proxy in front of one, then two, whole events services on one PostgreSQL
// database, 64 concurrent buyers of one tier, and checks the tier was not oversold.
// Run by hand:
//
//	go test ./services/events/ -run '^$' -bench PurchaseReplicas -benchtime 3000x
func BenchmarkPurchaseReplicas(b *testing.B) {
	for _, n := range []struct {
		name     string
		replicas int
	}{{"one", 1}, {"two", 2}} {
		b.Run(n.name, func(b *testing.B) { benchmarkReplicas(b, n.replicas, 64) })
	}
}

func benchmarkReplicas(b *testing.B, n, buyers int) {
	rs, _ := replicas(b, n)
	front := roundRobin(b, rs)
	eventID, tierID := rs[0].PublishedEvent("Replica Benchmark Ball", 0, b.N)
	attempts := b.N + b.N/10
	var next, created, soldOut, other atomic.Int64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 512
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	b.Cleanup(tr.CloseIdleConnections)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range buyers {
		wg.Go(func() {
			u := eventstest.BuyerN(w)
			body, _ := json.Marshal(eventstest.PurchaseBody(eventID, tierID, 1, "free", u))
			for next.Add(1) <= int64(attempts) {
				req, _ := http.NewRequest(http.MethodPost, front+"/api/tickets/purchase", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				hosttest.Authorize(req, u)
				status, code, err := send(client, req)
				switch {
				case err != nil:
					other.Add(1)
				case status == http.StatusCreated:
					created.Add(1)
				case code == "SOLD_OUT":
					soldOut.Add(1)
				default:
					other.Add(1)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var sold, tickets int
	d := rs[0].Instance.Deps.DB
	if err := d.QueryRow(`SELECT sold FROM tiers WHERE id = $1`, tierID).Scan(&sold); err != nil {
		b.Fatal(err)
	}
	if err := d.QueryRow(`SELECT COUNT(*) FROM tickets WHERE tier_id = $1`, tierID).Scan(&tickets); err != nil {
		b.Fatal(err)
	}
	if created.Load() != int64(b.N) || sold != b.N || tickets != b.N || other.Load() != 0 {
		b.Fatalf("capacity %d: created %d, sold %d, tickets %d, sold out %d, other %d",
			b.N, created.Load(), sold, tickets, soldOut.Load(), other.Load())
	}
	b.ReportMetric(float64(created.Load())/elapsed.Seconds(), "purchases/s")
	b.ReportMetric(float64(attempts)/elapsed.Seconds(), "requests/s")
	b.ReportMetric(float64(tickets-b.N), "oversold")
	b.Logf("%d replica(s), capacity %d, %d buyers: %d sold, %d SOLD_OUT, %d tickets stored, oversold 0",
		n, b.N, buyers, created.Load(), soldOut.Load(), tickets)
}

// roundRobin serves a reverse proxy that hands each request to the next replica in
// turn, as a load balancer in front of a deployment's pods does, and returns its URL.
func roundRobin(tb testing.TB, rs []*eventstest.Server) string {
	tb.Helper()
	targets := make([]*url.URL, len(rs))
	for i, r := range rs {
		u, err := url.Parse(r.URL)
		if err != nil {
			tb.Fatal(err)
		}
		targets[i] = u
	}
	var turn atomic.Uint64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 512
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(targets[turn.Add(1)%uint64(len(targets))])
			r.SetXForwarded()
		},
		Transport: tr,
	}
	srv := httptest.NewServer(proxy)
	tb.Cleanup(func() {
		srv.Close()
		tr.CloseIdleConnections()
	})
	return srv.URL
}

// send does req and returns its status and contract error code.
func send(c *http.Client, req *http.Request) (int, string, error) {
	res, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, "", err
	}
	var body web.Body
	_ = json.Unmarshal(raw, &body)
	return res.StatusCode, string(body.Code), nil
}
