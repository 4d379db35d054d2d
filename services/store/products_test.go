package store_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/testenv"
	"stepperslife/services/store/storetest"
)

type productList struct {
	Items      []storeapi.Product `json:"items"`
	Pagination struct {
		Total   int  `json:"total"`
		HasMore bool `json:"hasMore"`
	} `json:"pagination"`
}

func TestProductsWithOptionsAndVariants(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := storetest.Start(t, storetest.Options{DatabaseURL: dbURL})
		v := s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
		body := map[string]any{"name": "Anniversary Tee", "description": "All-white for the anniversary set.",
			"category": "apparel", "status": "ACTIVE",
			"options": []map[string]any{{"name": "Size", "values": []string{"S", "M", "L"}}, {"name": "Color", "values": []string{"White", "Black"}}},
			"variants": []map[string]any{
				{"sku": "TEE-S-W", "options": map[string]string{"size": "s", "color": "white"}, "priceCents": 2500, "stock": 4},
				{"sku": "TEE-M-W", "options": map[string]string{"Size": "M", "Color": "White"}, "priceCents": 2500, "stock": 0, "lowStockThreshold": 2},
			}}
		var p storeapi.Product
		s.Must(201, "POST", "/api/vendors/"+v.ID+"/products", owner, body).JSON(t, &p)
		if p.Slug != "anniversary-tee" || p.Category != "APPAREL" || len(p.Variants) != 2 || p.Variants[0].ID == "" ||
			p.Variants[0].Options["Size"] != "S" || p.Variants[0].Label != "S / White" || *p.Variants[1].LowStockThreshold != 2 {
			t.Fatalf("created: %+v", p)
		}
		// Shoppers see sold-out sizes, with nothing available, and no stock counts.
		pub := s.ProductBySlug(nil, p.Slug)
		if pub.Variants[1].Available != 0 || pub.Variants[1].InStock || pub.Variants[0].Available != 4 || pub.Variants[0].Stock != nil {
			t.Fatalf("public variants: %+v", pub.Variants)
		}
		// Another product may not take one of the vendor's SKUs, in any case.
		dup := map[string]any{"name": "Another Tee", "category": "APPAREL", "variants": []map[string]any{{"sku": "tee-s-w", "priceCents": 100, "stock": 1}}}
		if res := s.Do("POST", "/api/vendors/"+v.ID+"/products", owner, dup); res.Status != 409 || !strings.Contains(string(res.Body), "TEE-S-W") {
			t.Fatalf("a taken SKU: %d %s", res.Status, res.Body)
		}
		// Options make the variants when none are given.
		gen := map[string]any{"name": "Suede Steppers", "category": "SHOES", "status": "ACTIVE", "sku": "SUEDE", "priceCents": 8999, "stock": 3,
			"options": []map[string]any{{"name": "Size", "values": []string{"8", "9", "10", "11"}}, {"name": "Width", "values": []string{"Medium", "Wide"}}}}
		var shoes storeapi.Product
		s.Must(201, "POST", "/api/vendors/"+v.ID+"/products", owner, gen).JSON(t, &shoes)
		if len(shoes.Variants) != 8 || shoes.Variants[0].SKU != "SUEDE-8-MEDIUM" || shoes.Variants[7].Label != "11 / Wide" || shoes.PriceCents != 8999 {
			t.Fatalf("generated: %+v", shoes.Variants)
		}
		// One more variant: its options must fit, and repeat no other.
		if res := s.Do("POST", "/api/products/"+p.ID+"/variants", owner, map[string]any{"sku": "TEE-S-W2", "options": map[string]string{"Size": "S", "Color": "White"}, "priceCents": 1, "stock": 1}); res.Status != 400 {
			t.Fatalf("a repeated combination: %d %s", res.Status, res.Body)
		}
		var added storeapi.Variant
		s.Must(201, "POST", "/api/products/"+p.ID+"/variants", owner, map[string]any{"sku": "TEE-L-B", "options": map[string]string{"Size": "L", "Color": "Black"}, "priceCents": 2700, "stock": 6}).JSON(t, &added)
		if added.Label != "L / Black" || *added.Stock != 6 {
			t.Fatalf("added: %+v", added)
		}
		if res := s.Do("POST", "/api/vendors/"+v.ID+"/products", other, gen); res.Status != 403 {
			t.Fatalf("another owner adds a product: %d", res.Status)
		}
		// Status moves: archived leaves the list; archived → active is refused.
		s.Must(200, "PATCH", "/api/products/"+p.ID, owner, map[string]any{"status": "ARCHIVED"})
		if res := s.Do("PATCH", "/api/products/"+p.ID, owner, map[string]any{"status": "ACTIVE"}); res.Code() != "INVALID_TRANSITION" {
			t.Fatalf("archived to active: %s", res.Body)
		}
		var l productList
		s.Must(200, "GET", "/api/products", nil, nil).JSON(t, &l)
		if l.Pagination.Total != 1 || l.Items[0].ID != shoes.ID {
			t.Fatalf("list after archiving: %+v", l)
		}
		if res := s.Do("GET", "/api/products/"+p.Slug, buyer, nil); res.Status != 404 {
			t.Fatalf("an archived product to a shopper: %d", res.Status)
		}
		var low struct {
			Items []storeapi.LowStockItem `json:"items"`
		}
		s.Must(200, "GET", "/api/vendors/"+v.ID+"/low-stock", owner, nil).JSON(t, &low)
		if len(low.Items) != 8 || low.Items[0].Stock != 3 {
			t.Fatalf("low stock: %+v", low.Items)
		}
	})
}

func TestProductSearch(t *testing.T) {
	s := storetest.Start(t, storetest.Options{})
	a := s.Vendor(owner, storetest.ShopBody("Crème Couture"))
	b := s.Vendor(other, storetest.ShopBody("Bravo Beats"))
	s.Product(owner, a.ID, "Suede Steppers", 8999, 0, "9", "10")
	s.Product(owner, a.ID, "Anniversary Tee", 2500, 3, "S", "M")
	mix := map[string]any{"name": "Chicago Steppin Mix Vol. 3", "category": "MUSIC", "status": "ACTIVE", "variants": []map[string]any{{"sku": "MIX3", "priceCents": 1500, "stock": 20}}}
	s.Must(201, "POST", "/api/vendors/"+b.ID+"/products", other, mix)
	names := func(query string) string {
		t.Helper()
		var l productList
		s.Must(200, "GET", "/api/products?"+query, nil, nil).JSON(t, &l)
		var out []string
		for _, p := range l.Items {
			out = append(out, p.Name)
		}
		return strings.Join(out, ", ")
	}
	for query, want := range map[string]string{
		"sort=name":                          "Anniversary Tee, Chicago Steppin Mix Vol. 3, Suede Steppers",
		"q=creme&sort=name":                  "Anniversary Tee, Suede Steppers",
		"q=steppin+mix":                      "Chicago Steppin Mix Vol. 3",
		"category=music":                     "Chicago Steppin Mix Vol. 3",
		"vendor=" + a.Slug + "&inStock=true": "Anniversary Tee",
		"sort=price_desc&limit=1&offset=1":   "Anniversary Tee",
		"sort=price_asc":                     "Chicago Steppin Mix Vol. 3, Anniversary Tee, Suede Steppers",
	} {
		if got := names(query); got != want {
			t.Errorf("%s: %q, want %q", query, got, want)
		}
	}
	for _, bad := range []string{"category=FOOD", "inStock=maybe", "sort=random", "limit=0", "q=" + strings.Repeat("x", 201)} {
		if res := s.Do("GET", "/api/products?"+bad, nil, nil); res.Status != 400 {
			t.Errorf("%s: %d", bad, res.Status)
		}
	}
}

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

// Product photos go through the kit's imaging into the store's own bucket on MinIO,
// are served with long caching, and what is not a picture, or too big, is refused.
func TestProductPhotosOnMinIO(t *testing.T) {
	m := testenv.MinIO(t)
	mc := m.Config("store")
	s := storetest.Start(t, storetest.Options{Env: map[string]string{
		"MINIO_ENDPOINT": mc.Endpoint, "MINIO_PORT": strconv.Itoa(mc.Port), "MINIO_ACCESS_KEY": mc.AccessKey,
		"MINIO_SECRET_KEY": mc.SecretKey.Reveal(), "MINIO_BUCKET_NAME": mc.Bucket,
	}})
	v := s.Vendor(owner, storetest.ShopBody("Smooth Steps"))
	p := s.Product(owner, v.ID, "Suede Steppers", 8999, 5, "9", "10")
	path := "/api/products/" + p.ID + "/images"
	var img storeapi.Image
	s.Must(201, "POST", path, owner, photo(t, 1800, 1200), "Content-Type", "application/octet-stream").JSON(t, &img)
	res, err := http.Get(img.URL)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("served: %d %v", res.StatusCode, res.Header)
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(out)); err != nil || cfg.Width != 1200 || cfg.Height != 800 {
		t.Fatalf("served image %v %v", cfg, err)
	}
	got := s.ProductBySlug(nil, p.Slug)
	if len(got.Images) != 1 || got.ImageURL != img.URL {
		t.Fatalf("product photos: %+v", got.Images)
	}
	if res := s.Do("POST", path, owner, []byte("%PDF-1.4 not a picture"), "Content-Type", "application/pdf"); res.Status != 415 || res.Code() != "UNSUPPORTED_MEDIA_TYPE" {
		t.Fatalf("a PDF: %d %s", res.Status, res.Body)
	}
	big := append(photo(t, 16, 16), make([]byte, 6<<20)...)
	if res := s.Do("POST", path, owner, big, "Content-Type", "image/png"); res.Status != 413 || res.Code() != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("7 MB: %d %s", res.Status, res.Body)
	}
	if res := s.Do("POST", path, other, photo(t, 64, 64)); res.Status != 403 {
		t.Fatalf("another owner's photo: %d", res.Status)
	}
	s.Must(204, "DELETE", path+"/"+img.ID, owner, nil)
	if got := s.ProductBySlug(nil, p.Slug); len(got.Images) != 0 {
		t.Fatalf("after delete: %+v", got.Images)
	}
	var vv storeapi.Variant
	s.Must(200, "PUT", "/api/variants/"+p.Variants[1].ID+"/image", owner, photo(t, 300, 300)).JSON(t, &vv)
	if vv.ImageURL == "" {
		t.Fatalf("variant image: %+v", vv)
	}
	var logo map[string]string
	s.Must(200, "PUT", "/api/vendors/"+v.ID+"/logo", owner, photo(t, 400, 400)).JSON(t, &logo)
	if !strings.Contains(logo["logoUrl"], "/images/logos/") {
		t.Fatalf("logo: %v", logo)
	}
}
