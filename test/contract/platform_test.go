package contract

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"stepperslife/internal/kit/proctest"
)

// TestMain lets proctest clean up the binary it builds once for the run.
func TestMain(m *testing.M) { proctest.Main(m) }

// The seven services and the portal's variable for each, as CONTRACT.md writes them
// down. The suite keeps its own copy on purpose: a change to the platform's registry
// that breaks the contract must fail here.
var (
	verticals = []string{"restaurants", "events", "store", "classes", "magazine", "services"}
	urlVar    = map[string]string{
		"restaurants": "RESTAURANTS_URL", "events": "EVENTS_URL", "store": "STORE_URL",
		"classes": "CLASSES_URL", "magazine": "MAGAZINE_URL", "services": "SERVICES_URL",
	}
	allServices = append([]string{"portal"}, verticals...)
)

// platform is the seven running processes of one test run.
type platform struct {
	bin   string
	procs map[string]*proctest.Proc
	env   map[string][]string // each process's environment, for the operator commands
	// cwd is each process's working directory: empty, and it must stay so, since a
	// service keeps everything under DATA_DIR/NAME.
	cwd map[string]string
}

// url is where service name answers.
func (p *platform) url(name string) string { return p.procs[name].URL }

// portal is the portal's address (NEXTAUTH_URL of every service).
func (p *platform) portal() string { return p.url("portal") }

// startPlatform builds the binary (once per run) and runs `stepperslife serve NAME`
// for each of the seven services on free random ports, each with its own DATA_DIR,
// the portal pointing at the six others. Nothing of the machine's configuration
// leaks in: no PostgreSQL, MinIO, Stripe or SMTP, so every service runs on the
// embedded default the contract describes.
func startPlatform(t *testing.T) *platform {
	t.Helper()
	bin := proctest.Binary(t)
	if bin == "" {
		t.Fatal("go build ./cmd/stepperslife failed (see the log above); the contract needs the real binary")
	}
	ports := proctest.FreePorts(t, len(allServices))
	urls := map[string]string{}
	for i, name := range allServices {
		urls[name] = fmt.Sprintf("http://127.0.0.1:%d", ports[i])
	}
	p := &platform{bin: bin, procs: map[string]*proctest.Proc{}, env: map[string][]string{}, cwd: map[string]string{}}
	for i, name := range allServices {
		env := append(os.Environ(),
			// Empty means unset to the configuration reader: the embedded default.
			"DATABASE_URL=", "MINIO_ENDPOINT=", "MINIO_ACCESS_KEY=", "MINIO_SECRET_KEY=", "MINIO_BUCKET_NAME=",
			"STRIPE_SECRET_KEY=", "STRIPE_WEBHOOK_SECRET=", "STRIPE_API_BASE=", "NEXTAUTH_SECRET=",
			"GOOGLE_CLIENT_ID=", "GOOGLE_CLIENT_SECRET=", "COOKIE_DOMAIN=", "SMTP_HOST=", "STEPPERSLIFE_DEMO=",
			fmt.Sprintf("PORT=%d", ports[i]), "PUBLIC_URL="+urls[name], "DATA_DIR="+t.TempDir(),
			"NEXTAUTH_URL="+urls["portal"])
		if name == "portal" {
			for _, v := range verticals {
				env = append(env, urlVar[v]+"="+urls[v])
			}
		}
		p.env[name] = env
		p.cwd[name] = t.TempDir()
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(allServices))
	for i, name := range allServices {
		wg.Go(func() {
			proc, err := p.start(t, name, urls[name])
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[i] = err
				return
			}
			p.procs[name] = proc
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// start runs one service and waits until its /healthz answers 200. There is no
// fall-back to a stand-in: the contract is about the real binary.
func (p *platform) start(t *testing.T, name, url string) (*proctest.Proc, error) {
	cmd := exec.Command(p.bin, "serve", name)
	cmd.Env = p.env[name]
	cmd.Dir = p.cwd[name]
	cmd.SysProcAttr = childAttr()
	var dataDir string
	for _, kv := range cmd.Env {
		if v, ok := strings.CutPrefix(kv, "DATA_DIR="); ok {
			dataDir = v // the last one wins, as for the process itself
		}
	}
	return proctest.Launch(t, cmd, name, url, dataDir, proctest.StartPatience)
}

// stop kills service name at once, as a crash would, and waits until it is gone.
func (p *platform) stop(t *testing.T, name string) {
	t.Helper()
	proc := p.procs[name]
	if err := proc.Cmd.Process.Kill(); err != nil {
		t.Fatalf("kill %s: %v", name, err)
	}
	<-proc.Exited
}

// operator runs `stepperslife ARGS…` with the portal's environment, as an operator
// on the portal's machine would (admin grant works on the portal's own database).
func (p *platform) operator(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(p.bin, args...)
	cmd.Env = p.env["portal"]
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("stepperslife %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
