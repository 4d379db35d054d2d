package host

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestProfilesOnlyOnLoopback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	for _, addr := range []string{"0.0.0.0:0", ":0", "10.1.2.3:6060", "example.com:6060", "no-port"} {
		if err := serveProfiles(ctx, addr, log); err == nil {
			t.Fatalf("%s: profiles served off loopback", addr)
		}
	}
	if err := serveProfiles(ctx, "127.0.0.1:0", log); err != nil {
		t.Fatal(err)
	}
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/debug/pprof/`).FindString(logs.String())
	if url == "" {
		t.Fatalf("no address logged: %s", logs.String())
	}
	resp, err := http.Get(url + "goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine profile") {
		t.Fatalf("%d %.80s", resp.StatusCode, body)
	}
	cancel()
}
