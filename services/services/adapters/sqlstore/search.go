package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode"

	"stepperslife/internal/kit/db"
	"stepperslife/services/services/domain"
)

// Search is what a customer asks of the directory. Empty fields do not filter.
type Search struct {
	Words    string
	Category domain.Category
	// Near is the customer's place (from a ZIP or a bundled city); City is the city as
	// typed, for listings that name the cities they serve.
	Near        *domain.Place
	City        string
	WithinMiles int // with Near: the listing's base within this distance; 0: the listing serves the place
	PriceMin    int // price levels, 1 (BUDGET) to 4 (LUXURY)
	PriceMax    int
	MinRating   float64 // on the shown average; a listing without reviews has none
	Verified    bool
	// FreeOn keeps listings that have not marked this day booked (nil: any).
	FreeOn *time.Time
	Now    time.Time
	Limit  int
	Offset int
}

// SearchProviders answers a search over APPROVED listings: premium ones first (only
// among those that pass every filter), then by Bayesian score, then by review count,
// with the total for pagination.
//
// On PostgreSQL the words first match as full text (stemmed, from its index); only a
// search that finds nothing that way is tried again with typo tolerance, so a
// misspelt word still finds its listing while the common search stays on the index.
func (s *Store) SearchProviders(ctx context.Context, f Search) ([]domain.Provider, int, error) {
	ps, total, err := s.search(ctx, f, false)
	if err == nil && total == 0 && s.db.Dialect == db.Postgres && len(searchWords(f.Words)) > 0 {
		return s.search(ctx, f, true)
	}
	return ps, total, err
}

func (s *Store) search(ctx context.Context, f Search, fuzzy bool) ([]domain.Provider, int, error) {
	var a db.Args
	where := []string{"status = " + a.Add(string(domain.ProviderApproved))}
	if words := searchWords(f.Words); len(words) > 0 {
		where = append(where, s.wordsMatch(&a, words, fuzzy))
	}
	if f.Category != "" {
		where = append(where, "category = "+a.Add(string(f.Category)))
	}
	if place := placeMatch(&a, f); place != "" {
		where = append(where, place)
	}
	if f.PriceMin > 0 {
		where = append(where, "price_level >= "+a.Add(f.PriceMin))
	}
	if f.PriceMax > 0 {
		where = append(where, "price_level <= "+a.Add(f.PriceMax))
	}
	if f.MinRating > 0 {
		where = append(where, "review_count > 0 AND rating_sum >= CAST("+a.Add(f.MinRating)+" AS DOUBLE PRECISION) * review_count")
	}
	if f.Verified {
		where = append(where, "verified = "+a.Add(true))
	}
	if f.FreeOn != nil {
		where = append(where, freeOn(&a, *f.FreeOn))
	}
	cond := strings.Join(where, " AND ")
	countArgs := len(a.Values())
	order := ` ORDER BY CASE WHEN premium_until > ` + a.Add(f.Now.UTC()) + ` THEN 0 ELSE 1 END,
		rank_score DESC, review_count DESC, created_at DESC, id`
	page := ` LIMIT ` + a.Add(max(f.Limit, 1)) + ` OFFSET ` + a.Add(max(f.Offset, 0))
	// The page reads narrow rows (id and sort keys) under a bounded sort, the total is
	// a count of its own, and only the page's listings are read whole: a broad search
	// never sorts 10,000 descriptions, nor holds every match for a window total.
	rows, err := s.q().QueryContext(ctx, `SELECT id FROM providers WHERE `+cond+order+page, a.Values()...)
	if err != nil {
		return nil, 0, wrap("search providers", "", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, wrap("search providers", "", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("search providers", "", err)
	}
	total := f.Offset + len(ids)
	if len(ids) == max(f.Limit, 1) || (len(ids) == 0 && f.Offset > 0) { // more may follow, or a page past the end: count
		if err := s.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM providers WHERE `+cond, a.Values()[:countArgs]...).Scan(&total); err != nil {
			return nil, 0, wrap("count search", "", err)
		}
	}
	if len(ids) == 0 {
		return []domain.Provider{}, total, nil
	}
	ps, err := s.providersByID(ctx, ids)
	return ps, total, wrap("search providers", "", err)
}

// providersByID reads the listings of ids, in the order of ids.
func (s *Store) providersByID(ctx context.Context, ids []string) ([]domain.Provider, error) {
	var a db.Args
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	found, err := s.providers(ctx, `SELECT `+providerCols+` FROM providers WHERE id IN (`+a.List(vals...)+`)`, a.Values()...)
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	ordered := make([]domain.Provider, len(ids))
	n := 0
	for _, p := range found {
		if i, ok := at[p.ID]; ok {
			ordered[i] = p
			n++
		}
	}
	if n < len(ids) { // a listing deleted between the two reads leaves the page
		kept := ordered[:0]
		for _, p := range ordered {
			if p.ID != "" {
				kept = append(kept, p)
			}
		}
		ordered = kept
	}
	return ordered, nil
}

// searchWords cuts a query into plain words (letters and digits), at most eight, so
// nothing a customer types reaches a query language as syntax.
func searchWords(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 8 {
		words = words[:8]
	}
	return words
}

// wordsMatch is the one seam between the two databases' word search; every word must
// match. SQLite: FTS5 with the Porter stemmer. PostgreSQL: English full text
// (stemmed) and, when fuzzy, trigram word similarity too (pg_trgm's <%) for typos.
func (s *Store) wordsMatch(a *db.Args, words []string, fuzzy bool) string {
	if s.db.Dialect == db.SQLite {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = `"` + w + `"` // words hold no quotes (searchWords)
		}
		return "id IN (SELECT provider_id FROM provider_search WHERE provider_search MATCH " + a.Add(strings.Join(quoted, " ")) + ")"
	}
	parts := make([]string, len(words))
	for i, w := range words {
		p := a.Add(w)
		parts[i] = "search_doc @@ plainto_tsquery('english', " + p + ")"
		if fuzzy {
			parts[i] = "(" + parts[i] + " OR " + p + " <% search_text)"
		}
	}
	return strings.Join(parts, " AND ")
}

// placeMatch keeps listings that serve the customer's place. With WithinMiles, the
// listing's base must lie within that distance; otherwise a RADIUS listing's own
// radius must reach the place, a CITIES listing must name the city, and an ONLINE
// one serves everywhere. Distances compare squares in plain arithmetic (see
// domain.MilesPerDegree), the same SQL on both databases.
func placeMatch(a *db.Args, f Search) string {
	city := strings.ToLower(strings.TrimSpace(f.City))
	if f.Near == nil && city == "" {
		return ""
	}
	online := "area_kind = " + a.Add(string(domain.AreaOnline))
	// named adds its arguments only when the condition uses it: PostgreSQL refuses a
	// parameter no expression gives a type.
	named := func() string {
		if city == "" {
			return ""
		}
		c := a.Add(city)
		return " OR LOWER(city) = " + c + " OR (area_kind = " + a.Add(string(domain.AreaCities)) +
			" AND EXISTS (SELECT 1 FROM provider_cities pc WHERE pc.provider_id = providers.id AND pc.city_key = " + c + "))"
	}
	if f.Near == nil {
		return "(" + online + named() + ")"
	}
	latM, lonM := domain.MilesPerDegree(f.Near.Lat)
	lat, lon, lm, om := a.Add(f.Near.Lat), a.Add(f.Near.Lon), a.Add(latM), a.Add(lonM)
	dist2 := "((lat - " + lat + ") * " + lm + ") * ((lat - " + lat + ") * " + lm + ") + ((lon - " + lon + ") * " + om +
		") * ((lon - " + lon + ") * " + om + ")"
	if f.WithinMiles > 0 {
		w := a.Add(float64(f.WithinMiles) * float64(f.WithinMiles))
		return "(" + online + " OR (lat IS NOT NULL AND " + dist2 + " <= " + w + "))"
	}
	radius := "(area_kind = " + a.Add(string(domain.AreaRadius)) + " AND lat IS NOT NULL AND " + dist2 +
		" <= radius_miles * radius_miles)"
	return "(" + online + " OR " + radius + named() + ")"
}
