package bench

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Every request the server answered is counted once, successes and failures apart:
// the oversold check relies on it.
func TestRunCountsEveryAnswerOnce(t *testing.T) {
	var served, refused atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond)
		if served.Add(1)%5 == 0 {
			refused.Add(1)
			http.Error(w, "sold out", http.StatusConflict)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"x"}`))
	}))
	defer srv.Close()
	res := Run(context.Background(), Target{Name: "buy", Method: http.MethodPost, URL: srv.URL,
		Want: http.StatusCreated, Body: func(n int) ([]byte, http.Header) {
			return []byte(`{}`), http.Header{"Idempotency-Key": {string(rune('a' + n%26))}}
		}}, 8, 200*time.Millisecond)
	if int64(res.OK) != served.Load()-refused.Load() || int64(res.Failed) != refused.Load() {
		t.Fatalf("counted %d ok and %d failed; server answered %d, refused %d", res.OK, res.Failed, served.Load(), refused.Load())
	}
	if res.OK == 0 || res.P50 <= 0 || res.P99 < res.P50 || res.WireBytes != int64(len(`{"id":"x"}`)) {
		t.Fatalf("result %+v", res)
	}
	if !strings.Contains(res.FirstFailure, "status 409") {
		t.Fatalf("first failure %q", res.FirstFailure)
	}
}

func TestPrintShowsEachRateAsAShareOfTheTrivialOne(t *testing.T) {
	var out bytes.Buffer
	err := Print(&out, []Result{
		{Name: "trivial handler", OK: 1000, Elapsed: time.Second},
		{Name: "home page", OK: 250, Elapsed: time.Second, Failed: 1, FirstFailure: "status 503: (12 bytes, encoded)"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"100.0%", "25.0%", "home page: first failure: status 503"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

// A server that closes connections as it pleases costs no answer: the worker dials
// again, and every answer it was sent is counted.
func TestRunDialsAgainAfterTheServerCloses(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1)%3 == 0 {
			w.Header().Set("Connection", "close")
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	res := Run(context.Background(), Target{Name: "page", URL: srv.URL}, 4, 100*time.Millisecond)
	if res.Failed != 0 || res.OK == 0 || int64(res.OK) != served.Load() || res.WireBytes != 2 {
		t.Fatalf("result %+v, server answered %d", res, served.Load())
	}
}

// Cancelling a run ends the requests under way instead of waiting for their answers.
func TestRunEndsWhenCancelled(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	began := time.Now()
	res := Run(ctx, Target{Name: "stuck", URL: srv.URL}, 2, time.Minute)
	if took := time.Since(began); took > 10*time.Second || res.OK != 0 {
		t.Fatalf("a cancelled run took %v and counted %d answers", took, res.OK)
	}
}
