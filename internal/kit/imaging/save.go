package imaging

import (
	"bytes"
	"context"

	"stepperslife/internal/kit/blob"
)

// Save processes an upload once (Process) and keeps it in store under prefix,
// returning its key. The key names the content, so the served image can be cached
// forever and a second upload of the same picture writes the same object.
func Save(ctx context.Context, store blob.Store, data []byte, prefix string) (string, error) {
	p, err := Process(ctx, data, prefix)
	if err != nil {
		return "", err
	}
	if err := store.Put(ctx, p.Key, bytes.NewReader(p.Data), int64(len(p.Data)), p.ContentType); err != nil {
		return "", err
	}
	return p.Key, nil
}
