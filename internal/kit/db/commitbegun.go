package db

import (
	"sync"

	"modernc.org/sqlite"
)

// Commits begun in this process are announced, so whoever waits for the file to
// change checks then instead of looking all the time: SQLite calls each connection's
// commit hook as a transaction starts to commit. The commit is not yet visible when
// the hook runs; the waiter looks at the commit mark until it moves.
var begun = struct {
	sync.Mutex
	byDSN map[string]chan struct{} // closed and replaced at each commit begun
}{byDSN: map[string]chan struct{}{}}

func init() {
	sqlite.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, dsn string) error {
		if h, ok := c.(sqlite.HookRegisterer); ok {
			h.RegisterCommitHook(func() int32 {
				commitBegun(dsn)
				return 0 // go on committing
			})
		}
		return nil
	})
}

func commitBegun(dsn string) {
	begun.Lock()
	defer begun.Unlock()
	if ch := begun.byDSN[dsn]; ch != nil {
		close(ch)
		begun.byDSN[dsn] = make(chan struct{})
	}
}

// CommitBegun is closed when a transaction of this process next begins to commit to
// the file (a transaction that only read commits too: transactions begin IMMEDIATE);
// nil for PostgreSQL and for a file whose commit mark is not mapped, where there is no
// mark to look at. Commits of other processes are not announced: a waiter still looks
// at the commit mark now and then. Handles are told of each other's commits when they
// open the file the same way (OpenSQLite with the same path).
func (d *DB) CommitBegun() <-chan struct{} {
	if d.watch.index == nil {
		return nil
	}
	begun.Lock()
	defer begun.Unlock()
	ch := begun.byDSN[d.dsn]
	if ch == nil {
		ch = make(chan struct{})
		begun.byDSN[d.dsn] = ch
	}
	return ch
}
