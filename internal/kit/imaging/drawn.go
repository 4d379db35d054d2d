package imaging

import (
	"context"
	"errors"
	"image"
	"io/fs"
	"os"
	"path/filepath"

	"stepperslife/internal/kit/blob"
)

// Pictures a program draws (the demo's storefronts, plates and flyers) are the same
// every time, and so are their WebP twins. Encoding WebP costs about a second the
// first time in a process (the encoder's WebAssembly is compiled), so the twins of
// drawn pictures are encoded once, ahead of time, into files embedded in the
// program (WriteTwins), and PutDrawn stores them beside the pictures without
// encoding anything.

// Drawn is a picture a program draws, with the prefix of its key: what its twins
// are written for (WriteTwins) and checked against (MissingTwins).
type Drawn struct {
	Img    image.Image
	Prefix string
}

// TwinsIn is the folder "twins" of an embedded tree, where WriteTwins writes a
// program's twins and PutDrawn reads them.
func TwinsIn(embedded fs.FS) fs.FS {
	sub, err := fs.Sub(embedded, "twins")
	if err != nil {
		panic(err) // only a malformed name fails, and the name is fixed
	}
	return sub
}

// PutDrawn encodes a drawn picture as Save would (the JPEG and its narrower copies)
// and keeps it in store with the WebP twins found in twins, the embedded folder
// WriteTwins filled, laid out like the bucket (nil: no twins). It returns the
// picture's key.
func PutDrawn(ctx context.Context, store blob.Store, img image.Image, prefix string, twins fs.FS) (string, error) {
	return putDrawn(ctx, store, img, prefix, twins, Widths)
}

// PutDrawnSmall is PutDrawn keeping only the SmallWidth copy, for lists'
// thumbnails: scaling a large drawing twice costs a demo's start more than its
// pages gain. A page asking for a wider copy gets the picture (Open).
func PutDrawnSmall(ctx context.Context, store blob.Store, img image.Image, prefix string) (string, error) {
	return putDrawn(ctx, store, img, prefix, nil, []int{SmallWidth})
}

func putDrawn(ctx context.Context, store blob.Store, img image.Image, prefix string, twins fs.FS, widths []int) (string, error) {
	p, err := encode(img, prefix, widths)
	if err != nil {
		return "", err
	}
	for _, piece := range p.pieces() {
		var twin []byte
		if twins != nil {
			twin, err = fs.ReadFile(twins, WebPKey(piece.key))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
		if err := put(ctx, store, piece.key, piece.data, twin); err != nil {
			return "", err
		}
	}
	return p.Key, nil
}

// MissingTwins lists the twins of a drawn picture that twins lacks and WriteTwins
// would write: a test names them when a drawing changed and the twins were not
// written again. Twins that would not be smaller than their JPEG are never written,
// so they cannot be told from missing ones without encoding; WriteTwins leaves an
// empty file for them.
func MissingTwins(img image.Image, prefix string, twins fs.FS) ([]string, error) {
	p, err := Encode(img, prefix)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, piece := range p.pieces() {
		if _, err := fs.Stat(twins, WebPKey(piece.key)); errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, WebPKey(piece.key))
		} else if err != nil {
			return nil, err
		}
	}
	return missing, nil
}

// WriteTwins encodes the WebP twins of a drawn picture into dir, laid out like the
// bucket, for a program to embed. A twin that would not be smaller than its JPEG is
// written empty, so it is known not to be wanted; PutDrawn stores no twin for it.
func WriteTwins(dir string, img image.Image, prefix string) error {
	p, err := Encode(img, prefix)
	if err != nil {
		return err
	}
	for _, piece := range p.pieces() {
		name := filepath.Join(dir, filepath.FromSlash(WebPKey(piece.key)))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, encodeWebP(piece.fitted, len(piece.data)), 0o644); err != nil {
			return err
		}
	}
	return nil
}
