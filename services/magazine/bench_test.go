package magazine_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/services/magazine/adapters/sqlstore"
	"stepperslife/services/magazine/domain"
	"stepperslife/services/magazine/magazinetest"
)

// seed stores n published articles straight through the store, each with a body of
// a few paragraphs, an embed and tags.
func seed(b *testing.B, s *magazinetest.Server, n int) []domain.Article {
	b.Helper()
	st := sqlstore.New(s.Instance.Deps.DB)
	now := time.Now().UTC()
	body := strings.Repeat("The floor was full by nine, and the *band* played until one. **Smooth** and proud.\n\n", 12) +
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30\n\n## After\n\n- one\n- two\n"
	out := make([]domain.Article, 0, n)
	for i := range n {
		title := "Benchmark story number " + strconv.Itoa(i)
		cat := domain.Categories[i%len(domain.Categories)]
		at := now.Add(-time.Duration(i) * time.Minute)
		a, err := domain.NewArticle(domain.Patch{Title: &title, Body: &body, Category: &cat, Tags: &[]string{"bench", "chicago"}},
			"bench-writer", "Bench Writer", at)
		if err != nil {
			b.Fatal(err)
		}
		a.Status, a.PublishedAt, a.UpdatedAt = domain.Published, &at, at
		if err := st.CreateArticle(context.Background(), a); err != nil {
			b.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// BenchmarkArticlePage measures the article page through the whole HTTP stack from a
// warm service (readers in parallel, each a different visitor). Run by hand:
//
//	go test ./services/magazine/ -run '^$' -bench ArticlePage
func BenchmarkArticlePage(b *testing.B) {
	s := magazinetest.Start(b, magazinetest.Options{})
	a := seed(b, s, 50)[0]
	url := s.URL + "/articles/" + a.Slug
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := s.Client.Get(url)
			if err != nil || res.StatusCode != http.StatusOK {
				b.Errorf("%v %v", res, err)
				return
			}
			res.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkFeed1000 measures /feed.xml over 1,000 published articles; the 304 run is
// a feed reader revalidating with the ETag it holds.
func BenchmarkFeed1000(b *testing.B) {
	s := magazinetest.Start(b, magazinetest.Options{})
	seed(b, s, 1000)
	first := s.Do("GET", "/feed.xml", nil, nil)
	etag := first.Header.Get("ETag")
	for _, c := range []struct {
		name    string
		headers []string
		want    int
	}{{"full", nil, http.StatusOK}, {"revalidated", []string{"If-None-Match", etag}, http.StatusNotModified}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if r := s.Do("GET", "/feed.xml", nil, nil, c.headers...); r.Status != c.want {
					b.Fatalf("%d", r.Status)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
