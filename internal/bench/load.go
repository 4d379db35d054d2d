// Package bench drives a running platform with a closed-loop load generator and
// reports each figure beside a trivial handler measured in the same run, so that
// the numbers say how close a path comes to what the machine can do at all.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
	"unicode/utf8"
)

// Target is one request to repeat.
type Target struct {
	Name   string
	Method string
	URL    string
	Header http.Header
	// Body makes each request's body (a fresh Idempotency-Key, say); nil sends none.
	Body func(n int) ([]byte, http.Header)
	// Want is the status a successful answer has (200 when zero).
	Want int
	// Check, when set, sees every successful answer's body.
	Check func([]byte) error
}

// Result is what a load run measured.
type Result struct {
	Name          string
	OK, Failed    int
	FirstFailure  string
	Elapsed       time.Duration
	P50, P99, Max time.Duration
	// WireBytes is the mean size of an answer's body as sent (compressed when the
	// server compressed it).
	WireBytes int64
}

// PerSecond is successful answers per second.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// NewClient is the client a run's setup asks with (sign-in, the event to buy
// from, the oversold check); the load itself goes over Run's own connections.
func NewClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        conns * 2,
			MaxIdleConnsPerHost: conns * 2,
			DisableCompression:  true,
			Proxy:               nil,
		},
	}
}

// Run sends t from conns workers, each on its own connection, in a closed loop for
// d and measures it.
func Run(ctx context.Context, t Target, conns int, d time.Duration) Result {
	want := t.Want
	if want == 0 {
		want = http.StatusOK
	}
	method := t.Method
	if method == "" {
		method = http.MethodGet
	}
	addr, err := wireAddr(t.URL)
	if err != nil {
		return Result{Name: t.Name, Failed: 1, FirstFailure: err.Error()}
	}
	var fixed []byte // a request without a body is the same every time
	if t.Body == nil {
		if fixed, err = requestBytes(t, 0); err != nil {
			return Result{Name: t.Name, Failed: 1, FirstFailure: err.Error()}
		}
	}
	// The run stops sending at its deadline but lets answers already asked for
	// arrive, so every request the server saw is counted once.
	deadline := time.Now().Add(d)
	type worker struct {
		lat          []time.Duration
		failed       int
		firstFailure string
		bytes        int64
	}
	workers := make([]worker, conns)
	var (
		wg  sync.WaitGroup
		seq = make(chan int, conns)
	)
	go func() {
		for n := 0; ; n++ {
			select {
			case seq <- n:
			case <-ctx.Done():
				close(seq)
				return
			}
			if time.Now().After(deadline) {
				close(seq)
				return
			}
		}
	}()
	start := time.Now()
	for i := range workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			c := &wire{addr: addr}
			defer c.close()
			var buf bytes.Buffer // each answer is read into it again
			for n := range seq {
				req, err := fixed, error(nil)
				if req == nil {
					req, err = requestBytes(t, n)
				}
				began := time.Now()
				status := 0
				if err == nil {
					status, err = c.roundTrip(ctx, req, method, &buf)
				}
				body, size := buf.Bytes(), int64(buf.Len())
				if err == nil && status != want {
					err = fmt.Errorf("status %d: %s", status, printable(body))
				}
				if err == nil && t.Check != nil {
					err = t.Check(body)
				}
				if err != nil {
					if w.failed == 0 {
						w.firstFailure = err.Error()
					}
					w.failed++
					continue
				}
				w.lat = append(w.lat, time.Since(began))
				w.bytes += size
			}
		}(&workers[i])
	}
	wg.Wait()
	res := Result{Name: t.Name, Elapsed: time.Since(start)}
	var all []time.Duration
	var bytes int64
	for _, w := range workers {
		all = append(all, w.lat...)
		res.Failed += w.failed
		bytes += w.bytes
		if res.FirstFailure == "" {
			res.FirstFailure = w.firstFailure
		}
	}
	res.OK = len(all)
	if res.OK > 0 {
		slices.Sort(all)
		res.P50, res.P99, res.Max = all[res.OK/2], all[res.OK*99/100], all[res.OK-1]
		res.WireBytes = bytes / int64(res.OK)
	}
	return res
}

// printable is the start of an answer for a failure message; a compressed one is
// named, not printed.
func printable(body []byte) string {
	if len(body) > 200 {
		body = body[:200]
	}
	if !utf8.Valid(body) || bytes.ContainsFunc(body, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) {
		return fmt.Sprintf("(%d bytes, encoded)", len(body))
	}
	return string(body)
}
