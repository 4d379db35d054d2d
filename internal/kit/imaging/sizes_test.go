package imaging

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"stepperslife/internal/kit/blob"
)

func TestSizedKeyNamesTheCopyBesideThePicture(t *testing.T) {
	if got := SizedKey("menu/ab12.jpg", 320); got != "menu/ab12-w320.jpg" {
		t.Fatalf("SizedKey = %q", got)
	}
	if got, ok := sizedOf("menu/ab12-w800.jpg"); !ok || got != "menu/ab12.jpg" {
		t.Fatalf("sizedOf = %q %v", got, ok)
	}
	if _, ok := sizedOf("menu/ab12-w100.jpg"); ok {
		t.Fatal("a width the kit does not make is taken for a copy")
	}
}

// A wide upload is kept with a copy at each narrower width; a picture narrower than
// a width gets no copy at it.
func TestSaveKeepsNarrowerCopies(t *testing.T) {
	ctx := context.Background()
	store, key, _ := savedPicture(t, photo(1000, 500), "photos")
	for _, w := range Widths {
		sized := SizedKey(key, w)
		rc, info, err := store.Get(ctx, sized)
		if err != nil {
			t.Fatalf("%s: %v", sized, err)
		}
		cfg, format, err := image.DecodeConfig(rc)
		rc.Close()
		if err != nil || format != "jpeg" || info.ContentType != blob.JPEG || cfg.Width != w || cfg.Height != w/2 {
			t.Fatalf("%s: %s %dx%d %v", sized, format, cfg.Width, cfg.Height, err)
		}
	}

	narrow, err := Save(ctx, store, pngOf(t, photo(400, 300)), "photos")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Get(ctx, SizedKey(narrow, SmallWidth)); err != nil {
		t.Fatalf("a 400-wide picture has no 320 copy: %v", err)
	}
	if _, _, err := store.Get(ctx, SizedKey(narrow, MediumWidth)); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("a 400-wide picture got an 800 copy: %v", err)
	}
	// Asked for the copy it lacks, the picture itself answers.
	rc, _, err := Open(ctx, store, httptest.NewRequest("GET", "/", nil), SizedKey(narrow, MediumWidth))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	whole, _, _ := store.Get(ctx, narrow)
	want, _ := io.ReadAll(whole)
	whole.Close()
	if !bytes.Equal(got, want) {
		t.Fatal("the missing copy is not answered with the picture")
	}

	if err := Delete(ctx, store, key); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{key, WebPKey(key), SizedKey(key, SmallWidth), WebPKey(SizedKey(key, MediumWidth))} {
		if _, _, err := store.Get(ctx, k); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("%s left after Delete: %v", k, err)
		}
	}
}

// A drawn picture is stored with the twins written ahead of time, and without them
// when they are missing; MissingTwins names what WriteTwins would write.
func TestDrawnPicturesTakeTheirTwinsFromTheEmbeddedFolder(t *testing.T) {
	ctx := context.Background()
	img := photo(900, 450)
	dir := t.TempDir()
	if err := WriteTwins(dir, img, "menu"); err != nil {
		t.Fatal(err)
	}
	twins := fstest.MapFS{}
	missing, err := MissingTwins(img, "menu", twins)
	if err != nil || len(missing) != len(Widths)+1 {
		t.Fatalf("missing %v %v, want %d twins", missing, err, len(Widths)+1)
	}
	for _, name := range missing {
		data, err := readFile(dir, name)
		if err != nil {
			t.Fatalf("WriteTwins did not write %s: %v", name, err)
		}
		twins[name] = &fstest.MapFile{Data: data}
	}
	if missing, err := MissingTwins(img, "menu", twins); err != nil || len(missing) != 0 {
		t.Fatalf("still missing %v %v", missing, err)
	}

	store, err := blob.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key, err := PutDrawn(ctx, store, img, "menu", twins)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept", "image/webp,*/*")
	for _, k := range []string{key, SizedKey(key, SmallWidth), SizedKey(key, MediumWidth)} {
		rc, info, err := Open(ctx, store, r, k)
		if err != nil {
			t.Fatal(err)
		}
		rc.Close()
		if info.ContentType != "image/webp" {
			t.Fatalf("%s answered as %q", k, info.ContentType)
		}
	}

	bare, err := blob.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PutDrawn(ctx, bare, img, "menu", fstest.MapFS{}); err != nil {
		t.Fatal(err)
	}
	rc, info, err := Open(ctx, bare, r, key)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if info.ContentType != blob.JPEG {
		t.Fatalf("without twins the picture is answered as %q", info.ContentType)
	}
}

func readFile(dir, name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
}

func TestSrcsetOffersTheCopiesOfStoredPicturesOnly(t *testing.T) {
	stored := "https://food.example/images/menu/0123456789abcdef0123456789abcdef.jpg"
	want := "https://food.example/images/menu/0123456789abcdef0123456789abcdef-w320.jpg 320w, " +
		"https://food.example/images/menu/0123456789abcdef0123456789abcdef-w800.jpg 800w, " + stored + " 1200w"
	if got := Srcset(stored); got != want {
		t.Fatalf("Srcset = %q", got)
	}
	for _, other := range []string{"", "https://cdn.example/flyer.jpg", "https://food.example/images/menu/0123456789abcdef0123456789abcdef.png",
		"https://x.example/0123456789abcdef0123456789abcdeg.jpg", stored + "?v=2"} {
		if got := Srcset(other); got != "" {
			t.Errorf("Srcset(%q) = %q, want none", other, got)
		}
	}
}
