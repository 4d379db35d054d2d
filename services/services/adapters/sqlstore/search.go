package sqlstore

import (
	"context"
	"slices"
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
// search that finds nothing that way, with a word no listing contains, is tried
// again with that word's most similar known words (vocabulary.go), so a misspelt
// word still finds its listing while every other search stays on the index.
func (s *Store) SearchProviders(ctx context.Context, f Search) ([]domain.Provider, int, error) {
	words := searchWords(f.Words)
	alternatives := make([][]string, len(words))
	for i, w := range words {
		alternatives[i] = []string{w}
	}
	ps, total, err := s.search(ctx, f, alternatives)
	if err != nil || total > 0 || s.db.Dialect != db.Postgres || len(words) == 0 {
		return ps, total, err
	}
	alternatives, retry, err := s.typoAlternatives(ctx, words)
	if err != nil {
		return nil, 0, wrap("search providers", "", err)
	}
	if !retry {
		return ps, total, nil
	}
	return s.search(ctx, f, alternatives)
}

// rankOrder is the directory's order within premium listings and within the rest.
const rankOrder = ` ORDER BY rank_score DESC, review_count DESC, created_at DESC, providers.id`

// fewMatches: on SQLite, word matches up to this many times the listings a page
// reaches are sorted rather than found walking the order index (see search).
const fewMatches = 20

// search reads one page in two parts: the premium matches (few), then the rest in
// rankOrder, which an index serves, so a broad search stops at the page instead of
// sorting every match. The total is a count of its own, read only when the page
// does not tell it.
func (s *Store) search(ctx context.Context, f Search, words [][]string) ([]domain.Provider, int, error) {
	var a db.Args
	where := []string{"status = " + a.Add(string(domain.ProviderApproved))}
	if f.Category != "" {
		where = append(where, "category = "+a.Add(string(f.Category)))
	}
	inCity, elsewhere := placeMatch(&a, f)
	placeAt := -1 // where the place's condition is, when it can be counted in two parts
	if inCity != "" {
		placeAt = len(where)
		where = append(where, "("+inCity+" OR "+elsewhere+")")
	} else if elsewhere != "" {
		where = append(where, elsewhere)
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
	limit, offset := max(f.Limit, 1), max(f.Offset, 0)
	page, counted := "providers", "providers" // what the page's and the count's queries read
	pageWhere, countWhere := where, where
	total := -1 // not counted yet
	if len(words) > 0 && s.db.Dialect == db.SQLite {
		// SQLite has no statistics to weigh an FTS5 match against the order index, so
		// the store does: the count runs first, from the matches (integers straight from
		// the FTS5 index, joined through providers_search_rowid). No match ends the
		// search; matches few next to the page are sorted (cheaper than walking the order
		// index past listings that do not match); many are found walking that index, with
		// the matches as an IN list.
		match := a.Add(ftsQuery(words))
		counted = "provider_search CROSS JOIN providers ON providers.search_rowid = provider_search.rowid"
		countWhere = append(slices.Clip(where), "provider_search MATCH "+match)
		if err := s.q().QueryRowContext(ctx, countQuery(counted, countWhere, placeAt, inCity, elsewhere),
			a.Values()...).Scan(&total); err != nil {
			return nil, 0, wrap("count search", "", err)
		}
		if total <= offset {
			return []domain.Provider{}, total, nil
		}
		if total <= fewMatches*(offset+limit) {
			page, pageWhere = counted, countWhere
		} else {
			pageWhere = append(slices.Clip(where), "search_rowid IN (SELECT rowid FROM provider_search WHERE provider_search MATCH "+match+")")
		}
	} else if len(words) > 0 {
		pageWhere = append(slices.Clip(where), tsMatch(&a, words))
		countWhere = pageWhere
	}
	cond, filters := strings.Join(pageWhere, " AND "), a.Values()
	pa := argsFrom(filters)
	premium, err := db.IDs(ctx, s.q(), `SELECT providers.id FROM `+page+` WHERE `+cond+` AND premium_until > `+pa.Add(f.Now.UTC())+
		rankOrder+` LIMIT `+pa.Add(offset+limit), pa.Values()...)
	if err != nil {
		return nil, 0, wrap("search providers", "", err)
	}
	ids := premium[min(offset, len(premium)):]
	if len(premium) < offset+limit { // the premium matches end before the page does: the rest follow
		ra := argsFrom(filters)
		rest, err := db.IDs(ctx, s.q(), `SELECT providers.id FROM `+page+` WHERE `+cond+` AND (premium_until IS NULL OR premium_until <= `+
			ra.Add(f.Now.UTC())+`)`+rankOrder+` LIMIT `+ra.Add(limit-len(ids))+` OFFSET `+ra.Add(offset-(len(premium)-len(ids))),
			ra.Values()...)
		if err != nil {
			return nil, 0, wrap("search providers", "", err)
		}
		ids = append(ids, rest...)
	}
	if total < 0 {
		total = offset + len(ids)
		if len(ids) == limit || (len(ids) == 0 && offset > 0) { // more may follow, or a page past the end: count
			err := s.q().QueryRowContext(ctx, countQuery(counted, countWhere, placeAt, inCity, elsewhere), filters...).Scan(&total)
			if err != nil {
				return nil, 0, wrap("count search", "", err)
			}
		}
	}
	if len(ids) == 0 {
		return []domain.Provider{}, total, nil
	}
	ps, err := s.providersByID(ctx, ids)
	return ps, total, wrap("search providers", "", err)
}

// countQuery counts the listings that pass where. A search by city (placeAt >= 0)
// is counted in two disjoint parts: the listings based in the city, a range of an
// index that needs no distance, and the others that serve it; most listings of a
// city's search are based there, so the costly test runs on few rows.
func countQuery(from string, where []string, placeAt int, inCity, elsewhere string) string {
	if placeAt < 0 {
		return `SELECT COUNT(*) FROM ` + from + ` WHERE ` + strings.Join(where, " AND ")
	}
	part := func(place string) string {
		w := slices.Clone(where)
		w[placeAt] = place
		return `(SELECT COUNT(*) FROM ` + from + ` WHERE ` + strings.Join(w, " AND ") + `)`
	}
	// "Not in the city" as the two ranges around it, each of which an index serves.
	before, after := strings.Replace(inCity, "=", "<", 1), strings.Replace(inCity, "=", ">", 1)
	return `SELECT ` + part(inCity) + ` + ` + part(before+" AND "+elsewhere) + ` + ` + part(after+" AND "+elsewhere)
}

// argsFrom starts a query's arguments with values, for more to follow.
func argsFrom(values []any) *db.Args {
	var a db.Args
	a.List(values...)
	return &a
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

// The one seam between the two databases' word search: every word must match (any
// of its alternatives, see SearchProviders). SQLite: FTS5 with the Porter stemmer.
// PostgreSQL: English full text (stemmed, without stop words).

// ftsQuery is an FTS5 query of the words, each quoted (words hold no quotes, see
// searchWords).
func ftsQuery(words [][]string) string {
	parts := make([]string, len(words))
	for i, alternatives := range words {
		quoted := make([]string, len(alternatives))
		for j, w := range alternatives {
			quoted[j] = `"` + w + `"`
		}
		parts[i] = "(" + strings.Join(quoted, " OR ") + ")"
	}
	return strings.Join(parts, " AND ")
}

// tsMatch is the PostgreSQL condition on search_doc, from its GIN index.
func tsMatch(a *db.Args, words [][]string) string {
	parts := make([]string, len(words))
	for i, alternatives := range words {
		queries := make([]string, len(alternatives))
		for j, w := range alternatives {
			queries[j] = "plainto_tsquery('english', " + a.Add(w) + ")"
		}
		q := "(" + strings.Join(queries, " || ") + ")"
		// A word English full text ignores ("the") leaves an empty query, which matches
		// nothing: it does not narrow the search instead. With the words known when the
		// query is planned, this folds to the plain match on the index.
		parts[i] = "(numnode(" + q + ") = 0 OR search_doc @@ " + q + ")"
	}
	return strings.Join(parts, " AND ")
}

// placeMatch keeps listings that serve the customer's place, as two conditions
// either of which admits a listing: inCity (its base is the city named, "" when
// none applies) and elsewhere. With WithinMiles, the listing's base must lie within
// that distance; otherwise a RADIUS listing's own radius must reach the place, a
// CITIES listing must name the city, and an ONLINE one serves everywhere. Distances
// compare squares in plain arithmetic (see domain.MilesPerDegree), the same SQL on
// both databases.
func placeMatch(a *db.Args, f Search) (inCity, elsewhere string) {
	city := cityKey(f.City)
	if f.Near == nil && city == "" {
		return "", ""
	}
	// The city's test adds its argument only when used: PostgreSQL refuses a
	// parameter no expression gives a type.
	if city != "" && (f.Near == nil || f.WithinMiles == 0) {
		inCity = "city_key = " + a.Add(city)
	}
	tests := []string{"area_kind = " + a.Add(string(domain.AreaOnline))}
	if f.Near != nil {
		latM, lonM := domain.MilesPerDegree(f.Near.Lat)
		lat, lon, lm, om := a.Add(f.Near.Lat), a.Add(f.Near.Lon), a.Add(latM), a.Add(lonM)
		dist2 := "((lat - " + lat + ") * " + lm + ") * ((lat - " + lat + ") * " + lm + ") + ((lon - " + lon + ") * " + om +
			") * ((lon - " + lon + ") * " + om + ")"
		if f.WithinMiles > 0 {
			w := a.Add(float64(f.WithinMiles) * float64(f.WithinMiles))
			return inCity, "(" + strings.Join(append(tests, "(lat IS NOT NULL AND "+dist2+" <= "+w+")"), " OR ") + ")"
		}
		tests = append(tests, "(area_kind = "+a.Add(string(domain.AreaRadius))+" AND lat IS NOT NULL AND "+dist2+
			" <= radius_miles * radius_miles)")
	}
	if city != "" {
		tests = append(tests, "(area_kind = "+a.Add(string(domain.AreaCities))+
			" AND EXISTS (SELECT 1 FROM provider_cities pc WHERE pc.provider_id = providers.id AND pc.city_key = "+a.Add(city)+"))")
	}
	return inCity, "(" + strings.Join(tests, " OR ") + ")"
}
