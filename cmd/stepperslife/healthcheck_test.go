package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// serveOn answers path with status on a free local port and returns that port.
func serveOn(t *testing.T, statuses map[string]int) int {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, ok := statuses[r.URL.Path]
		if !ok {
			code = http.StatusNotFound
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	p, _ := strconv.Atoi(port)
	return p
}

func envWith(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestHealthcheckAsksHealthzOrReadyzOnPORT(t *testing.T) {
	port := serveOn(t, map[string]int{"/healthz": 200, "/readyz": 503})
	env := envWith(map[string]string{"PORT": strconv.Itoa(port)})
	if err := healthcheck(context.Background(), nil, env, io.Discard); err != nil {
		t.Errorf("alive service: %v", err)
	}
	err := healthcheck(context.Background(), []string{"--ready"}, env, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("unready service: err = %v, want one naming 503", err)
	}
}

func TestHealthcheckFailsWhenNothingListens(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if err := healthcheck(context.Background(), nil, envWith(map[string]string{"PORT": strconv.Itoa(port)}), io.Discard); err == nil {
		t.Error("no listener, yet healthy")
	}
}

func TestHealthPort(t *testing.T) {
	if p, err := healthPort("events", envWith(nil)); err != nil || p != 3004 {
		t.Errorf("events default = %d, %v", p, err)
	}
	if p, err := healthPort("events", envWith(map[string]string{"PORT": "4100"})); err != nil || p != 4100 {
		t.Errorf("PORT wins: %d, %v", p, err)
	}
	for _, c := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"", nil, "PORT is not set"},
		{"billing", nil, "billing"},
		{"", map[string]string{"PORT": "http"}, "PORT"},
	} {
		if _, err := healthPort(c.name, envWith(c.env)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q %v: err = %v, want one naming %s", c.name, c.env, err, c.want)
		}
	}
}
