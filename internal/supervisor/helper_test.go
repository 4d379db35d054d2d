package supervisor

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"
)

// childEnv selects the helper behaviour when the test binary runs as a child.
const childEnv = "SUPERVISOR_TEST_CHILD"

// patience bounds every wait; generous because the machine may be loaded.
const patience = 60 * time.Second

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(helperChild(mode))
	}
	os.Exit(m.Run())
}

// helperChild is the tiny program the supervisor runs in these tests.
func helperChild(mode string) int {
	term := make(chan os.Signal, 1)
	switch mode {
	case "talk": // both streams, then wait for SIGTERM
		signal.Notify(term, syscall.SIGTERM)
		fmt.Println("hello on stdout")
		fmt.Fprintln(os.Stderr, "hello on stderr")
		fmt.Print("no newline at the end")
		os.Stdout.Sync()
		fmt.Fprintln(os.Stderr, "ready")
		<-term
		return 0
	case "crash": // a start-up failure: one error line, a non-zero exit
		fmt.Println(`{"msg":"starting"}`)
		fmt.Fprintln(os.Stderr, "stepperslife: crashy: PORT: must be a port number")
		return 3
	case "graceful":
		signal.Notify(term, syscall.SIGTERM)
		fmt.Println("ready")
		<-term
		fmt.Println("got SIGTERM, cleaning up")
		return 0
	case "supervise": // a supervisor of one graceful child, for the orphan test
		_ = Run(context.Background(), []Child{helper("orphan", "graceful")}, os.Stdout)
		return 0
	case "stubborn": // ignores SIGTERM; only SIGKILL ends it
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("ready")
		for {
			time.Sleep(time.Hour)
		}
	}
	fmt.Fprintln(os.Stderr, "unknown helper mode", mode)
	return 2
}

func helper(name, mode string) Child {
	return Child{Name: name, Path: os.Args[0], Env: append(os.Environ(), childEnv+"="+mode)}
}

// buffer is the output sink the tests wait on.
type buffer struct{ testenv.Buffer }

// waitFor polls until cond holds on the output so far.
func (b *buffer) waitFor(t *testing.T, what string, cond func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if s := b.String(); cond(s) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s; output so far:\n%s", what, b.String())
	return ""
}

func (b *buffer) waitContains(t *testing.T, sub string) string {
	t.Helper()
	return b.waitFor(t, strconv.Quote(sub), func(s string) bool { return strings.Contains(s, sub) })
}

var pidRE = regexp.MustCompile(`(\S+) started \(pid (\d+)\)`)

// pids lists the pids the supervisor reported for name, in start order.
func pids(out, name string) []int {
	var ps []int
	for _, m := range pidRE.FindAllStringSubmatch(out, -1) {
		if m[1] == name {
			n, _ := strconv.Atoi(m[2])
			ps = append(ps, n)
		}
	}
	return ps
}

// running starts p.Run in the background and returns a stop function that cancels
// it and waits for Run to return.
func running(t *testing.T, p Policy, children []Child, out *buffer) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- p.Run(ctx, children, out) }()
	stopped := false
	var result error
	stop = func() error {
		if stopped {
			return result
		}
		stopped = true
		cancel()
		select {
		case result = <-errc:
		case <-time.After(patience):
			t.Fatalf("Run did not return after cancel; output:\n%s", out.String())
		}
		return result
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// gone reports whether the process pid has ended: it no longer exists, or it is a
// zombie nobody has reaped yet (an orphan's new parent may never reap it).
func gone(pid int) bool {
	if syscall.Kill(pid, 0) == syscall.ESRCH {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// The state follows the parenthesised command name.
	i := bytes.LastIndexByte(stat, ')')
	return i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}
