package restaurants_test

import (
	"net/http"
	"strings"
	"testing"

	"stepperslife/services/restaurants/resttest"
)

// TestPublicAnswersAreKeptUntilAWrite: the list, a restaurant and the feed carry an
// ETag, answer 304 while nothing changed, and the next read after a write (a dish
// sold out, a pause, a rename) is fresh — on both databases.
func TestPublicAnswersAreKeptUntilAWrite(t *testing.T) {
	onBoth(t, func(t *testing.T, o resttest.Options) {
		e := resttest.Start(t, o)
		s := newShop(t, e)
		paths := []string{"/api/restaurants?limit=5", "/api/restaurants/" + s.Slug, "/api/feed?limit=5"}
		etags := map[string]string{}
		e.KeptAll(etags, paths)
		e.Private("/api/restaurants/"+s.Slug, &resttest.Owner)
		// A menu change reaches the restaurant's page at once.
		e.Must(200, "PATCH", "/api/restaurants/"+s.ID+"/menu/items/"+s.Wings, &resttest.Owner, map[string]any{"name": "Lemon Pepper Wings"})
		e.ChangedAll(etags, paths[1:2], "Lemon Pepper Wings")
		e.Must(200, "PATCH", "/api/restaurants/"+s.ID, &resttest.Owner, map[string]any{"name": "Wing Stop 79th"})
		e.ChangedAll(etags, paths, "Wing Stop 79th")
	})
}

// A dish's photo goes to browsers that take WebP as its smaller WebP twin, to the
// others as JPEG, each variant with its own validator.
func TestPhotosAreOfferedAsWebP(t *testing.T) {
	e := resttest.Start(t, resttest.Options{})
	s := newShop(t, e)
	url := e.Must(200, "PUT", "/api/restaurants/"+s.ID+"/menu/items/"+s.Wings+"/image", &resttest.Owner,
		photo(t, 900, 600), "Content-Type", "application/octet-stream").Map(t)["imageUrl"].(string)
	path := url[strings.Index(url, "/images/"):]
	jpg := e.Must(200, "GET", path, nil, nil, "Accept", "image/png,image/*;q=0.8")
	wp := e.Must(200, "GET", path, nil, nil, "Accept", "image/avif,image/webp,*/*;q=0.8")
	if jpg.Header.Get("Content-Type") != "image/jpeg" || wp.Header.Get("Content-Type") != "image/webp" || len(wp.Body) >= len(jpg.Body) {
		t.Fatalf("JPEG %q %d bytes, WebP %q %d bytes", jpg.Header.Get("Content-Type"), len(jpg.Body), wp.Header.Get("Content-Type"), len(wp.Body))
	}
	if !strings.Contains(strings.Join(wp.Header.Values("Vary"), ","), "Accept") || wp.Header.Get("ETag") == jpg.Header.Get("ETag") {
		t.Fatalf("headers: %v / %v", wp.Header, jpg.Header)
	}
	if nm := e.Do("GET", path, nil, nil, "Accept", "image/webp", "If-None-Match", wp.Header.Get("ETag")); nm.Status != http.StatusNotModified {
		t.Fatalf("WebP revalidation: %d", nm.Status)
	}
}
