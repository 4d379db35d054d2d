//go:build unix

package db

import (
	"os"
	"syscall"
)

// mapShared maps the first size bytes of the file at path read-only and shared, so
// writes of other connections show at once; nil when it cannot.
func mapShared(path string, size int) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close() // the mapping outlives the descriptor
	// Touching a mapped page past the file's end is a fault, not an error.
	if st, err := f.Stat(); err != nil || st.Size() < int64(size) {
		return nil
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil
	}
	return mem
}

func unmapShared(mem []byte) { _ = syscall.Munmap(mem) }
