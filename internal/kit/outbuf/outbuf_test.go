package outbuf

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingWriter records each write it is given.
type countingWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
	block  chan struct{} // when set, each write waits for it
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.block != nil {
		<-c.block
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.buf.Write(p)
}

func (c *countingWriter) state() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String(), c.writes
}

func TestLinesFromManyWritersArriveWholeInFewWrites(t *testing.T) {
	out := &countingWriter{}
	w := New(out)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(w, "writer %d line %d\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	text, writes := out.state()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 4000 {
		t.Fatalf("%d lines, want 4000", len(lines))
	}
	next := map[string]int{}
	for _, l := range lines {
		var g, i int
		if _, err := fmt.Sscanf(l, "writer %d line %d", &g, &i); err != nil {
			t.Fatalf("torn line %q", l)
		}
		key := fmt.Sprint(g)
		if i != next[key] {
			t.Fatalf("writer %d: line %d came after %d", g, i, next[key]-1)
		}
		next[key]++
	}
	if writes > 100 {
		t.Fatalf("%d writes for 4,000 lines: not batched", writes)
	}
}

func TestALineShowsSoonWithoutClose(t *testing.T) {
	out := &countingWriter{}
	w := New(out)
	defer w.Close()
	_, _ = io.WriteString(w, "listening\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		if text, _ := out.state(); text == "listening\n" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a lone line never went out")
		}
		time.Sleep(Delay / 4)
	}
}

func TestWritesAfterCloseFollowWhatWaited(t *testing.T) {
	out := &countingWriter{}
	w := New(out)
	_, _ = io.WriteString(w, "one\n")
	_ = w.Close()
	_, _ = io.WriteString(w, "two\n")
	_ = w.Close() // twice is harmless
	if text, _ := out.state(); text != "one\ntwo\n" {
		t.Fatalf("got %q", text)
	}
}

func TestAStuckReaderHoldsWritersBackInsteadOfGrowing(t *testing.T) {
	out := &countingWriter{block: make(chan struct{})}
	w := New(out)
	line := bytes.Repeat([]byte("x"), 1<<10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 * limit / len(line) {
			_, _ = w.Write(line)
		}
	}()
	select {
	case <-done:
		t.Fatal("3 MiB went into memory while the reader was stuck")
	case <-time.After(200 * time.Millisecond):
	}
	w.mu.Lock()
	held := len(w.pending)
	w.mu.Unlock()
	if held > limit+len(line) {
		t.Fatalf("%d bytes held, limit %d", held, limit)
	}
	close(out.block) // the reader comes back
	<-done
	_ = w.Close()
	if text, _ := out.state(); len(text) != 3*limit {
		t.Fatalf("%d bytes out, want %d", len(text), 3*limit)
	}
}
