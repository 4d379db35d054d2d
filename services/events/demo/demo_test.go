package demo_test

import (
	"bytes"
	"context"
	"image/color"
	"image/jpeg"
	"testing"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/events"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/demo"
	"stepperslife/services/events/domain"
)

func TestFlyerIsAJPEG(t *testing.T) {
	b, err := demo.Flyer("Winter Ball", "SAT DEC 5", "Hall", color.RGBA{10, 10, 60, 255}, color.RGBA{200, 40, 90, 255})
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 900 || img.Bounds().Dy() != 1200 {
		t.Fatalf("%v %v", err, img.Bounds())
	}
}

func TestLoadOnlyIntoAnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	st := sqlstore.New(dbtest.SQLite(t, events.Migrations))
	blobs, _ := blob.NewFolder(t.TempDir())
	if err := demo.Load(ctx, st, blobs); err != nil {
		t.Fatal(err)
	}
	first, _ := st.CountEvents(ctx)
	if err := demo.Load(ctx, st, blobs); err != nil {
		t.Fatal(err)
	}
	again, _ := st.CountEvents(ctx)
	if first < 6 || again != first {
		t.Fatalf("events %d then %d", first, again)
	}
	evs, _, _ := st.PublicEvents(ctx, domain.EventFilter{Limit: 100})
	for _, e := range evs {
		rc, info, err := blobs.Get(ctx, e.FlyerKey)
		if err != nil || info.Size == 0 {
			t.Fatalf("flyer of %s: %v", e.Title, err)
		}
		rc.Close()
	}
}
