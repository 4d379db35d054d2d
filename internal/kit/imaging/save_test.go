package imaging

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

func TestSaveKeepsTheProcessedImage(t *testing.T) {
	ctx := context.Background()
	store, key, upload := savedPicture(t, sample(40, 30), "covers/c1")
	want, err := Process(ctx, upload, "covers/c1")
	if err != nil {
		t.Fatal(err)
	}
	if key != want.Key || !strings.HasPrefix(key, "covers/c1") {
		t.Fatalf("key %q, want %q", key, want.Key)
	}
	rc, info, err := store.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, want.Data) || info.ContentType != want.ContentType {
		t.Fatalf("stored %d bytes (%s), want %d (%s)", len(got), info.ContentType, len(want.Data), want.ContentType)
	}

	if _, err := Save(ctx, store, []byte("not an image"), "covers/c2"); code(err) == "" {
		t.Fatalf("junk saved: %v", err)
	}
}
