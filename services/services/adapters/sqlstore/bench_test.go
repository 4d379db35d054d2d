package sqlstore_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
	"stepperslife/services/services/migrations"
)

// benchWords are the words of the generated listings' names and taglines.
var benchWords = []string{"groove", "soul", "steppers", "lens", "ballroom", "catering", "petal", "limousine", "studio", "showcase"}

// BenchmarkSearch measures directory searches over 10,000 listings on each database
// (words, a typo, category, place and rating filters, premium-first order), reporting the
// median and 99th percentile per search.
func BenchmarkSearch(b *testing.B) {
	for name, open := range map[string]func(testing.TB, ...db.Migrations) *db.DB{"sqlite": dbtest.SQLite, "postgres": dbtest.Postgres} {
		b.Run(name, func(b *testing.B) {
			s := sqlstore.New(open(b, outbox.Migrations, migrations.Set))
			seedMany(b, s, 10_000)
			loop, _ := domain.PlaceOfZIP("60601")
			searches := []sqlstore.Search{
				{Words: "groove"}, {Category: domain.CategoryVenue}, {Near: &loop, City: "Chicago"},
				{Near: &loop, WithinMiles: 10, Category: domain.CategoryDJ}, {MinRating: 4, Words: "soul steppers"},
				{Category: domain.CategoryPhotographer, PriceMax: 2, Verified: true},
				{Words: "limousene"}, // a typo: found through the vocabulary on PostgreSQL, nothing on SQLite
			}
			if testing.Verbose() { // which search costs what, once each
				for _, f := range searches {
					f.Now, f.Limit = now, 20
					start := time.Now()
					_, total, err := s.SearchProviders(ctx, f)
					if err != nil {
						b.Fatal(err)
					}
					b.Logf("%+v: %d found, %v", f, total, time.Since(start))
				}
			}
			durations := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				f := searches[i%len(searches)]
				f.Now, f.Limit = now, 20
				start := time.Now()
				if _, _, err := s.SearchProviders(ctx, f); err != nil {
					b.Fatal(err)
				}
				durations = append(durations, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(durations)
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// seedMany stores n approved listings spread over the categories, the bundled ZIPs
// and the words, with reviews counted in and every 50th premium.
func seedMany(b *testing.B, s *sqlstore.Store, n int) {
	b.Helper()
	zips := []string{"60601", "60619", "60637", "60201", "60302", "60409", "60540", "60435", "60085", "46320"}
	err := s.InTx(ctx, func(st *sqlstore.Store) error {
		for i := range n {
			w := benchWords[i%len(benchWords)]
			cat := domain.Categories[i%len(domain.Categories)]
			p := domain.Provider{ID: domain.NewID(), Slug: fmt.Sprintf("bench-%d", i), OwnerID: fmt.Sprintf("o%d", i),
				Status: domain.ProviderApproved, BusinessName: fmt.Sprintf("%s %d", w, i), Tagline: benchWords[(i/10)%len(benchWords)] + " events",
				Description: "A business of the Chicago steppin community.", DescriptionHTML: "<p>A business.</p>", Category: cat,
				Phone: "+13125550142", Email: "b@example.com", City: "Chicago", ZIP: zips[i%len(zips)],
				Area: domain.ServiceArea{Kind: domain.AreaRadius, RadiusMiles: 5 + i%40}, PriceRange: domain.PriceRanges[i%4],
				Verified: i%7 == 0, CreatedAt: now, UpdatedAt: now}
			if i%50 == 0 {
				until := now.Add(24 * time.Hour)
				p.PremiumUntil = &until
			}
			if err := st.CreateProvider(ctx, p); err != nil {
				return err
			}
			if i%3 == 0 {
				r := domain.Review{ID: domain.NewID(), ProviderID: p.ID, AuthorID: "c", Rating: 1 + i%5, Status: domain.ReviewVisible, CreatedAt: now}
				if err := st.AddReview(ctx, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if s.DB().Dialect == db.Postgres {
		// What autovacuum does after a load this size: statistics for every table (the
		// vocabulary's too) and the visibility map that index-only counts read.
		if _, err := s.DB().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
}
