// Package outbuf gathers a process's log lines in memory and writes them out in
// batches. A service logs a line for every request; written one by one, each line
// costs a write system call made while the logger's lock is held, and under `up` a
// read and another write in the supervisor that relays it. Gathered, a busy process
// makes one write per batch and a request never waits on the pipe.
package outbuf

import (
	"io"
	"sync"
	"time"
)

// Delay is how long a batch gathers after its first line: short enough that a
// person or a test watching the log sees lines at once, long enough that a
// server under load writes hundreds of lines a call.
const Delay = 20 * time.Millisecond

// limit is how many bytes may wait: beyond it writers wait for the batch to go out,
// so a stuck reader slows logging down, as an unbuffered pipe would, and memory
// never grows without bound.
const limit = 1 << 20

// Writer batches writes to out. Each Write is kept whole and in order; a line is
// never split across batches. Close writes what waits; writes after Close go
// straight to out, after anything still waiting.
type Writer struct {
	out     io.Writer
	writing sync.Mutex // one write to out at a time, batches in order

	mu      sync.Mutex
	room    sync.Cond // signalled when a batch has been taken
	pending []byte
	spare   []byte
	closed  bool
	wake    chan struct{} // holds a token while a batch gathers
	stopped chan struct{}
}

// New starts batching writes to out.
func New(out io.Writer) *Writer {
	w := &Writer{out: out, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	w.room.L = &w.mu
	go w.loop()
	return w
}

// Write keeps a copy of p for the next batch. It never reports out's errors: a
// broken log stream must not fail the work being logged.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	for len(w.pending) >= limit && !w.closed {
		w.room.Wait()
	}
	if !w.closed {
		if len(w.pending) == 0 {
			// Under the lock: Close closes wake only once closed is set.
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
		w.pending = append(w.pending, p...)
		w.mu.Unlock()
		return len(p), nil
	}
	w.mu.Unlock()
	w.writing.Lock()
	defer w.writing.Unlock()
	w.writeWaiting()
	_, _ = w.out.Write(p)
	return len(p), nil
}

func (w *Writer) loop() {
	defer close(w.stopped)
	for range w.wake {
		time.Sleep(Delay)
		w.flush()
	}
}

func (w *Writer) flush() {
	w.writing.Lock()
	defer w.writing.Unlock()
	w.writeWaiting()
}

// writeWaiting writes what waits in one call; w.writing must be held.
func (w *Writer) writeWaiting() {
	w.mu.Lock()
	batch := w.pending
	w.pending, w.spare = w.spare[:0], nil
	w.room.Broadcast()
	w.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	_, _ = w.out.Write(batch)
	if cap(batch) <= 2*limit { // the next batch reuses it, unless one burst made it huge
		w.mu.Lock()
		w.spare = batch[:0]
		w.mu.Unlock()
	}
}

// Close writes what waits and stops batching; it returns once the last batch is out.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.room.Broadcast()
	w.mu.Unlock()
	close(w.wake)
	<-w.stopped
	w.flush()
	return nil
}
