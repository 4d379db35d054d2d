package restaurants_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/restaurants/resttest"
)

// BenchmarkPlaceOrderPostgres places pickup orders over HTTP on PostgreSQL with 32
// concurrent clients against one busy restaurant (every order takes that restaurant's
// next number). Run by hand:
//
//	go test ./services/restaurants -run '^$' -bench PlaceOrder -benchtime 2000x
//
// It reports orders/s and the 50th and 99th percentile latency.
func BenchmarkPlaceOrderPostgres(b *testing.B) {
	e := resttest.Start(b, resttest.Options{DatabaseURL: dbtest.PostgresURL(b)})
	s := newShop(b, e)
	body, _ := json.Marshal(s.order("pay_at_pickup", s.Wings, 2, s.Fries, 1))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}, Timeout: time.Minute}
	// Each order comes from its own customer: one customer may hold only a few open
	// pay-at-pickup orders.
	var customers atomic.Int64
	customer := func() string {
		u := resttest.Customer
		u.ID = fmt.Sprintf("u-bench-%d", customers.Add(1))
		return "Bearer " + hosttest.Token(&u)
	}

	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	b.SetParallelism(max(1, 32/runtimeProcs()))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		mine := make([]time.Duration, 0, 256)
		for pb.Next() {
			t0 := time.Now()
			req, _ := http.NewRequest("POST", e.URL+"/api/orders", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", customer())
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				b.Errorf("status %d", res.StatusCode)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "orders/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
