package supervisor

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	sigTerm = syscall.SIGTERM
	sigKill = syscall.SIGKILL
	// drainWait bounds how long output is read after the child exits, in case a
	// descendant still holds the pipe.
	drainWait = 2 * time.Second
	// maxLine is where an unterminated line is cut and printed as is.
	maxLine = 64 << 10
)

// proc is one running instance of a child.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited and its output is read

	mu      sync.Mutex
	lastErr string // the last non-empty line the child wrote to stderr
	waitErr error
}

// start launches c in its own process group with its output piped through lw.
func start(c Child, lw *lines) (*proc, error) {
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, err
	}
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Env = c.Env
	cmd.Dir = c.Dir
	cmd.Stdout = outW
	cmd.Stderr = errW
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Its own group: a terminal's Ctrl-C reaches only the supervisor, which then
		// stops the children in order; and a stop reaches the child's descendants too.
		Setpgid: true,
		// If the supervisor dies without stopping it, the child is asked to stop.
		Pdeathsig: syscall.SIGTERM,
	}
	err = startOnForkThread(cmd)
	// The child holds its own copies of the write ends; ours must close so the
	// readers see EOF when it exits.
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, err
	}
	pr := &proc{cmd: cmd, done: make(chan struct{})}
	var readers sync.WaitGroup
	readers.Go(func() { pr.pipe(outR, c.Name, lw, false) })
	readers.Go(func() { pr.pipe(errR, c.Name, lw, true) })
	go func() {
		err := cmd.Wait()
		// Leftover members of a dead child's group would hold its port and block
		// the restart; the group id cannot be reused while any of them lives.
		pr.signalGroup(sigKill)
		drained := make(chan struct{})
		go func() { readers.Wait(); close(drained) }()
		select {
		case <-drained:
		case <-time.After(drainWait):
			outR.Close()
			errR.Close()
		}
		pr.mu.Lock()
		pr.waitErr = err
		pr.mu.Unlock()
		close(pr.done)
	}()
	return pr, nil
}

var (
	forkOnce sync.Once
	forks    chan func()
)

// startOnForkThread starts cmd from one OS thread that lives as long as the
// supervisor: Pdeathsig fires when the thread that forked the child exits, not the
// process, so forking from an arbitrary thread could stop a child by surprise.
func startOnForkThread(cmd *exec.Cmd) error {
	forkOnce.Do(func() {
		forks = make(chan func())
		go func() {
			runtime.LockOSThread() // never unlocked: the thread stays for good
			for f := range forks {
				f()
			}
		}()
	})
	errc := make(chan error, 1)
	forks <- func() { errc <- cmd.Start() }
	return <-errc
}

func (pr *proc) pid() int { return pr.cmd.Process.Pid }

// signalGroup signals the child's whole process group; a group already gone is fine.
func (pr *proc) signalGroup(sig syscall.Signal) {
	if err := syscall.Kill(-pr.pid(), sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		// Fall back to the leader alone.
		_ = pr.cmd.Process.Signal(sig)
	}
}

// status describes how the process ended; call after done is closed.
func (pr *proc) status() string {
	if st := pr.cmd.ProcessState; st != nil {
		return st.String()
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.waitErr != nil {
		return pr.waitErr.Error()
	}
	return "unknown status"
}

func (pr *proc) lastErrLine() string {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return pr.lastErr
}

// pipe copies r line by line to lw under name's prefix.
func (pr *proc) pipe(r *os.File, name string, lw *lines, isStderr bool) {
	defer r.Close()
	br := bufio.NewReaderSize(r, maxLine)
	for {
		line, _, err := br.ReadLine()
		if len(line) > 0 || err == nil {
			lw.write(name, line)
			if isStderr {
				if s := strings.TrimSpace(string(line)); s != "" {
					pr.mu.Lock()
					pr.lastErr = s
					pr.mu.Unlock()
				}
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				lw.write(name, []byte("(output lost: "+err.Error()+")"))
			}
			return
		}
	}
}
