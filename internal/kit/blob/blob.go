// Package blob is a service's own file store: an S3 bucket (MinIO) when configured,
// a folder under DATA_DIR/NAME otherwise, behind one small interface.
package blob

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound is returned for a key that holds nothing.
var ErrNotFound = errors.New("blob: not found")

// Info describes a stored object.
type Info struct {
	Size        int64
	ContentType string
	ModTime     time.Time
	ETag        string
}

// Store keeps a service's files. Keys are slash-separated paths such as
// "menu/abc123.webp"; they never start with a slash or contain "..".
type Store interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	Delete(ctx context.Context, key string) error
	// Ping checks that the store answers, for /readyz.
	Ping(ctx context.Context) error
}
