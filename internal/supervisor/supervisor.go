// Package supervisor runs a set of long-lived child processes the way pm2 does in
// the seed: every output line prefixed with the child's name, a child that exits
// unexpectedly restarted with exponential backoff, and a graceful stop of all of
// them when the context ends.
package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"stepperslife/internal/kit/outbuf"
	"sync"
	"time"
)

// Child is one process to keep running.
type Child struct {
	Name string   // prefix of its log lines; unique
	Path string   // executable
	Args []string // arguments after the program name
	Env  []string // full environment ("KEY=VALUE"); nil inherits the supervisor's
	Dir  string   // working directory; empty is the supervisor's
}

// Policy sets the restart and stop timings.
type Policy struct {
	MinBackoff time.Duration // first restart delay
	MaxBackoff time.Duration // the delay doubles up to this
	ResetAfter time.Duration // a child up this long starts again from MinBackoff
	Grace      time.Duration // after SIGTERM, how long before SIGKILL
}

// Defaults are the production timings.
var Defaults = Policy{
	MinBackoff: 250 * time.Millisecond,
	MaxBackoff: 10 * time.Second,
	ResetAfter: 30 * time.Second,
	// Longer than a service's own drain (web.ShutdownGrace) so a clean stop is not cut short.
	Grace: 20 * time.Second,
}

// Run supervises children with the default timings until ctx is done, then stops
// them all and returns once every one has exited.
func Run(ctx context.Context, children []Child, out io.Writer) error {
	return Defaults.Run(ctx, children, out)
}

// Run supervises children with p's timings; see the package function Run.
func (p Policy) Run(ctx context.Context, children []Child, out io.Writer) error {
	if err := validate(children); err != nil {
		return err
	}
	if p.MinBackoff <= 0 || p.MaxBackoff < p.MinBackoff || p.Grace <= 0 {
		return errors.New("supervisor: invalid policy")
	}
	width := 0
	for _, c := range children {
		width = max(width, len(c.Name))
	}
	batched := outbuf.New(out)
	defer batched.Close()
	lw := &lines{out: batched, width: width + 1}
	lw.system(fmt.Sprintf("starting %d processes", len(children)))
	var wg sync.WaitGroup
	for _, c := range children {
		wg.Go(func() { p.keep(ctx, c, lw) })
	}
	wg.Wait()
	lw.system("all processes stopped")
	return nil
}

func validate(children []Child) error {
	if len(children) == 0 {
		return errors.New("supervisor: no processes to run")
	}
	seen := map[string]bool{}
	for _, c := range children {
		switch {
		case c.Name == "":
			return errors.New("supervisor: a process has no name")
		case c.Path == "":
			return fmt.Errorf("supervisor: %s has no executable", c.Name)
		case seen[c.Name]:
			return fmt.Errorf("supervisor: two processes are named %s", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// keep runs one child until ctx is done, restarting it whenever it exits.
func (p Policy) keep(ctx context.Context, c Child, lw *lines) {
	backoff := p.MinBackoff
	for restarts := 0; ; restarts++ {
		if ctx.Err() != nil {
			return
		}
		started := time.Now()
		pr, err := start(c, lw)
		var why string
		if err != nil {
			why = "could not start: " + err.Error()
		} else {
			lw.system(fmt.Sprintf("%s started (pid %d)", c.Name, pr.pid()))
			select {
			case <-pr.done:
			case <-ctx.Done():
				p.stop(c.Name, pr, lw)
				return
			}
			why = "exited: " + pr.status()
			if last := pr.lastErrLine(); last != "" {
				why += fmt.Sprintf(" — last error line: %q", last)
			}
		}
		if time.Since(started) >= p.ResetAfter {
			backoff = p.MinBackoff
		}
		lw.system(fmt.Sprintf("%s %s after %s; restart #%d in %s",
			c.Name, why, time.Since(started).Round(time.Millisecond), restarts+1, backoff))
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
		backoff = min(backoff*2, p.MaxBackoff)
	}
}

// stop asks the child's process group to end, and kills it after the grace period.
func (p Policy) stop(name string, pr *proc, lw *lines) {
	pr.signalGroup(sigTerm)
	t := time.NewTimer(p.Grace)
	defer t.Stop()
	select {
	case <-pr.done:
		lw.system(fmt.Sprintf("%s stopped: %s", name, pr.status()))
	case <-t.C:
		lw.system(fmt.Sprintf("%s still running %s after SIGTERM; killing it", name, p.Grace))
		pr.signalGroup(sigKill)
		<-pr.done
		lw.system(fmt.Sprintf("%s killed: %s", name, pr.status()))
	}
}
