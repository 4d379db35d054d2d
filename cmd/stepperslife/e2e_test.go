package main

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"

	"stepperslife/internal/platform"
)

// e2ePatience bounds every wait in the end-to-end tests; generous because the
// machine may be busy building and testing other packages.
const e2ePatience = 120 * time.Second

// TestUpEndToEnd runs the real binary's `up` on the contract's fixed ports: all
// seven ready, one killed and brought back, then a clean stop on SIGTERM.
func TestUpEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds the binary and uses the fixed ports")
	}
	e2eWaitPortsFree(t)
	bin := e2eBuild(t)
	work := t.TempDir()
	cwd, data := filepath.Join(work, "cwd"), filepath.Join(work, "data")
	if err := os.Mkdir(cwd, 0o750); err != nil {
		t.Fatal(err)
	}
	u := e2eStartUp(t, bin, cwd, []string{"DATA_DIR=" + data})

	for _, s := range platform.All {
		e2eWaitReady(t, u, s)
	}

	// A service killed from outside comes back under a new pid and is ready again.
	victim, _ := platform.Lookup("events")
	first := e2ePids(u.out.String(), victim.Name)
	if len(first) != 1 {
		t.Fatalf("want one start of %s so far, got pids %v\n%s", victim.Name, first, u.out.String())
	}
	if err := syscall.Kill(first[0], syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", victim.Name, err)
	}
	u.waitLog(t, victim.Name+" exited: signal: killed")
	u.waitFor(t, victim.Name+" restarted", func(s string) bool { return len(e2ePids(s, victim.Name)) == 2 })
	if second := e2ePids(u.out.String(), victim.Name)[1]; second == first[0] {
		t.Fatalf("%s restarted with the same pid", victim.Name)
	}
	e2eWaitReady(t, u, victim)

	e2eCheckDataLayout(t, data, cwd)

	// SIGTERM stops everything: up exits 0 and every port closes.
	pids := e2eAllPids(u.out.String())
	if err := u.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := u.wait(t); err != nil {
		t.Fatalf("up exited with %v after SIGTERM\n%s", err, u.out.String())
	}
	for _, s := range platform.All {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.Port), time.Second); err == nil {
			c.Close()
			t.Errorf("port %d (%s) still open after up exited", s.Port, s.Name)
		}
	}
	for _, pid := range pids {
		if syscall.Kill(pid, 0) != syscall.ESRCH {
			t.Errorf("child pid %d still exists after up exited", pid)
		}
	}
	if log := u.out.String(); strings.Contains(log, "killing it") || !strings.Contains(log, "all processes stopped") {
		t.Errorf("stop was not clean:\n%s", log)
	}
}

// TestUpRestartsAMisconfiguredServiceShowingItsError starts one service whose env
// file sets a bad PORT: it is retried with backoff and every retry shows the
// one-line configuration error. The file's value must win over the parent's.
func TestUpRestartsAMisconfiguredServiceShowingItsError(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds the binary")
	}
	bin := e2eBuild(t)
	work := t.TempDir()
	cwd := filepath.Join(work, "cwd")
	if err := os.MkdirAll(filepath.Join(cwd, "env"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cwd, "env", "store.env"), []byte("# bad on purpose\nPORT=notaport\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := e2eStartUp(t, bin, cwd, []string{"DATA_DIR=" + filepath.Join(work, "data"), "PORT=1"}, "--only", "store")
	const problem = `PORT: must be a port number from 1 to 65535, got \"notaport\"`
	log := u.waitFor(t, "three restarts showing the error", func(s string) bool {
		n := 0
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "store exited: exit status 1") && strings.Contains(line, problem) && strings.Contains(line, "; restart #") {
				n++
			}
		}
		return n >= 3
	})
	for _, want := range []string{"up: store reads env/store.env: PORT", "restart #1 in 250ms", "restart #2 in 500ms", "restart #3 in 1s"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, `"listening"`) {
		t.Errorf("store started despite its bad PORT:\n%s", log)
	}
	if err := u.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := u.wait(t); err != nil {
		t.Fatalf("up exited with %v after SIGINT\n%s", err, u.out.String())
	}
}

// e2eUp is a running `stepperslife up`.
type e2eUp struct {
	cmd  *exec.Cmd
	out  *testenv.Buffer
	done chan error
	err  error
	once sync.Once
}

func e2eStartUp(t *testing.T, bin, dir string, env []string, args ...string) *e2eUp {
	t.Helper()
	u := &e2eUp{out: &testenv.Buffer{}, done: make(chan error, 1)}
	u.cmd = exec.Command(bin, append([]string{"up"}, args...)...)
	u.cmd.Dir = dir
	u.cmd.Env = append(e2eCleanEnv(), env...)
	u.cmd.Stdout = u.out
	u.cmd.Stderr = u.out
	if err := u.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { u.done <- u.cmd.Wait() }()
	t.Cleanup(func() {
		// A failed test must not leave the platform holding the fixed ports.
		_ = u.cmd.Process.Signal(syscall.SIGTERM)
		_ = u.wait(t)
		if t.Failed() {
			t.Logf("up's output:\n%s", u.out.String())
		}
	})
	return u
}

// wait returns up's exit error, killing it if it outlives the patience.
func (u *e2eUp) wait(t *testing.T) error {
	u.once.Do(func() {
		select {
		case u.err = <-u.done:
		case <-time.After(e2ePatience):
			t.Errorf("up did not exit within %s; killing it", e2ePatience)
			_ = u.cmd.Process.Kill()
			u.err = <-u.done
		}
	})
	return u.err
}

func (u *e2eUp) waitFor(t *testing.T, what string, cond func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(e2ePatience)
	for time.Now().Before(deadline) {
		if s := u.out.String(); cond(s) {
			return s
		}
		select {
		case err := <-u.done:
			u.done <- err
			t.Fatalf("up exited (%v) while waiting for %s", err, what)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("timed out waiting for %s", what)
	return ""
}

func (u *e2eUp) waitLog(t *testing.T, sub string) {
	t.Helper()
	u.waitFor(t, strconv.Quote(sub), func(s string) bool { return strings.Contains(s, sub) })
}

// e2eWaitReady polls the service's /readyz until it answers 200.
func e2eWaitReady(t *testing.T, u *e2eUp, s platform.Spec) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	url := fmt.Sprintf("http://127.0.0.1:%d/readyz", s.Port)
	u.waitFor(t, s.Name+" ready", func(string) bool {
		resp, err := client.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// e2eWaitPortsFree fails early, and clearly, when something else holds a fixed port;
// another test may hold one briefly, so it retries for a while first.
func e2eWaitPortsFree(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for _, s := range platform.All {
		for {
			ln, err := net.Listen("tcp", fmt.Sprintf(":%d", s.Port))
			if err == nil {
				ln.Close()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("port %d (%s) is taken by another process (%v); stop it to run this test", s.Port, s.Name, err)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
}

// e2eBuild compiles this command once for the test.
func e2eBuild(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "stepperslife")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// e2eCleanEnv is the test's environment without any setting that could point a
// service somewhere other than the embedded default.
func e2eCleanEnv() []string {
	prefixes := []string{"PORT=", "PUBLIC_URL=", "DATA_DIR=", "DATABASE_URL=", "MINIO_", "STRIPE_",
		"NEXTAUTH_", "GOOGLE_", "COOKIE_DOMAIN=", "SMTP_", "STEPPERSLIFE_"}
	for _, s := range platform.Verticals() {
		prefixes = append(prefixes, s.URLVar+"=")
	}
	var env []string
next:
	for _, kv := range os.Environ() {
		for _, p := range prefixes {
			if strings.HasPrefix(kv, p) {
				continue next
			}
		}
		env = append(env, kv)
	}
	return env
}

// e2eCheckDataLayout checks that each service keeps its SQLite file under
// DATA_DIR/NAME/ and that nothing lands outside its own folder.
func e2eCheckDataLayout(t *testing.T, data, cwd string) {
	t.Helper()
	for _, s := range platform.All {
		db := filepath.Join(data, s.Name, s.Name+".db")
		if _, err := os.Stat(db); err != nil {
			t.Errorf("%s: no database at %s: %v", s.Name, db, err)
		}
	}
	err := filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(data, path)
		owner, rest, _ := strings.Cut(rel, string(filepath.Separator))
		if _, ok := platform.Lookup(owner); !ok || rest == "" {
			t.Errorf("%s is outside every service's folder", path)
			return nil
		}
		if strings.Contains(rest, ".db") && !strings.HasPrefix(rest, owner+".db") {
			t.Errorf("%s: unexpected database file in %s's folder", path, owner)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	// The working folder stays empty: no ./data or stray database next to it.
	if entries, err := os.ReadDir(cwd); err != nil || len(entries) > 0 {
		t.Errorf("working folder should stay empty, has %v (%v)", entries, err)
	}
}

var e2ePidRE = regexp.MustCompile(`(\S+) started \(pid (\d+)\)`)

// e2ePids lists the pids up reported for name, in start order.
func e2ePids(log, name string) []int {
	var ps []int
	for _, m := range e2ePidRE.FindAllStringSubmatch(log, -1) {
		if m[1] == name {
			n, _ := strconv.Atoi(m[2])
			ps = append(ps, n)
		}
	}
	return ps
}

func e2eAllPids(log string) []int {
	var ps []int
	for _, m := range e2ePidRE.FindAllStringSubmatch(log, -1) {
		n, _ := strconv.Atoi(m[2])
		ps = append(ps, n)
	}
	return ps
}
