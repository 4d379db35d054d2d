package sqlstore

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"stepperslife/internal/kit/db"
)

// Typo tolerance on PostgreSQL (pg_trgm's "text search integration"): the words
// listings contain are kept in search_words under a trigram index. A search that finds
// nothing looks for its words that match no listing at all; only those are replaced
// by their most similar known words, which are searched as full text again. A search
// whose words are all known and whose filters leave nothing costs one index probe
// per word, not a trigram scan of every listing.

// typoCandidates is how many known words stand in for one unknown word.
const typoCandidates = 4

// longestWord bounds the words kept: longer runs are no one's search and would
// outgrow a b-tree entry.
const longestWord = 64

// addVocabulary adds the words of a listing's text to the vocabulary, in sorted
// order so two listings written at once never wait on each other's words in turn.
func (s *Store) addVocabulary(ctx context.Context, q querier, text string) error {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	words = slices.DeleteFunc(words, func(w string) bool { return len(w) > longestWord })
	slices.Sort(words)
	words = slices.Compact(words)
	if len(words) == 0 {
		return nil
	}
	var a db.Args
	rows := make([]string, len(words))
	for i, w := range words {
		rows[i] = "(" + a.Add(w) + ")"
	}
	_, err := q.ExecContext(ctx, `INSERT INTO search_words (word) VALUES `+strings.Join(rows, ", ")+` ON CONFLICT DO NOTHING`, a.Values()...)
	return err
}

// typoAlternatives answers, for each word, the words to search instead: the word
// itself when some listing matches it as full text (or full text ignores it), else
// its most similar known words. ok is false when nothing changes (every word is found: the filters left
// nothing) or an unknown word has no similar word (nothing can match).
func (s *Store) typoAlternatives(ctx context.Context, words []string) (alternatives [][]string, ok bool, err error) {
	alternatives = make([][]string, len(words))
	changed := false
	for i, w := range words {
		var known bool
		if err := s.q().QueryRowContext(ctx, `SELECT numnode(plainto_tsquery('english', $1)) = 0
			OR EXISTS (SELECT 1 FROM providers WHERE search_doc @@ plainto_tsquery('english', $1))`, w).Scan(&known); err != nil {
			return nil, false, err
		}
		if known {
			alternatives[i] = []string{w}
			continue
		}
		similar, err := s.similarWords(ctx, w)
		if err != nil || len(similar) == 0 {
			return nil, false, err
		}
		alternatives[i], changed = similar, true
	}
	return alternatives, changed, nil
}

// similarWords are the known words most like w (pg_trgm similarity above its
// threshold, from the trigram index), most similar first.
func (s *Store) similarWords(ctx context.Context, w string) ([]string, error) {
	return db.IDs(ctx, s.q(), `SELECT word FROM search_words WHERE word % $1
		ORDER BY similarity(word, $1) DESC, word LIMIT $2`, w, typoCandidates)
}
