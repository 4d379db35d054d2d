// Package proctest runs real service processes for tests: the stepperslife binary,
// built once per test binary, serving one service each on a free port with its own
// data folder; the real portal beside a service under test; and a stand-in for the
// portal's key publishing that signs session tokens the services accept.
package proctest

import (
	"crypto/ed25519"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"

	"github.com/golang-jwt/jwt/v5"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/platform"
)

// Main runs the tests of a package that starts services; call it from TestMain so
// the binary built for the run is removed afterwards.
func Main(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir) // the binary built for this run
	}
	os.Exit(code)
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

// serviceCommand is how to run `stepperslife serve NAME`: the real binary, built
// once per test run.
func serviceCommand(t testing.TB, name string) *exec.Cmd {
	return exec.Command(Binary(t), "serve", name)
}

// Proc is one real service process.
type Proc struct {
	Name string
	URL  string
	Cmd  *exec.Cmd
	Out  *Log
	// DataDir is its DATA_DIR.
	DataDir string
	// Exited is closed when the process has ended.
	Exited <-chan struct{}
}

// Log collects what a process writes, safe to read while it runs.
type Log = testenv.Buffer

// Start runs `stepperslife serve name` on a free port with its own data
// folder; portalURL is where it finds the session keys.
func Start(t testing.TB, name, portalURL string) *Proc {
	t.Helper()
	return StartWith(t, name, FreePort(t), map[string]string{"NEXTAUTH_URL": portalURL})
}

// StartWith is Start on port with further environment (the portal needs its own
// address as NEXTAUTH_URL before it starts).
func StartWith(t testing.TB, name string, port int, env map[string]string) *Proc {
	t.Helper()
	dataDir := t.TempDir()
	p, err := try(t, serviceCommand(t, name), name, port, dataDir, env)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// StartAll runs the named services at once, each on its own free port, knowing the
// portal at portalURL; their start-ups overlap, and a failure fails t from its own
// goroutine.
func StartAll(t testing.TB, names []string, portalURL string) map[string]*Proc {
	t.Helper()
	bin := Binary(t)
	ports := FreePorts(t, len(names))
	procs := make([]*Proc, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		dataDir := t.TempDir()
		wg.Go(func() {
			procs[i], errs[i] = try(t, exec.Command(bin, "serve", name), name, ports[i], dataDir,
				map[string]string{"NEXTAUTH_URL": portalURL})
		})
	}
	wg.Wait()
	out := make(map[string]*Proc, len(names))
	for i, name := range names {
		if errs[i] != nil {
			t.Fatalf("%s: %v", name, errs[i])
		}
		out[name] = procs[i]
	}
	return out
}

// Binary is the stepperslife binary of this run; a build failure fails the test.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() { binPath, buildErr = build() })
	if buildErr != nil {
		t.Fatalf("building cmd/stepperslife: %v", buildErr)
	}
	return binPath
}

func build() (string, error) {
	dir, err := os.MkdirTemp("", "portal-procs")
	if err != nil {
		return "", err
	}
	buildDir = dir
	out := filepath.Join(dir, "stepperslife")
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	cmd := exec.Command("go", "build", "-o", out, "./cmd/stepperslife")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%w\n%s", err, msg)
	}
	return out, nil
}

func try(t testing.TB, cmd *exec.Cmd, name string, port int, dataDir string, env map[string]string) (*Proc, error) {
	cmd.Env = append(cmd.Env, os.Environ()...)
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	// PUBLIC_URL is the address the test reaches the process at: a service sends a
	// browser back to it after renewing a session at the portal, and localhost (the
	// default) would be another cookie host than 127.0.0.1.
	cmd.Env = append(cmd.Env,
		fmt.Sprintf("PORT=%d", port), "PUBLIC_URL="+url, "DATA_DIR="+dataDir,
		"DATABASE_URL=", "MINIO_ENDPOINT=", "STRIPE_SECRET_KEY=")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v) // later entries win: env overrides the above
	}
	return Launch(t, cmd, name, url, dataDir, StartPatience)
}

// StartPatience is how long a service may take to answer /healthz on a loaded machine.
const StartPatience = 120 * time.Second

// Launch starts cmd (its environment, folder and attributes already set) as service
// name at url, waits up to patience until its /healthz answers 200, and stops it when
// the test ends, showing the end of its log if the test failed.
func Launch(t testing.TB, cmd *exec.Cmd, name, url, dataDir string, patience time.Duration) (*Proc, error) {
	p := &Proc{Name: name, URL: url, Cmd: cmd, Out: &Log{}, DataDir: dataDir}
	cmd.Stdout, cmd.Stderr = p.Out, p.Out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	p.Exited = exited
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGCONT)
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("--- end of the log of %s:\n%s", name, tail(p.Out.String(), 12))
		}
	})
	probe := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(patience)
	for {
		resp, err := probe.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		select {
		case <-exited:
			return nil, fmt.Errorf("%s exited at start:\n%s", name, p.Out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s did not answer /healthz within %v (%v):\n%s", name, patience, err, p.Out)
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Signal sends s to the process (SIGSTOP hangs it, SIGKILL kills it).
func (p *Proc) Signal(t testing.TB, s syscall.Signal) {
	t.Helper()
	if err := p.Cmd.Process.Signal(s); err != nil {
		t.Fatalf("signal %v to %s: %v", s, p.Name, err)
	}
}

// FreePort is a port nothing listens on at the moment.
func FreePort(t testing.TB) int {
	t.Helper()
	return FreePorts(t, 1)[0]
}

// FreePorts is n different ports nothing listens on at the moment: all are held
// open until every one is chosen, so two processes of one test never get the same.
// They are chosen below the kernel's range for outgoing connections, so no
// connection a running process opens (a long poll, a database connection) can take
// one between its choosing and its binding.
func FreePorts(t testing.TB, n int) []int {
	t.Helper()
	low, high := testPortRange()
	ports := make([]int, 0, n)
	for tries := 0; len(ports) < n; tries++ {
		if tries > 1000 {
			t.Fatalf("no free port in %d-%d", low, high)
		}
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", low+rand.IntN(high-low+1)))
		if err != nil {
			continue // taken: another
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// testPortRange is the ports below the kernel's ephemeral range (Linux says where it
// starts; elsewhere, IANA's 49152).
func testPortRange() (low, high int) {
	start := 49152
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if v, err := strconv.Atoi(f[0]); err == nil && v > 11000 {
				start = v
			}
		}
	}
	return 10000, start - 1
}

// StartPortal runs the real portal (identity, aggregation, gateway and pages) on
// port, with its own address as NEXTAUTH_URL, reaching the services of urls (by
// service name). Services missing from urls are pointed at an address where nothing
// listens, so a test never talks to whatever runs on the default ports of the
// machine.
func StartPortal(t testing.TB, port int, urls map[string]string) *Proc {
	t.Helper()
	self := fmt.Sprintf("http://127.0.0.1:%d", port)
	env := map[string]string{"NEXTAUTH_URL": self}
	var dead string
	for _, s := range platform.Verticals() {
		u, ok := urls[s.Name]
		if !ok {
			if dead == "" {
				dead = fmt.Sprintf("http://127.0.0.1:%d", FreePort(t))
			}
			u = dead
		}
		env[s.URLVar] = u
	}
	return StartWith(t, "portal", port, env)
}

// Grant runs `stepperslife admin grant email role` against the database of the
// running portal process, as an operator makes the first ADMIN.
func Grant(t testing.TB, portal *Proc, email, role string) {
	t.Helper()
	cmd := exec.Command(Binary(t), "admin", "grant", email, role)
	cmd.Env = append(os.Environ(), "DATA_DIR="+portal.DataDir, "DATABASE_URL=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("stepperslife admin grant %s %s: %v\n%s", email, role, err, out)
	}
}

// Issuer stands in for the portal's key publishing: it serves a JWKS and signs
// session tokens the services accept.
type Issuer struct {
	URL  string // NEXTAUTH_URL for the services
	priv ed25519.PrivateKey
}

// NewIssuer publishes a fresh signing key.
func NewIssuer(t testing.TB) *Issuer {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":%q,"kid":"k1","alg":"EdDSA","use":"sig"}]}`,
		auth.PublicJWK("k1", pub).X)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != auth.JWKSPath {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(doc))
	}))
	t.Cleanup(srv.Close)
	return &Issuer{URL: srv.URL, priv: priv}
}

// Token is a session token for email holding roles, as the portal would sign it.
func (i *Issuer) Token(t testing.TB, email string, roles ...string) string {
	now := time.Now()
	claims := auth.Claims{Email: email, Name: "Test Stepper", Roles: append([]string{auth.RoleUser}, roles...), SID: "s1",
		RegisteredClaims: jwt.RegisteredClaims{Issuer: strings.TrimRight(i.URL, "/"), Subject: "user-" + email,
			Audience: jwt.ClaimStrings{auth.Audience}, IssuedAt: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(10 * time.Minute))}}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(i.priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
