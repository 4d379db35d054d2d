package magazine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/proctest"
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

// BenchmarkArticlePageVsPortalHome measures, in one run on one machine, an article
// page of a warm magazine and the portal's home page (which draws the magazine's
// section), each served by its own real process (`stepperslife serve`, the magazine
// with its demo content), with the same parallel clients. Run by hand:
//
//	go test ./services/magazine/ -run '^$' -bench ArticlePageVsPortalHome -benchtime 5s
func BenchmarkArticlePageVsPortalHome(b *testing.B) {
	ports := proctest.FreePorts(b, 2)
	portalURL := "http://127.0.0.1:" + strconv.Itoa(ports[0])
	mag := proctest.StartWith(b, "magazine", ports[1], map[string]string{"NEXTAUTH_URL": portalURL, "STEPPERSLIFE_DEMO": "true"})
	portal := proctest.StartPortal(b, ports[0], map[string]string{"magazine": mag.URL})
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	get := func(url string) error {
		res, err := client.Get(url)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %d", url, res.StatusCode)
		}
		return nil
	}
	var list struct{ Items []magazineapi.Article }
	res, err := client.Get(mag.URL + "/api/articles?limit=1")
	if err != nil {
		b.Fatal(err)
	}
	err = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if err != nil || len(list.Items) == 0 {
		b.Fatalf("no demo article: %v", err)
	}
	pages := []struct{ name, url string }{{"magazine-article", mag.URL + "/articles/" + list.Items[0].Slug},
		{"portal-home", portal.URL + "/"}}
	for _, p := range pages {
		for range 200 { // warm: caches filled, connections open
			if err := get(p.url); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := get(p.url); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
