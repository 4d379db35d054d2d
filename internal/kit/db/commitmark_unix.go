//go:build unix

package db

import (
	"os"
	"syscall"
)

// mapShared maps the first size bytes of the file at path read-only and shared, so
// writes of other connections show at once; release unmaps it and closes the file.
// mem is nil when it cannot.
func mapShared(path string, size int) (mem []byte, release func()) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil
	}
	// Touching a mapped page past the file's end is a fault, not an error.
	if st, err := f.Stat(); err != nil || st.Size() < int64(size) {
		_ = f.Close()
		return nil, nil
	}
	mem, err = syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		_ = f.Close()
		return nil, nil
	}
	return mem, func() {
		_ = syscall.Munmap(mem)
		_ = f.Close()
	}
}
