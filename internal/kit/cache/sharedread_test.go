package cache

import (
	"context"
	"embed"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

//go:embed testdata/*.sql
var testTables embed.FS

// Requests that share version reads each see every commit made before they asked,
// and share: fewer reads are made than asked for.
func TestSharedVersionReadsMissNoEarlierCommit(t *testing.T) {
	d := dbtest.Postgres(t, db.Migrations{Owner: "things", FS: testTables, Dir: "testdata"},
		Migrations("things-cache", "things"))
	if _, marked := d.CommitMark(); marked {
		t.Fatal("PostgreSQL has no commit mark: reads are shared there")
	}
	ctx := context.Background()
	c := New(d, nil)
	var committed atomic.Int64 // a version every commit so far is in
	stop := make(chan struct{})
	var writer sync.WaitGroup
	writer.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := d.ExecContext(ctx, "INSERT INTO things (name) VALUES ('x')"); err != nil {
				t.Error(err)
				return
			}
			v, err := ReadVersion(ctx, d)
			if err != nil {
				t.Error(err)
				return
			}
			committed.Store(v.N)
		}
	})
	const readers, each = 32, 40
	var wg sync.WaitGroup
	for range readers {
		wg.Go(func() {
			for range each {
				before := committed.Load()
				v, err := c.readVersion(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if v.N < before {
					t.Errorf("read version %d after version %d had committed", v.N, before)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	writer.Wait()
	c.reads.mu.Lock()
	made := c.reads.made
	c.reads.mu.Unlock()
	if made >= readers*each {
		t.Fatalf("%d reads made for %d asked: none shared", made, readers*each)
	}
	t.Logf("%d reads made for %d asked", made, readers*each)
}

// A request that arrives while a read is under way is not answered by it: that read
// may have begun before a commit the request must see.
func TestASharedReadBegunBeforeARequestDoesNotAnswerIt(t *testing.T) {
	var s sharedReads
	var committed atomic.Int64
	first := make(chan struct{})
	release := make(chan struct{})
	query := func(context.Context) (Version, error) {
		n := committed.Load() // what a read sees is what had committed when it began
		if n == 0 {
			close(first)
			<-release
		}
		return Version{N: n}, nil
	}
	ctx := context.Background()
	early := make(chan Version)
	go func() {
		v, _ := s.read(ctx, query)
		early <- v
	}()
	<-first // the first read is under way and has seen version 0
	committed.Store(1)
	late := make(chan Version, 3)
	for range 3 {
		go func() {
			v, _ := s.read(ctx, query)
			late <- v
		}()
	}
	// Wait until one of them waits for the next read (the others may join it or
	// come after it): then the first read ends.
	for {
		s.mu.Lock()
		joined := s.next != nil
		s.mu.Unlock()
		if joined {
			break
		}
		runtime.Gosched()
	}
	close(release)
	if v := <-early; v.N != 0 {
		t.Fatalf("the first read answered %d", v.N)
	}
	for range 3 {
		if v := <-late; v.N != 1 {
			t.Fatalf("a request that came after commit 1 was answered with version %d", v.N)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.made < 2 {
		t.Fatalf("%d reads made: want a read of their own for those who came after the first", s.made)
	}
}
