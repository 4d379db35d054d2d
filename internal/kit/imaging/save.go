package imaging

import (
	"bytes"
	"context"
	"image"

	"stepperslife/internal/kit/blob"
)

// Save processes an upload once (Process) and keeps it in store under prefix,
// returning its key. The key names the content, so the served image can be cached
// forever and a second upload of the same picture writes the same object. The
// narrower copies (SizedKey, JPEG) and the picture's WebP twin, when smaller, are
// kept beside it (WebPKey) for browsers that take WebP (Open); they are written
// first, so a served key always has its copies and twin.
func Save(ctx context.Context, store blob.Store, data []byte, prefix string) (string, error) {
	p, err := Process(ctx, data, prefix)
	if err != nil {
		return "", err
	}
	return p.Key, Keep(ctx, store, p)
}

// Keep stores a processed picture as Save does, for a caller that needs the
// picture's bytes too (a share image cut from it).
func Keep(ctx context.Context, store blob.Store, p Processed) error {
	for _, piece := range p.pieces() {
		// Only the picture gets its twin here: encoding WebP is the costly part of
		// an upload, and twins of the copies would nearly double it.
		var w []byte
		if piece.key == p.Key {
			var err error
			if w, err = webP(ctx, piece.fitted, len(piece.data)); err != nil {
				return err
			}
		}
		if err := put(ctx, store, piece.key, piece.data, w); err != nil {
			return err
		}
	}
	return nil
}

// piece is one object of a processed picture: a narrower copy or the picture.
type piece struct {
	key    string
	data   []byte
	fitted image.Image
}

// pieces lists the narrower copies first and the picture last, the order they are
// written in.
func (p Processed) pieces() []piece {
	var out []piece
	for _, s := range p.Sized {
		out = append(out, piece{key: SizedKey(p.Key, s.Width), data: s.Data, fitted: s.fitted})
	}
	return append(out, piece{key: p.Key, data: p.Data, fitted: p.fitted})
}

// put writes a JPEG and, when there is one (not empty), its WebP twin before it.
func put(ctx context.Context, store blob.Store, key string, jpg, twin []byte) error {
	if len(twin) > 0 {
		if err := store.Put(ctx, WebPKey(key), bytes.NewReader(twin), int64(len(twin)), "image/webp"); err != nil {
			return err
		}
	}
	return store.Put(ctx, key, bytes.NewReader(jpg), int64(len(jpg)), blob.JPEG)
}

// webP encodes a twin in a decode slot (the encoder's memory counts like a
// decode's), or nil when WebP is not smaller than the JPEG's jpegSize bytes.
func webP(ctx context.Context, fitted image.Image, jpegSize int) ([]byte, error) {
	if fitted == nil {
		return nil, nil
	}
	release, err := decodeSlots.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return encodeWebP(fitted, jpegSize), nil
}
