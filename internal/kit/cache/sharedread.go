package cache

import (
	"context"
	"sync"
	"time"
)

// sharedReads lets concurrent requests share the reads of a version kept in the
// database (PostgreSQL: on SQLite the commit mark spares most reads). A request is
// answered only by a read that began after it arrived, so it sees every commit made
// before it did, as a read of its own would: while a read is under way, arrivals
// wait for the next one, which begins as soon as it ends. Under load one read then
// serves every request that arrived during the one before, instead of each request
// holding a connection and a round trip of the database's time.
type sharedReads struct {
	mu      sync.Mutex
	reading bool        // a read is under way
	next    *sharedRead // the read that begins when it ends, for those who arrived since
	made    int64       // reads begun
}

type sharedRead struct {
	done chan struct{}
	v    Version
	err  error
}

// sharedReadTimeout bounds every read: those who arrive during one wait for it to
// end, and a read made for many cannot follow their own deadlines.
const sharedReadTimeout = 5 * time.Second

// sharedVersion is queryVersion, shared with the requests that arrive at once.
func (c *Cache) sharedVersion(ctx context.Context) (Version, error) {
	return c.reads.read(ctx, c.queryVersion)
}

// read answers with a call of query begun after read was called.
func (s *sharedReads) read(ctx context.Context, query func(context.Context) (Version, error)) (Version, error) {
	s.mu.Lock()
	if !s.reading {
		s.reading = true
		s.made++
		s.mu.Unlock()
		// Others may wait for this read to end: it is bounded like theirs, and ends
		// with the next one begun whatever happens to it.
		defer s.readNext(query)
		ctx, cancel := context.WithTimeout(ctx, sharedReadTimeout)
		defer cancel()
		return query(ctx)
	}
	if s.next == nil {
		s.next = &sharedRead{done: make(chan struct{})}
	}
	rd := s.next
	s.mu.Unlock()
	select {
	case <-rd.done:
		return rd.v, rd.err
	case <-ctx.Done():
		return Version{}, ctx.Err()
	}
}

// readNext, when a read ends, begins the one those who arrived during it wait for.
func (s *sharedReads) readNext(query func(context.Context) (Version, error)) {
	s.mu.Lock()
	rd := s.next
	s.next = nil
	if s.reading = rd != nil; s.reading {
		s.made++
	}
	s.mu.Unlock()
	if rd == nil {
		return
	}
	go func() {
		defer s.readNext(query)
		defer close(rd.done)
		ctx, cancel := context.WithTimeout(context.Background(), sharedReadTimeout)
		defer cancel()
		rd.v, rd.err = query(ctx)
	}()
}
