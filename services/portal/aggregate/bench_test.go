package aggregate

import (
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"stepperslife/internal/kit/proctest"
)

// BenchmarkPortal measures the feed against the services' own endpoints, with every
// service a real process:
//
//	go test -run '^$' -bench Portal -benchtime 3s ./services/portal/aggregate
//
// feed-warm vs service-list: throughput of the portal's feed from a warm cache
// against one service's own list endpoint (PORTAL_BENCH_LIST, default events'
// /api/events).
// feed-cold vs service-feed-slowest: latency of a feed that asks all six services
// every time against the slowest service's own /api/feed; services-parallel is the
// same six calls made at once without the portal. Reports p50 and p99 in ms.
func BenchmarkPortal(b *testing.B) {
	iss := proctest.NewIssuer(b)
	procs := proctest.StartAll(b, Order, iss.URL)
	warm := realPortalOpts(b, iss, procs, Options{Budget: 2 * time.Second})
	// Fresh and usable for a nanosecond: nothing is ever served from the cache.
	cold := realPortalOpts(b, iss, procs, Options{Budget: 2 * time.Second, Fresh: time.Nanosecond, Stale: time.Nanosecond})
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	list := procs["events"].URL + "/api/events"
	if v := os.Getenv("PORTAL_BENCH_LIST"); v != "" {
		list = v
	}
	if code := status(b, hc, list); code != 200 {
		b.Fatalf("%s answers %d", list, code)
	}
	b.Logf("service list endpoint: %s", list)

	b.Run("feed-warm", func(b *testing.B) { parallelGets(b, hc, warm.URL+"/api/feed") })
	b.Run("service-list", func(b *testing.B) { parallelGets(b, hc, list) })
	b.Run("feed-cold", func(b *testing.B) { latencies(b, hc, cold.URL+"/api/feed") })
	b.Run("service-feed-slowest", func(b *testing.B) {
		var worst []time.Duration
		for _, name := range Order {
			d := sample(b, hc, procs[name].URL+"/api/feed?limit=20", b.N)
			if worst == nil || pct(d, 50) > pct(worst, 50) {
				worst = d
			}
		}
		report(b, worst)
	})
	// The six calls the cold feed makes, made at once by the client itself: the
	// difference to feed-cold is what the portal adds on this machine.
	b.Run("services-parallel", func(b *testing.B) {
		d := make([]time.Duration, 0, b.N)
		for range b.N {
			start := time.Now()
			var wg sync.WaitGroup
			for _, name := range Order {
				wg.Go(func() { status(b, hc, procs[name].URL+"/api/feed?limit=20") })
			}
			wg.Wait()
			d = append(d, time.Since(start))
		}
		report(b, d)
	})
}

func status(tb testing.TB, hc *http.Client, url string) int {
	resp, err := hc.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func parallelGets(b *testing.B, hc *http.Client, url string) {
	if status(b, hc, url) != 200 { // and warms the cache
		b.Fatalf("%s does not answer 200", url)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := hc.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

func sample(b *testing.B, hc *http.Client, url string, n int) []time.Duration {
	status(b, hc, url)
	d := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		resp, err := hc.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		d = append(d, time.Since(start))
	}
	return d
}

func latencies(b *testing.B, hc *http.Client, url string) { report(b, sample(b, hc, url, b.N)) }

func report(b *testing.B, d []time.Duration) {
	b.ReportMetric(float64(pct(d, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(d, 99).Microseconds())/1000, "p99-ms")
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}
