package sqlstore_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"stepperslife/services/services/adapters/sqlstore"
	"stepperslife/services/services/domain"
)

func day(s string) time.Time {
	d, err := domain.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A search by event date hides those booked that day; an import replaces only what
// the last import booked, never the days marked by hand.
func TestBookedDaysHideFromDateSearch(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		busy := seed(t, s, listing{name: "Busy Beats"})
		seed(t, s, listing{name: "Free Beats"})
		sat := day("2026-06-13")
		if err := s.MarkBooked(ctx, busy.ID, sat, now); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkBooked(ctx, busy.ID, sat, now); err != nil { // twice is once
			t.Fatal(err)
		}
		if got := search(t, s, sqlstore.Search{FreeOn: &sat}); got != "Free Beats" {
			t.Fatalf("free on the 13th: %s", got)
		}
		sun := day("2026-06-14")
		if got := search(t, s, sqlstore.Search{FreeOn: &sun, Words: "beats"}); !strings.Contains(got, "Busy Beats") {
			t.Fatalf("free on the 14th: %s", got)
		}

		n, err := s.ReplaceImported(ctx, busy.ID, []time.Time{sat, sun, day("2026-06-20")}, now)
		if err != nil || n != 2 {
			t.Fatalf("import: %d %v", n, err)
		}
		if n, err = s.ReplaceImported(ctx, busy.ID, []time.Time{day("2026-06-27")}, now); err != nil || n != 1 {
			t.Fatalf("second import: %d %v", n, err)
		}
		got, err := s.BookedDays(ctx, busy.ID, day("2026-06-01"), 50)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, b := range got {
			keys = append(keys, b.Key()+"/"+b.Source)
		}
		if strings.Join(keys, " ") != "2026-06-13/MANUAL 2026-06-27/ICS" {
			t.Fatalf("after the second import: %v", keys)
		}
		if booked, err := s.IsBooked(ctx, busy.ID, day("2026-06-27")); err != nil || !booked {
			t.Fatalf("is booked: %v %v", booked, err)
		}
		if err := s.UnmarkBooked(ctx, busy.ID, sat); err != nil {
			t.Fatal(err)
		}
		if err := s.UnmarkBooked(ctx, busy.ID, sat); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("freeing a free day: %v", err)
		}
		if got := search(t, s, sqlstore.Search{FreeOn: &sat}); got != "Busy Beats,Free Beats" && got != "Free Beats,Busy Beats" {
			t.Fatalf("freed: %s", got)
		}
		if _, err := s.ReplaceImported(ctx, "nope", nil, now); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("import for no listing: %v", err)
		}
	})
}

// Racing imports of two different calendars leave one calendar's days whole, never a
// mix, and the days marked by hand meanwhile all stay.
func TestRacingImportsNeverMix(t *testing.T) {
	each(t, func(t *testing.T, s *sqlstore.Store) {
		p := seed(t, s, listing{name: "Racing Beats"})
		a := []time.Time{day("2026-07-01"), day("2026-07-02"), day("2026-07-03")}
		b := []time.Time{day("2026-08-01"), day("2026-08-02")}
		var wg sync.WaitGroup
		errc := make(chan error, 40)
		for i := range 10 {
			wg.Add(3)
			go func() { defer wg.Done(); _, err := s.ReplaceImported(ctx, p.ID, a, now); errc <- err }()
			go func() { defer wg.Done(); _, err := s.ReplaceImported(ctx, p.ID, b, now); errc <- err }()
			go func() {
				defer wg.Done()
				errc <- s.MarkBooked(ctx, p.ID, day("2026-09-01").AddDate(0, 0, i), now)
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.BookedDays(ctx, p.ID, day("2026-06-01"), 100)
		if err != nil {
			t.Fatal(err)
		}
		var imported []string
		manual := 0
		for _, d := range got {
			if d.Source == domain.BookedFromFile {
				imported = append(imported, d.Key())
			} else {
				manual++
			}
		}
		joined := strings.Join(imported, " ")
		if (joined != "2026-07-01 2026-07-02 2026-07-03" && joined != "2026-08-01 2026-08-02") || manual != 10 {
			t.Fatalf("after racing imports: %s, %d by hand", joined, manual)
		}
	})
}
