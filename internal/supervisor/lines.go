package supervisor

import (
	"bytes"
	"io"
	"sync"
)

// sysName prefixes the supervisor's own lines.
const sysName = "supervisor"

// lines serialises whole prefixed lines onto one writer, so output from
// concurrent children never interleaves mid-line.
type lines struct {
	mu    sync.Mutex
	out   io.Writer
	width int // names are padded to this many columns
}

func (l *lines) write(name string, text []byte) {
	w := max(l.width, len(sysName)+1)
	b := make([]byte, 0, w+2+len(text)+1)
	b = append(b, name...)
	b = append(b, bytes.Repeat([]byte{' '}, max(w-len(name), 1))...)
	b = append(b, "| "...)
	b = append(b, text...)
	b = append(b, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	// A broken output stream must not stop supervision; the write error is dropped.
	_, _ = l.out.Write(b)
}

func (l *lines) system(msg string) { l.write(sysName, []byte(msg)) }
