package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"runtime"
	"sync"
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

// commitWatch reads one handle's WAL index.
type commitWatch struct {
	index *walIndex // set once at open; nil when the file's WAL index is not mapped
	// mem is index's mapping while this handle is open.
	mem atomic.Pointer[[]byte]
	// readers counts reads under way, which Close waits out.
	readers atomic.Int64
	// hold keeps one connection open (idle, in a pool of its own) while mapped:
	// SQLite removes the -shm file when its last connection to the database closes,
	// and a mapping of a removed file would show the last header for good.
	hold *sql.DB
}

// walIndex is the process's one mapping of a file's WAL index, however many handles
// open the file. Closing any descriptor of a file drops every POSIX lock the process
// holds on it, SQLite's own included, and another process would then take the index
// for unused and rebuild it under the service
// (https://sqlite.org/howtocorrupt.html#posix_close_bug): the descriptor stays open
// until the last handle of the file has closed its connections.
type walIndex struct {
	path    string
	mem     []byte
	release func()
	users   int
}

var walIndexes = struct {
	sync.Mutex
	byPath map[string]*walIndex
}{byPath: map[string]*walIndex{}}

// CommitMark reads the mark. ok is false when there is none to read (PostgreSQL, a
// platform without shared memory, a header caught mid-write, a closed handle): the
// caller then asks the database. A caller that reads the mark before asking the
// database, and keeps what it read under that mark, never serves a state older than
// the last commit.
func (d *DB) CommitMark() (mark CommitMark, ok bool) {
	if d.watch.index == nil {
		return mark, false
	}
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
	// SQLite keeps the -shm file beside the file a symbolic link leads to.
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return
	}
	// The connection that keeps the file in use is its own pool's, so the service's
	// pool keeps every connection it is given.
	hold, err := sql.Open("sqlite", dsn)
	if err != nil {
		return
	}
	hold.SetMaxOpenConns(1)
	// A read in WAL mode opens the WAL index, creating the -shm file.
	var n int
	if err := hold.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master").Scan(&n); err != nil {
		_ = hold.Close()
		return
	}
	index := useWALIndex(real + walIndexFileName)
	if index == nil {
		_ = hold.Close()
		return
	}
	d.watch.index, d.watch.hold = index, hold
	d.watch.mem.Store(&index.mem)
}

// useWALIndex is the process's mapping of the WAL index at path, mapped on first use.
func useWALIndex(path string) *walIndex {
	walIndexes.Lock()
	defer walIndexes.Unlock()
	if x := walIndexes.byPath[path]; x != nil {
		x.users++
		return x
	}
	mem, release := mapShared(path, 2*walHeaderBytes)
	if mem == nil {
		return nil
	}
	x := &walIndex{path: path, mem: mem, release: release, users: 1}
	walIndexes.byPath[path] = x
	return x
}

// done lets go of a handle's use of the mapping: the last one unmaps it and closes its
// descriptor, once the process's connections to the file are closed.
func (x *walIndex) done() {
	walIndexes.Lock()
	defer walIndexes.Unlock()
	if x.users--; x.users == 0 {
		delete(walIndexes.byPath, x.path)
		x.release()
	}
}

// Close closes the database, and then, once no read of the WAL index is under way and
// no other handle uses it, its mapping.
func (d *DB) Close() error {
	if d.watch.index == nil || d.watch.mem.Swap(nil) == nil {
		return d.DB.Close()
	}
	for d.watch.readers.Load() != 0 {
		runtime.Gosched()
	}
	err := d.DB.Close()
	_ = d.watch.hold.Close()
	d.watch.index.done()
	return err
}
