package supervisor

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fast keeps the tests short without changing the logic under test.
var fast = Policy{MinBackoff: 50 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, ResetAfter: time.Hour, Grace: 30 * time.Second}

func TestPrefixesEveryLineWithTheName(t *testing.T) {
	out := &buffer{}
	stop := running(t, fast, []Child{helper("a", "talk"), helper("restaurants", "talk")}, out)
	out.waitFor(t, "both children ready", func(s string) bool {
		return strings.Count(s, "| ready\n") == 2
	})
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := out.String()
	// Names are padded to one column past the longest name, then "| ".
	for _, want := range []string{
		"a           | hello on stdout\n",
		"a           | hello on stderr\n",
		"a           | no newline at the end\n",
		"restaurants | hello on stdout\n",
		"restaurants | hello on stderr\n",
		"restaurants | no newline at the end\n",
		"supervisor  | all processes stopped\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q; got:\n%s", want, got)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if len(line) < 14 || line[12:14] != "| " {
			t.Errorf("line not prefixed in the common column: %q", line)
		}
	}
}

func TestRestartsACrashingChildWithBackoffAndShowsItsError(t *testing.T) {
	out := &buffer{}
	stop := running(t, fast, []Child{helper("crashy", "crash")}, out)
	got := out.waitContains(t, "restart #6 ")
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// The delays are the policy's, doubling to the cap; each line carries the exit
	// status and the child's one-line error.
	for i, delay := range []string{"50ms", "100ms", "200ms", "400ms", "400ms", "400ms"} {
		want := fmt.Sprintf(`crashy exited: exit status 3 — last error line: "stepperslife: crashy: PORT: must be a port number" after `)
		if !strings.Contains(got, want) {
			t.Fatalf("no restart line with status and error %q in:\n%s", want, got)
		}
		if w := fmt.Sprintf("; restart #%d in %s\n", i+1, delay); !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
	// Every restart really ran the child again, each a new process.
	ps := pids(got, "crashy")
	if len(ps) < 6 {
		t.Fatalf("want at least 6 starts, got pids %v", ps)
	}
	seen := map[int]bool{}
	for _, p := range ps {
		if seen[p] {
			t.Errorf("pid %d reported twice", p)
		}
		seen[p] = true
	}
	if strings.Count(got, `crashy     | {"msg":"starting"}`) < 6 {
		t.Errorf("child output missing from some runs:\n%s", got)
	}
}

func TestBackoffResetsAfterAChildStayedUp(t *testing.T) {
	p := fast
	p.ResetAfter = time.Nanosecond // every run counts as having stayed up
	out := &buffer{}
	stop := running(t, p, []Child{helper("crashy", "crash")}, out)
	got := out.waitContains(t, "restart #4 ")
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	for i := 1; i <= 4; i++ {
		if w := fmt.Sprintf("; restart #%d in 50ms\n", i); !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

func TestRestartsAChildKilledFromOutside(t *testing.T) {
	out := &buffer{}
	stop := running(t, fast, []Child{helper("victim", "graceful")}, out)
	first := pids(out.waitContains(t, "victim     | ready"), "victim")[0]
	if pg, err := syscall.Getpgid(first); err != nil || pg != first {
		t.Errorf("child should lead its own process group: pgid %d, %v", pg, err)
	}
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	got := out.waitFor(t, "a second start", func(s string) bool { return len(pids(s, "victim")) == 2 })
	if !strings.Contains(got, "victim exited: signal: killed") {
		t.Errorf("restart log lacks the exit status:\n%s", got)
	}
	second := pids(got, "victim")[1]
	if second == first {
		t.Fatalf("restarted with the same pid %d", first)
	}
	out.waitFor(t, "the restarted child ready", func(s string) bool { return strings.Count(s, "victim     | ready") == 2 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !gone(second) {
		t.Errorf("restarted child %d still running after stop", second)
	}
}

func TestGracefulStopSendsSIGTERMAndWaits(t *testing.T) {
	out := &buffer{}
	stop := running(t, fast, []Child{helper("one", "graceful"), helper("two", "graceful")}, out)
	got := out.waitFor(t, "both ready", func(s string) bool { return strings.Count(s, "| ready\n") == 2 })
	all := append(pids(got, "one"), pids(got, "two")...)
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got = out.String()
	for _, want := range []string{
		"one        | got SIGTERM, cleaning up\n",
		"two        | got SIGTERM, cleaning up\n",
		"one stopped: exit status 0\n",
		"two stopped: exit status 0\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "killing") || strings.Contains(got, "restart #") {
		t.Errorf("a graceful stop should neither kill nor restart:\n%s", got)
	}
	for _, pid := range all {
		if !gone(pid) {
			t.Errorf("pid %d still running", pid)
		}
	}
}

func TestKillsAChildThatIgnoresSIGTERMAfterTheGrace(t *testing.T) {
	p := fast
	p.Grace = 300 * time.Millisecond
	out := &buffer{}
	stop := running(t, p, []Child{helper("stubborn", "stubborn")}, out)
	got := out.waitContains(t, "stubborn   | ready\n")
	pid := pids(got, "stubborn")[0]
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got = out.String()
	for _, want := range []string{
		"stubborn still running 300ms after SIGTERM; killing it\n",
		"stubborn killed: signal: killed\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if !gone(pid) {
		t.Errorf("stubborn child %d survived", pid)
	}
}

func TestAnExecutableThatCannotStartIsRetried(t *testing.T) {
	out := &buffer{}
	stop := running(t, fast, []Child{{Name: "ghost", Path: "/nonexistent/stepperslife"}}, out)
	got := out.waitContains(t, "restart #2 ")
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.Contains(got, "ghost could not start: ") {
		t.Errorf("no start error logged:\n%s", got)
	}
}

func TestRejectsABadChildList(t *testing.T) {
	for name, children := range map[string][]Child{
		"empty":     nil,
		"no name":   {{Path: "/bin/true"}},
		"no path":   {{Name: "x"}},
		"duplicate": {{Name: "x", Path: "/bin/true"}, {Name: "x", Path: "/bin/true"}},
	} {
		if err := Run(context.Background(), children, io.Discard); err == nil {
			t.Errorf("%s: Run accepted it", name)
		}
	}
}

func TestChildrenStopWhenTheSupervisorIsKilled(t *testing.T) {
	// Become the orphan's new parent so it can be reaped rather than left a zombie.
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		t.Logf("cannot become a subreaper (%v); the orphan may stay a zombie", errno)
	}
	out := &buffer{}
	sup := exec.Command(os.Args[0])
	sup.Env = append(os.Environ(), childEnv+"=supervise")
	sup.Stdout = out
	sup.Stderr = out
	if err := sup.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sup.Wait() }()
	orphan := pids(out.waitContains(t, "orphan     | ready"), "orphan")[0]
	if err := sup.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-done
	deadline := time.Now().Add(patience)
	for !gone(orphan) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(orphan, syscall.SIGKILL)
			t.Fatalf("child %d outlived its killed supervisor", orphan)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var ws syscall.WaitStatus
	_, _ = syscall.Wait4(orphan, &ws, syscall.WNOHANG, nil)
}
