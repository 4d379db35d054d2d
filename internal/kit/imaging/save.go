package imaging

import (
	"bytes"
	"context"

	"stepperslife/internal/kit/blob"
)

// Save processes an upload once (Process) and keeps it in store under prefix,
// returning its key. The key names the content, so the served image can be cached
// forever and a second upload of the same picture writes the same object. A WebP
// twin, when smaller, is kept beside it (WebPKey) for browsers that take WebP
// (Open); it is written first, so a served key always has its twin.
func Save(ctx context.Context, store blob.Store, data []byte, prefix string) (string, error) {
	p, err := Process(ctx, data, prefix)
	if err != nil {
		return "", err
	}
	if w, err := p.webP(ctx); err != nil {
		return "", err
	} else if w != nil {
		if err := store.Put(ctx, WebPKey(p.Key), bytes.NewReader(w), int64(len(w)), "image/webp"); err != nil {
			return "", err
		}
	}
	if err := store.Put(ctx, p.Key, bytes.NewReader(p.Data), int64(len(p.Data)), p.ContentType); err != nil {
		return "", err
	}
	return p.Key, nil
}

// webP encodes the twin in a decode slot (the encoder's memory counts like a
// decode's), or nil when WebP is not smaller.
func (p Processed) webP(ctx context.Context) ([]byte, error) {
	if p.fitted == nil {
		return nil, nil
	}
	release, err := decodeSlots.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return encodeWebP(p.fitted, len(p.Data)), nil
}
