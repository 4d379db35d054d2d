package contract

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testConfiguration checks how a service refuses bad configuration: it stops at
// start with one line naming the variable, and never prints a secret.
func testConfiguration(t *testing.T, p *platform) {
	const secret = "sk_test_contractDoNotPrintMe"
	cases := []struct {
		name, variable string
		env            []string
	}{
		{"bad port", "PORT", []string{"PORT=not-a-port"}},
		{"bad database URL", "DATABASE_URL", []string{"DATABASE_URL=mysql://" + secret + "@db/events"}},
		{"Stripe key without webhook secret", "STRIPE_WEBHOOK_SECRET", []string{"STRIPE_SECRET_KEY=" + secret}},
		{"bad public address", "PUBLIC_URL", []string{"PUBLIC_URL=events.example"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, p.bin, "serve", "events")
			cmd.Env = append(slices.Clone(p.env["events"]), c.env...)
			cmd.Dir = t.TempDir()
			out, err := cmd.CombinedOutput()
			if err == nil || ctx.Err() != nil {
				t.Fatalf("serve events with %v did not stop at start (err %v):\n%s", c.env, err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], c.variable) {
				t.Errorf("with %v, want one line naming %s, got:\n%s", c.env, c.variable, out)
			}
			if strings.Contains(string(out), secret) {
				t.Errorf("the start-up error prints a secret:\n%s", out)
			}
		})
	}
	t.Run("unknown service", func(t *testing.T) {
		cmd := exec.Command(p.bin, "serve", "casino")
		cmd.Env = p.env["events"]
		if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "casino") {
			t.Errorf("serve casino: err %v:\n%s", err, out)
		}
	})
}

// testDataLayout checks, after everything the suite did, that each service kept its
// files under DATA_DIR/NAME and nowhere else (not in its working directory).
func testDataLayout(t *testing.T, p *platform) {
	for _, name := range allServices {
		entries, err := os.ReadDir(p.procs[name].DataDir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) != 1 || names[0] != name || !entries[0].IsDir() {
			t.Errorf("DATA_DIR of %s holds %v, want only the folder %s/", name, names, name)
		}
		if cwd, _ := os.ReadDir(p.cwd[name]); len(cwd) != 0 {
			t.Errorf("%s wrote into its working directory: %v", name, cwd)
		}
	}
}

// testReadiness takes a service's blob folder away: /readyz answers 503 naming the
// blob store while /healthz stays 200, and 200 again once the folder is back.
func testReadiness(t *testing.T, p *platform) {
	const name = "store"
	base := p.url(name)
	blobs := filepath.Join(p.procs[name].DataDir, name, "blobs")
	if _, err := os.Stat(blobs); err != nil {
		t.Fatalf("no blob folder at DATA_DIR/%s/blobs: %v", name, err)
	}
	if err := os.Rename(blobs, blobs+".away"); err != nil {
		t.Fatal(err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			if err := os.Rename(blobs+".away", blobs); err != nil {
				t.Fatal(err)
			}
		}
	}
	defer restore()
	e := call(t, "GET", base+"/readyz", nil).wantError(t, http.StatusServiceUnavailable, "UNAVAILABLE")
	if !strings.Contains(e.Error+fmt.Sprint(e.Details), "blobs") {
		t.Errorf("/readyz does not name the blob store that fails: %+v", e)
	}
	call(t, "GET", base+"/healthz", nil).want(t, http.StatusOK)
	restore()
	call(t, "GET", base+"/readyz", nil).want(t, http.StatusOK)
}
