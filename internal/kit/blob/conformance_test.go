package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/testenv"
)

// Every Store behaves the same; each implementation runs this suite.
func TestFolderConformance(t *testing.T) {
	conformance(t, func(t *testing.T) blob.Store {
		f, err := blob.NewFolder(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
}

func TestS3Conformance(t *testing.T) {
	m := testenv.MinIO(t)
	n := 0
	conformance(t, func(t *testing.T) blob.Store {
		n++ // a bucket of its own for each sub-test
		s, err := blob.NewS3(context.Background(), m.Config("conformance-"+string(rune('a'+n))))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func conformance(t *testing.T, open func(t *testing.T) blob.Store) {
	ctx := context.Background()

	t.Run("put then get returns the bytes and the type", func(t *testing.T) {
		s := open(t)
		body := []byte("\x89PNG\r\n\x1a\n some image bytes")
		put(t, s, "menu/item-1.png", body, blob.PNG)
		got, info := get(t, s, "menu/item-1.png")
		if !bytes.Equal(got, body) {
			t.Fatalf("body = %q, want %q", got, body)
		}
		if info.ContentType != blob.PNG || info.Size != int64(len(body)) || info.ETag == "" || info.ModTime.IsZero() {
			t.Fatalf("info = %+v", info)
		}
	})

	t.Run("put replaces", func(t *testing.T) {
		s := open(t)
		put(t, s, "flyer.jpg", []byte("first"), blob.JPEG)
		put(t, s, "flyer.jpg", []byte("second version"), blob.WebP)
		got, info := get(t, s, "flyer.jpg")
		if string(got) != "second version" || info.ContentType != blob.WebP {
			t.Fatalf("got %q %+v", got, info)
		}
	})

	t.Run("missing key is ErrNotFound", func(t *testing.T) {
		s := open(t)
		if _, _, err := s.Get(ctx, "nothing/here.png"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("delete removes, and deleting again is fine", func(t *testing.T) {
		s := open(t)
		put(t, s, "a/b/c.webp", []byte("x"), blob.WebP)
		put(t, s, "a/b/keep.webp", []byte("y"), blob.WebP)
		if err := s.Delete(ctx, "a/b/c.webp"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Get(ctx, "a/b/c.webp"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("after delete: err = %v", err)
		}
		if err := s.Delete(ctx, "a/b/c.webp"); err != nil {
			t.Fatalf("second delete: %v", err)
		}
		if got, _ := get(t, s, "a/b/keep.webp"); string(got) != "y" {
			t.Fatalf("neighbour = %q", got)
		}
	})

	t.Run("a short body fails and stores nothing", func(t *testing.T) {
		s := open(t)
		err := s.Put(ctx, "short.png", strings.NewReader("abc"), 10, blob.PNG)
		if err == nil {
			t.Fatal("put of 3 bytes announced as 10 succeeded")
		}
		if _, _, err := s.Get(ctx, "short.png"); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("after failed put: err = %v", err)
		}
	})

	t.Run("invalid keys are refused", func(t *testing.T) {
		s := open(t)
		put(t, s, "inside.txt", []byte("mine"), "text/plain")
		for _, key := range invalidKeys {
			if err := s.Put(ctx, key, strings.NewReader("x"), 1, "text/plain"); err == nil {
				t.Errorf("Put(%q) succeeded", key)
			}
			if _, _, err := s.Get(ctx, key); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("Get(%q) err = %v, want ErrNotFound", key, err)
			}
			if err := s.Delete(ctx, key); err == nil {
				t.Errorf("Delete(%q) succeeded", key)
			}
		}
		if got, _ := get(t, s, "inside.txt"); string(got) != "mine" {
			t.Fatalf("inside.txt = %q", got)
		}
		// The longest name every store can keep.
		longest := "dir/" + strings.Repeat("n", 246) + ".jpg"
		put(t, s, longest, []byte("long"), "image/jpeg")
		if got, _ := get(t, s, longest); string(got) != "long" {
			t.Fatalf("longest name = %q", got)
		}
	})

	t.Run("ping", func(t *testing.T) {
		if err := open(t).Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

var invalidKeys = []string{"", "/etc/passwd", "../outside", "a/../../outside", "a/../b", "a//b",
	"a/./b", "a/", ".", "..", `a\b`, ".hidden", "dir/.upload-1", "x.png.type",
	"photos/\x00.jpg", "a\nb", "a\x7fb", "bad\xffutf8", strings.Repeat("n", 247) + ".jpg",
	strings.Repeat("d/", 520) + "x"}

func put(t *testing.T, s blob.Store, key string, body []byte, ct string) {
	t.Helper()
	if err := s.Put(context.Background(), key, bytes.NewReader(body), int64(len(body)), ct); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func get(t *testing.T, s blob.Store, key string) ([]byte, blob.Info) {
	t.Helper()
	rc, info, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b, info
}
