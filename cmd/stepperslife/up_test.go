package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"stepperslife/internal/platform"
)

func TestUpChildrenRunsEveryServiceWithItsOwnEnvFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "events.env"), []byte("PORT=4004\nDATA_DIR='/srv/events data'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	parent := []string{"PATH=/bin", "PORT=1", "DATA_DIR=/srv/data"}
	var log strings.Builder
	children, err := upChildren("/opt/stepperslife", platform.Names(), parent, dir, true, &log)
	if err != nil {
		t.Fatal(err)
	}
	if len(children) != len(platform.All) {
		t.Fatalf("%d children, want %d", len(children), len(platform.All))
	}
	for i, c := range children {
		name := platform.All[i].Name
		if c.Name != name || c.Path != "/opt/stepperslife" || !slices.Equal(c.Args, []string{"serve", name}) {
			t.Errorf("child %d = %+v", i, c)
		}
		if !slices.Contains(c.Env, "STEPPERSLIFE_DEMO=true") || !slices.Contains(c.Env, "PATH=/bin") {
			t.Errorf("%s env lacks demo or parent variables: %v", name, c.Env)
		}
		wantPort, wantData := "PORT=1", "DATA_DIR=/srv/data"
		if name == "events" { // the file's values win over the parent's
			wantPort, wantData = "PORT=4004", "DATA_DIR=/srv/events data"
		}
		if !slices.Contains(c.Env, wantPort) || !slices.Contains(c.Env, wantData) {
			t.Errorf("%s env = %v, want %s and %s", name, c.Env, wantPort, wantData)
		}
		if n := countKey(c.Env, "PORT"); n != 1 {
			t.Errorf("%s has PORT %d times", name, n)
		}
	}
	// The temporary directory's random name may hold any digits, so values are sought without it.
	withoutDir := strings.ReplaceAll(log.String(), dir, "")
	if !strings.Contains(log.String(), "events reads "+filepath.Join(dir, "events.env")+": PORT DATA_DIR") ||
		strings.Contains(withoutDir, "4004") || strings.Contains(withoutDir, "/srv/events data") {
		t.Errorf("log should list the file's variable names only: %q", log.String())
	}
}

func TestUpChildrenWithoutDemoSetsNoDemoVariable(t *testing.T) {
	children, err := upChildren("/x", []string{"portal"}, []string{"A=1"}, t.TempDir(), false, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if countKey(children[0].Env, "STEPPERSLIFE_DEMO") != 0 {
		t.Errorf("demo variable set without --demo: %v", children[0].Env)
	}
}

func TestUpChildrenRefusesAMalformedEnvFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "store.env"), []byte("not a variable\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := upChildren("/x", platform.Names(), nil, dir, false, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "store.env:1") {
		t.Errorf("got %v, want an error naming store.env:1", err)
	}
}

func TestSelectServices(t *testing.T) {
	got, err := selectServices(" store, portal ")
	if err != nil || !slices.Equal(got, []string{"portal", "store"}) {
		t.Errorf("got %v, %v; want portal store in start order", got, err)
	}
	if all, _ := selectServices(""); !slices.Equal(all, platform.Names()) {
		t.Errorf("empty selection = %v, want all", all)
	}
	if _, err := selectServices("portal,nope"); err == nil {
		t.Error("unknown service accepted")
	}
}

func countKey(env []string, key string) int {
	n := 0
	for _, kv := range env {
		if strings.HasPrefix(kv, key+"=") {
			n++
		}
	}
	return n
}
