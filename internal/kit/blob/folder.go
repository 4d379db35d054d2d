package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Folder stores blobs as files below a root folder, with the content type in a
// ".type" file beside each one.
type Folder struct{ root string }

// NewFolder creates root if needed.
func NewFolder(root string) (*Folder, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	return &Folder{root: root}, nil
}

// Key limits every store can keep: S3's key length, and a file name's length less
// the ".type" the folder store adds beside each file.
const (
	maxKeyBytes     = 1024
	maxSegmentBytes = 255 - len(".type")
)

// ValidKey refuses keys that could escape the store, collide with the folder store's
// own files (hidden temporaries, ".type" content-type files) or that some store could
// not name: empty, "." or ".." segments, control characters (NUL among them), bytes
// that are not UTF-8, and names too long for S3 or a file system. Every store treats
// an invalid key as one that holds nothing.
func ValidKey(key string) error {
	if key == "" || len(key) > maxKeyBytes || !utf8.ValidString(key) || strings.Contains(key, "\\") ||
		path.Clean(key) != key || strings.HasSuffix(key, ".type") ||
		strings.ContainsFunc(key, unicode.IsControl) {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") || len(seg) > maxSegmentBytes {
			return fmt.Errorf("blob: invalid key %q", key)
		}
	}
	return nil
}

func (f *Folder) file(key string) (string, error) {
	if err := ValidKey(key); err != nil {
		return "", err
	}
	return filepath.Join(f.root, filepath.FromSlash(key)), nil
}

// Put writes the blob atomically: readers never see half a file.
func (f *Folder) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	name, err := f.file(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if size >= 0 && n != size {
		return fmt.Errorf("blob: wrote %d bytes, expected %d", n, size)
	}
	if err := os.WriteFile(name+".type", []byte(contentType), 0o640); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// Get opens a blob for reading.
func (f *Folder) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	name, err := f.file(key)
	if err != nil {
		return nil, Info{}, ErrNotFound
	}
	fh, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Info{}, ErrNotFound
	}
	if err != nil {
		return nil, Info{}, err
	}
	st, err := fh.Stat()
	if err != nil || st.IsDir() {
		fh.Close()
		return nil, Info{}, ErrNotFound
	}
	ct, _ := os.ReadFile(name + ".type")
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%d|%d", key, st.Size(), st.ModTime().UnixNano())))
	return fh, Info{Size: st.Size(), ContentType: string(ct), ModTime: st.ModTime(), ETag: hex.EncodeToString(sum[:8])}, nil
}

// Delete removes a blob; a missing one is not an error.
func (f *Folder) Delete(ctx context.Context, key string) error {
	name, err := f.file(key)
	if err != nil {
		return err
	}
	_ = os.Remove(name + ".type")
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Ping checks that the folder is still there and writable.
func (f *Folder) Ping(ctx context.Context) error {
	tmp, err := os.CreateTemp(f.root, ".ping-*")
	if err != nil {
		return err
	}
	tmp.Close()
	return os.Remove(tmp.Name())
}
