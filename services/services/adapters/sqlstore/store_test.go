package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
	"stepperslife/services/services/migrations"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 6, 1, 18, 0, 0, 0, time.UTC)
)

func each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) { fn(t, sqlstore.New(d)) }, outbox.Migrations, migrations.Set)
}

// listing is what a test changes of a valid approved listing.
type listing struct {
	name, tagline, description string
	category                   domain.Category
	zip, city                  string
	area                       domain.ServiceArea
	price                      domain.PriceRange
	verified                   bool
	premiumUntil               *time.Time
	status                     domain.ProviderStatus
}

func seed(t *testing.T, s *sqlstore.Store, l listing) domain.Provider {
	t.Helper()
	in := domain.ProviderInput{BusinessName: l.name, Tagline: l.tagline, Description: l.description, Category: l.category,
		Phone: "312-555-0142", Email: "hello@biz.example", City: l.city, ZIP: l.zip, Area: l.area, PriceRange: l.price}
	if in.Description == "" {
		in.Description = "We serve the Chicago steppin community."
	}
	if in.Category == "" {
		in.Category = domain.CategoryDJ
	}
	if in.City == "" {
		in.City = "Chicago"
	}
	if in.ZIP == "" {
		in.ZIP = "60619"
	}
	if in.PriceRange == "" {
		in.PriceRange = domain.PriceModerate
	}
	if err := in.Normalize(); err != nil {
		t.Fatal(err)
	}
	st := l.status
	if st == "" {
		st = domain.ProviderApproved
	}
	p := domain.Provider{ID: domain.NewID(), Slug: domain.Slugify(in.BusinessName), OwnerID: "owner-" + in.BusinessName,
		Status: st, BusinessName: in.BusinessName, Tagline: in.Tagline, Description: in.Description,
		DescriptionHTML: domain.RenderMarkdown(in.Description), Category: in.Category, Details: in.Details, Phone: in.Phone,
		Email: in.Email, City: in.City, ZIP: in.ZIP, Area: in.Area, PriceRange: in.PriceRange, Verified: l.verified,
		PremiumUntil: l.premiumUntil, CreatedAt: now, UpdatedAt: now}
	if err := s.CreateProvider(ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// review adds n visible reviews of stars each from distinct customers.
func review(t *testing.T, s *sqlstore.Store, p domain.Provider, n, stars int) {
	t.Helper()
	for i := range n {
		r := domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: fmt.Sprintf("c-%s-%d-%d", p.ID, stars, i),
			Rating: stars, Status: domain.ReviewVisible, CreatedAt: now}
		if err := s.AddReview(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
}

func names(ps []domain.Provider) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.BusinessName
	}
	return strings.Join(out, ",")
}

func search(t *testing.T, s *sqlstore.Store, f sqlstore.Search) string {
	t.Helper()
	f.Now = now
	if f.Limit == 0 {
		f.Limit = 50
	}
	ps, total, err := s.SearchProviders(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if f.Offset == 0 && total != len(ps) && total <= f.Limit {
		t.Fatalf("total %d for %d rows", total, len(ps))
	}
	return names(ps)
}

func TestProviderRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		p := seed(t, s, listing{name: "Lens Queen", category: domain.CategoryPhotographer,
			area: domain.ServiceArea{Kind: domain.AreaCities, Cities: []string{"Oak Park", "Evanston"}}})
		got, err := s.ProviderBySlug(ctx, p.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if got.BusinessName != "Lens Queen" || got.Phone != "+13125550142" || got.Area.Kind != domain.AreaCities ||
			strings.Join(got.Area.Cities, ",") != "evanston,oak park" || got.Rating() != nil {
			t.Fatalf("round trip: %+v", got)
		}
		if _, err := s.Provider(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("missing: %v", err)
		}
		if err := s.MoveProvider(ctx, p.ID, domain.ProviderPending, domain.ProviderApproved, "", now); !errors.Is(err, domain.ErrWrongState) {
			t.Fatalf("stale move: %v", err)
		}
		if err := s.MoveProvider(ctx, p.ID, domain.ProviderApproved, domain.ProviderSuspended, "", now); err != nil {
			t.Fatal(err)
		}
		if got := search(t, s, sqlstore.Search{}); got != "" {
			t.Fatalf("a suspended listing is listed: %s", got)
		}
	})
}

func TestSearchRanksPremiumThenBayesianThenCount(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		later, past := now.Add(24*time.Hour), now.Add(-time.Hour)
		oneFive := seed(t, s, listing{name: "One Five"})
		review(t, s, oneFive, 1, 5)
		steady := seed(t, s, listing{name: "Steady"})
		review(t, s, steady, 40, 5)
		review(t, s, steady, 10, 4) // 4.8 over fifty
		fresh := seed(t, s, listing{name: "Fresh"})
		_ = fresh
		fewer := seed(t, s, listing{name: "Fewer"})
		review(t, s, fewer, 2, 4)
		more := seed(t, s, listing{name: "More"})
		review(t, s, more, 1, 5)
		review(t, s, more, 1, 3)
		review(t, s, more, 1, 4)
		_ = seed(t, s, listing{name: "Premium", premiumUntil: &later})
		_ = seed(t, s, listing{name: "Expired", premiumUntil: &past})
		_ = seed(t, s, listing{name: "Premium Venue", category: domain.CategoryVenue, premiumUntil: &later})

		got := search(t, s, sqlstore.Search{Category: domain.CategoryDJ})
		// Steady: (17.5+240)/55=4.68; One Five: 22.5/6=3.75; More (5,3,4): 29.5/8=3.69;
		// Fewer (4,4): 25.5/7=3.64; Fresh and Expired: the prior, 3.5.
		want := "Premium,Steady,One Five,More,Fewer"
		if !strings.HasPrefix(got, want) {
			t.Fatalf("order %s, want %s…", got, want)
		}
		if strings.Contains(got, "Premium Venue") {
			t.Fatal("a premium listing escaped the category filter")
		}
		p, err := s.Provider(ctx, steady.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := p.Rating(); r == nil || *r != 4.8 || p.ReviewCount != 50 {
			t.Fatalf("steady: %v over %d", r, p.ReviewCount)
		}
		var score float64
		if err := s.DB().QueryRowContext(ctx, `SELECT rank_score FROM providers WHERE id = $1`, steady.ID).Scan(&score); err != nil {
			t.Fatal(err)
		}
		if math.Abs(score-domain.RankScore(240, 50)) > 1e-9 {
			t.Fatalf("stored score %v, domain %v", score, domain.RankScore(240, 50))
		}

		// Review count breaks a tie of scores: 3 and 4 stars, twice or once, and none at all
		// all score exactly the prior, 3.5.
		few := seed(t, s, listing{name: "Tie Few", category: domain.CategoryFlorist})
		many := seed(t, s, listing{name: "Tie Many", category: domain.CategoryFlorist})
		_ = seed(t, s, listing{name: "Tie None", category: domain.CategoryFlorist})
		review(t, s, few, 1, 3)
		review(t, s, few, 1, 4)
		review(t, s, many, 2, 3)
		review(t, s, many, 2, 4)
		if got := search(t, s, sqlstore.Search{Category: domain.CategoryFlorist}); got != "Tie Many,Tie Few,Tie None" {
			t.Fatalf("florists: %s", got)
		}

		// Pagination pages through the same order.
		page1 := search(t, s, sqlstore.Search{Category: domain.CategoryDJ, Limit: 2})
		page2 := search(t, s, sqlstore.Search{Category: domain.CategoryDJ, Limit: 2, Offset: 2})
		if page1 != "Premium,Steady" || page2 != "One Five,More" {
			t.Fatalf("pages %s | %s", page1, page2)
		}
	})
}

func TestSearchFilters(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		later := now.Add(24 * time.Hour)
		// Bases: Evanston (60201), the Loop (60601), Joliet (60435) — 12 and ~35 miles apart.
		north := seed(t, s, listing{name: "North Shore Sound", zip: "60201", city: "Evanston",
			area: domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 5}, price: domain.PriceLuxury, verified: true})
		loop := seed(t, s, listing{name: "Loop Beats", zip: "60601", area: domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 20},
			price: domain.PriceBudget, premiumUntil: &later})
		_ = seed(t, s, listing{name: "Joliet Jams", zip: "60435", city: "Joliet",
			area: domain.ServiceArea{Kind: domain.AreaCities, Cities: []string{"Oak Park"}}})
		_ = seed(t, s, listing{name: "Zoom Trivia", category: domain.CategoryEntertainment, area: domain.ServiceArea{Kind: domain.AreaOnline}})
		review(t, s, north, 3, 5)
		review(t, s, loop, 2, 3)

		near := func(zip string) *domain.Place { p, _ := domain.PlaceOfZIP(zip); return &p }
		cases := []struct {
			name string
			f    sqlstore.Search
			want string
		}{
			{"within 15 miles of the Loop", sqlstore.Search{Near: near("60601"), WithinMiles: 15}, "Loop Beats,North Shore Sound,Zoom Trivia"},
			{"within 2 miles of Evanston", sqlstore.Search{Near: near("60202"), City: "Evanston", WithinMiles: 2},
				"North Shore Sound,Zoom Trivia"},
			{"serves Oak Park", sqlstore.Search{Near: near("60302"), City: "Oak Park"}, "Loop Beats,Joliet Jams,Zoom Trivia"},
			{"serves Evanston (5-mile radius, Loop's 20 too)", sqlstore.Search{Near: near("60201"), City: "Evanston"},
				"Loop Beats,North Shore Sound,Zoom Trivia"},
			{"an unbundled city by name", sqlstore.Search{City: "joliet"}, "Joliet Jams,Zoom Trivia"},
			{"luxury only", sqlstore.Search{PriceMin: 4}, "North Shore Sound"},
			{"budget only, premium still filtered", sqlstore.Search{PriceMax: 1}, "Loop Beats"},
			{"four stars and up", sqlstore.Search{MinRating: 4}, "North Shore Sound"},
			{"three stars and up", sqlstore.Search{MinRating: 3}, "Loop Beats,North Shore Sound"},
			{"verified", sqlstore.Search{Verified: true}, "North Shore Sound"},
		}
		for _, c := range cases {
			got := strings.Split(search(t, s, c.f), ",")
			// Which listings pass, not their order (TestSearchRanks… checks that).
			if strings.Join(sorted(got), ",") != strings.Join(sorted(strings.Split(c.want, ",")), ",") {
				t.Errorf("%s: %v, want %s", c.name, got, c.want)
			}
		}
	})
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func TestSearchWords(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		_ = seed(t, s, listing{name: "Windy City Lens", category: domain.CategoryPhotographer,
			tagline: "Photographer for steppers' sets and weddings", description: "Candid dancing shots, fast galleries."})
		_ = seed(t, s, listing{name: "Groove Masters", description: "We spin **house** and old school all night."})
		if got := search(t, s, sqlstore.Search{Words: "groove"}); got != "Groove Masters" {
			t.Fatalf("a word: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "photographer wedding"}); got != "Windy City Lens" {
			t.Fatalf("stemmed plural: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "dance"}); got != "Windy City Lens" {
			t.Fatalf("stemming (dancing ~ dance): %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: `") OR 1=1 --`}); got != "" {
			t.Fatalf("query syntax reached the database: %q", got)
		}
		if got := search(t, s, sqlstore.Search{Words: "groove wedding"}); got != "" {
			t.Fatalf("every word must match: %q", got)
		}
		typo := search(t, s, sqlstore.Search{Words: "fotographer"})
		if s.DB().Dialect == db.Postgres && typo != "Windy City Lens" {
			t.Fatalf("PostgreSQL typo tolerance: %q", typo)
		}
	})
}

// A page past the end is empty and still tells the total.
func TestSearchPagePastTheEnd(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		for _, n := range []string{"Alpha", "Bravo", "Charlie"} {
			seed(t, s, listing{name: n})
		}
		ps, total, err := s.SearchProviders(ctx, sqlstore.Search{Now: now, Limit: 2, Offset: 2})
		if err != nil || len(ps) != 1 || total != 3 {
			t.Fatalf("last page: %d of %d, %v", len(ps), total, err)
		}
		ps, total, err = s.SearchProviders(ctx, sqlstore.Search{Now: now, Limit: 2, Offset: 10, Words: "bravo"})
		if err != nil || len(ps) != 0 || total != 1 {
			t.Fatalf("past the end: %d of %d, %v", len(ps), total, err)
		}
	})
}
