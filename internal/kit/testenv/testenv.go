// Package testenv starts the real outside components tests need (MinIO, stripe-mock,
// Mailpit) on free random ports, from the binaries scripts/test-deps.sh caches, and
// stops them when the test ends. It also reads the OpenAPI documents and runs the
// third-party linter that checks them.
package testenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartTimeout bounds how long a component may take to come up; generous, because a
// loaded two-core machine runs many test binaries at once.
const StartTimeout = 90 * time.Second

// ToolsDir is where scripts/test-deps.sh caches the component binaries.
func ToolsDir() string {
	if d := os.Getenv("STEPPERSLIFE_TOOLS"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "stepperslife-bin")
	}
	return filepath.Join(home, ".cache", "stepperslife", "bin")
}

// Tool finds binary name in ToolsDir or on PATH, failing the test when it is missing.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := LookTool(name)
	if err != nil {
		t.Fatalf("testenv: %v; run scripts/test-deps.sh to build it", err)
	}
	return p
}

// LookTool is Tool without a test: it reports where name is, or why it is not.
func LookTool(name string) (string, error) {
	p := filepath.Join(ToolsDir(), name)
	if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found in %s nor on PATH", name, ToolsDir())
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago. Starters retry
// when another process takes it in between.
func FreePort(t testing.TB) int {
	t.Helper()
	p, err := freePort()
	if err != nil {
		t.Fatalf("testenv: free port: %v", err)
	}
	return p
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// proc is one running component.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
	once sync.Once
}

// start runs bin with args and env, and waits until ready succeeds. When the process
// exits first (a port taken in between, most likely), it reports so; the caller may
// try again with other ports.
func start(t testing.TB, bin string, args, env []string, ready func(context.Context) error) (*proc, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so a stop reaches any children too; killed with the test
	// binary, so a test that times out leaves no server behind.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &proc{name: filepath.Base(bin), cmd: cmd, log: out, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	for {
		rctx, rcancel := context.WithTimeout(ctx, 5*time.Second)
		err := ready(rctx)
		rcancel()
		if err == nil {
			return p, nil
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("%s exited before it was ready: %s\n%s", p.name, cmd.ProcessState, out.tail())
		case <-ctx.Done():
			p.Stop()
			return nil, fmt.Errorf("%s not ready after %s: %v\n%s", p.name, StartTimeout, err, out.tail())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// startRetrying calls try up to three times, for the rare port taken between
// FreePort and the component binding it.
func startRetrying(t testing.TB, try func() (*proc, error)) *proc {
	t.Helper()
	var err error
	for range 3 {
		var p *proc
		if p, err = try(); err == nil {
			t.Cleanup(p.Stop)
			return p
		}
	}
	t.Fatalf("testenv: %v", err)
	return nil
}

// Stop ends the component: politely first, then by force. It is safe to call twice.
func (p *proc) Stop() {
	p.once.Do(func() {
		pgid := -p.cmd.Process.Pid
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(pgid, syscall.SIGKILL)
			<-p.done
		}
	})
}

// httpOK is a readiness check: url answers 200.
func httpOK(url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("%s answered %s", url, res.Status)
		}
		return nil
	}
}

// tcpOpen is a readiness check: addr accepts connections.
func tcpOpen(addr string) func(context.Context) error {
	return func(ctx context.Context) error {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		return c.Close()
	}
}

func both(checks ...func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		var errs []error
		for _, c := range checks {
			errs = append(errs, c(ctx))
		}
		return errors.Join(errs...)
	}
}

// syncBuffer keeps a component's output for the failure message.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// Keep memory bounded for chatty components: only the end matters.
	if b.buf.Len() > 1<<20 {
		rest := append([]byte(nil), b.buf.Bytes()[b.buf.Len()-64<<10:]...)
		b.buf.Reset()
		b.buf.Write(rest)
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) tail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}

func addr(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }
