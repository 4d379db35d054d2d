package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
)

// pageAll reads a search one page of size limit at a time, checking each page's
// total against want.
func pageAll(t *testing.T, s *sqlstore.Store, f sqlstore.Search, limit, want int) []string {
	t.Helper()
	var out []string
	for offset := 0; offset < want+limit; offset += limit {
		f.Now, f.Limit, f.Offset = now, limit, offset
		ps, total, err := s.SearchProviders(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if total != want {
			t.Fatalf("%+v: total %d, want %d", f, total, want)
		}
		for _, p := range ps {
			out = append(out, p.BusinessName)
		}
	}
	return out
}

// Pages cross from premium listings to the rest without losing or repeating one,
// in the order of one whole page, and every page tells the same total. Limit 1
// over 25 word matches also takes SQLite's walk of the order index, which a page of
// 50 (sorted matches) does not.
func TestSearchPagesAcrossThePremiumBoundary(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		later := now.Add(24 * time.Hour)
		for i := range 25 {
			l := listing{name: fmt.Sprintf("Groove %02d", i), zip: "60601"}
			if i%8 == 3 {
				l.premiumUntil = &later
			}
			if i%5 == 0 {
				l.name += " Online"
				l.area = domain.ServiceArea{Kind: domain.AreaOnline}
			}
			p := seed(t, s, l)
			review(t, s, p, i%4, 3+i%3)
		}
		for i := range 5 {
			seed(t, s, listing{name: fmt.Sprintf("Evanston Beats %d", i), zip: "60201", city: "Evanston",
				area: domain.ServiceArea{Kind: domain.AreaCities, Cities: []string{"Chicago"}}})
		}
		loop, _ := domain.PlaceOfZIP("60601")
		for _, c := range []struct {
			name string
			f    sqlstore.Search
			want int
		}{
			{"words", sqlstore.Search{Words: "groove"}, 25},
			{"words in a city", sqlstore.Search{Words: "groove", City: "Chicago", Near: &loop}, 25},
			{"a city", sqlstore.Search{City: "Chicago", Near: &loop}, 30},
			{"a category in a city", sqlstore.Search{City: "chicago", Category: domain.CategoryDJ}, 30},
			{"elsewhere", sqlstore.Search{City: "Evanston"}, 5 + 5},
			{"everything", sqlstore.Search{}, 30},
		} {
			whole := pageAll(t, s, c.f, 50, c.want)
			if len(whole) != c.want {
				t.Fatalf("%s: %d listed of %d", c.name, len(whole), c.want)
			}
			for _, limit := range []int{1, 3, 4} {
				if got := pageAll(t, s, c.f, limit, c.want); !slices.Equal(got, whole) {
					t.Fatalf("%s: pages of %d\n%s\nwhole\n%s", c.name, limit, strings.Join(got, ","), strings.Join(whole, ","))
				}
			}
		}

		// The whole page: the premium matches first (i = 3, 11, 19), then the rest, each
		// part in the directory's order.
		f := sqlstore.Search{Words: "groove", Now: now, Limit: 50}
		ps, _, err := s.SearchProviders(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range ps {
			if premium := p.PremiumUntil != nil; premium != (i < 3) {
				t.Fatalf("%d: %s premium %v", i, p.BusinessName, premium)
			}
			if i == 0 || i == 3 {
				continue
			}
			prev := ps[i-1]
			a, b := domain.RankScore(prev.RatingSum, prev.ReviewCount), domain.RankScore(p.RatingSum, p.ReviewCount)
			if a < b || (a == b && prev.ReviewCount < p.ReviewCount) {
				t.Fatalf("%s (%.3f, %d) before %s (%.3f, %d)", prev.BusinessName, a, prev.ReviewCount, p.BusinessName, b, p.ReviewCount)
			}
		}
	})
}

// A misspelt word finds what its spelling would on PostgreSQL, next to a word spelt
// right, and a word its full text ignores ("the") does not narrow a search there; a
// word like nothing listed finds nothing, and filters hold under typo tolerance.
func TestSearchTypos(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		_ = seed(t, s, listing{name: "Windy City Lens", category: domain.CategoryPhotographer,
			tagline: "Photographer for steppers' sets and weddings"})
		_ = seed(t, s, listing{name: "Photon Lights", category: domain.CategoryDecorator, tagline: "Photo booths and lights"})
		pg := s.DB().Dialect == db.Postgres
		if got := search(t, s, sqlstore.Search{Words: "fotographer weddings"}); pg && got != "Windy City Lens" {
			t.Fatalf("a typo next to a known word: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "the photon"}); pg && got != "Photon Lights" {
			t.Fatalf("a word English full text ignores: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "qzxv"}); got != "" {
			t.Fatalf("nothing like it: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "photographer", Category: domain.CategoryDecorator}); got != "" {
			t.Fatalf("a known word outside its category: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "fotographer", Category: domain.CategoryDecorator}); got != "" {
			t.Fatalf("a typo does not escape the category: %q", got)
		}
	})
}
