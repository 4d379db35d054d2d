package db_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"stepperslife/internal/kit/db"
)

// shmInUse is the byte of the -shm file on which every process using the WAL index
// holds a shared lock (SQLite's unix VFS, UNIX_SHM_DMS): a process that can lock it
// exclusively takes the index for unused and rebuilds it.
const shmInUse = 128

// Reading the commit mark must not drop the locks SQLite holds on the -shm file
// (closing any descriptor of a file drops all of a process's locks on it), neither
// when the mark is mapped nor when a second handle of the same file closes.
func TestTheWALIndexStaysInUseWhileMapped(t *testing.T) {
	if shm := os.Getenv("STEPPERSLIFE_TRY_SHM"); shm != "" {
		f, err := os.OpenFile(shm, os.O_RDWR, 0)
		if err != nil {
			os.Exit(2)
		}
		lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: shmInUse, Len: 1}
		if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
			os.Exit(3) // refused: in use
		}
		os.Exit(0)
	}
	path := filepath.Join(t.TempDir(), "app.db")
	d := openFile(t, path)
	if _, ok := d.CommitMark(); !ok {
		t.Fatal("no commit mark")
	}
	tryLock := func(when string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestTheWALIndexStaysInUseWhileMapped$")
		cmd.Env = append(os.Environ(), "STEPPERSLIFE_TRY_SHM="+path+"-shm")
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 3 {
			t.Fatalf("%s: another process could take the WAL index for unused (%v)", when, err)
		}
	}
	tryLock("mapped")
	other, err := db.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	tryLock("after a second handle closed")
	if _, ok := d.CommitMark(); !ok {
		t.Fatal("the second handle's close took the first's mark")
	}
}
