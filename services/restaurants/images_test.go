package restaurants_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strconv"
	"testing"

	"stepperslife/internal/kit/testenv"
	"stepperslife/services/restaurants/resttest"
)

// photo is a detailed picture of w×h as PNG, the way a phone might send it.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(7)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 28)
			img.SetRGBA(x, y, color.RGBA{uint8(x*200/w) + n, uint8(y*200/h) + n, 90 + n, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestItemPhotoUploadAndServingOnMinIO(t *testing.T) {
	m := testenv.MinIO(t)
	mc := m.Config("restaurants")
	e := resttest.Start(t, resttest.Options{Env: map[string]string{
		"MINIO_ENDPOINT": mc.Endpoint, "MINIO_PORT": strconv.Itoa(mc.Port), "MINIO_ACCESS_KEY": mc.AccessKey,
		"MINIO_SECRET_KEY": mc.SecretKey.Reveal(), "MINIO_BUCKET_NAME": mc.Bucket,
	}})
	s := newShop(t, e)
	path := "/api/restaurants/" + s.ID + "/menu/items/" + s.Wings + "/image"

	in := photo(t, 1800, 1200)
	r := e.Must(200, "PUT", path, &resttest.Owner, in, "Content-Type", "application/octet-stream")
	url := r.Map(t)["imageUrl"].(string)

	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" ||
		res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("ETag") == "" {
		t.Fatalf("served: %d %v", res.StatusCode, res.Header)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != 1200 || cfg.Height != 800 {
		t.Fatalf("served image %v %v", cfg, err)
	}
	if len(out) >= len(in) {
		t.Fatalf("served %d bytes, uploaded %d: not smaller", len(out), len(in))
	}
	t.Logf("uploaded %d bytes (PNG 1800×1200), served %d bytes (JPEG 1200×800): %.1f%%", len(in), len(out), 100*float64(len(out))/float64(len(in)))

	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET: %d", res2.StatusCode)
	}

	// The public menu carries the address.
	d := e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t)
	items := d["menu"].(map[string]any)["categories"].([]any)[0].(map[string]any)["items"].([]any)
	found := false
	for _, it := range items {
		found = found || it.(map[string]any)["imageUrl"] == url
	}
	if !found {
		t.Fatalf("menu lacks %s: %v", url, items)
	}

	// Refusals: not an image by its bytes, too big, not the team's, a restaurant photo.
	if r := e.Do("PUT", path, &resttest.Owner, []byte("GIF89a not accepted"), "Content-Type", "image/jpeg"); r.Status != 415 || r.Code() != "UNSUPPORTED_MEDIA_TYPE" {
		t.Fatalf("gif: %d %s", r.Status, r.Body)
	}
	big := append([]byte("\xff\xd8\xff"), make([]byte, 5<<20)...)
	if r := e.Do("PUT", path, &resttest.Owner, big); r.Status != 413 || r.Code() != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("big: %d %s", r.Status, r.Body)
	}
	if r := e.Do("PUT", path, &resttest.Staff, in); r.Status != 403 {
		t.Fatalf("staff upload: %d %s", r.Status, r.Body)
	}
	e.Must(404, "GET", "/images/menu/nothing.jpg", nil, nil)
	e.Must(404, "GET", "/images/../etc/passwd", nil, nil)
	ph := e.Must(201, "POST", "/api/restaurants/"+s.ID+"/photos", &resttest.Owner, photo(t, 300, 200)).Map(t)
	if got := e.Must(200, "GET", "/api/restaurants/"+s.Slug, nil, nil).Map(t)["imageUrl"]; got != ph["imageUrl"] {
		t.Fatalf("restaurant photo %v, want %v", got, ph["imageUrl"])
	}
}
