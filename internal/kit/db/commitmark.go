package db

import (
	"context"
	"database/sql"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// CommitMark changes whenever a transaction commits to the embedded database's file,
// from any connection of any process. It is SQLite's own WAL-index header
// (https://sqlite.org/walformat.html#the_wal_index_header), which a writer publishes
// in shared memory to make each commit visible to readers: a commit count, the last
// frame and a checksum over both. Reading it costs a few memory loads where asking the
// database costs a read transaction.
type CommitMark [walHeaderWords]uint32

// The header is 48 bytes, kept twice at the start of the -shm file: a writer writes
// the second copy and then the first, so two equal copies are a whole header.
const (
	walHeaderWords   = 12
	walHeaderBytes   = 4 * walHeaderWords
	walIndexVersion  = 3007000
	walIndexFileName = "-shm"
)

// commitWatch maps the WAL index and keeps it in use.
type commitWatch struct {
	mem atomic.Pointer[[]byte] // the -shm file's two headers, mapped shared; nil when not mapped
	// readers counts reads under way, which Close waits out before unmapping.
	readers atomic.Int64
	// hold keeps one connection open (idle, in a pool of its own) while mapped:
	// SQLite removes or truncates the -shm file only when no connection is left, and
	// a mapping of a removed file would show the last header for good.
	hold *sql.DB
}

// CommitMark reads the mark. ok is false when there is none to read (PostgreSQL, a
// platform without shared memory, a header caught mid-write): the caller then asks
// the database. A caller that reads the mark before asking the database, and keeps
// what it read under that mark, never serves a state older than the last commit.
func (d *DB) CommitMark() (mark CommitMark, ok bool) {
	d.watch.readers.Add(1)
	defer d.watch.readers.Add(-1)
	p := d.watch.mem.Load()
	if p == nil {
		return mark, false
	}
	mem := *p
	var second CommitMark
	for i := range mark {
		mark[i] = atomic.LoadUint32((*uint32)(unsafe.Pointer(&mem[4*i])))
	}
	for i := range second {
		second[i] = atomic.LoadUint32((*uint32)(unsafe.Pointer(&mem[walHeaderBytes+4*i])))
	}
	return mark, mark == second && mark[0] == walIndexVersion
}

// watchCommits maps the WAL index of the SQLite file at path, opened with dsn.
// Without it the database works the same; callers of CommitMark ask the database
// instead.
func (d *DB) watchCommits(ctx context.Context, dsn, path string) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	// The connection that keeps the file in use is its own pool's, so the service's
	// pool keeps every connection it is given.
	hold, err := sql.Open("sqlite", dsn)
	if err != nil {
		return
	}
	hold.SetMaxOpenConns(1)
	// A read in WAL mode opens the WAL index, creating the -shm file.
	var n int
	mem := []byte(nil)
	if err := hold.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master").Scan(&n); err == nil {
		mem = mapShared(path+walIndexFileName, 2*walHeaderBytes)
	}
	if mem == nil {
		_ = hold.Close()
		return
	}
	d.watch.hold = hold
	d.watch.mem.Store(&mem)
}

// Close closes the database, unmapping the WAL index once no read of it is under way.
func (d *DB) Close() error {
	if p := d.watch.mem.Swap(nil); p != nil {
		for d.watch.readers.Load() != 0 {
			runtime.Gosched()
		}
		unmapShared(*p)
		_ = d.watch.hold.Close()
	}
	return d.DB.Close()
}
