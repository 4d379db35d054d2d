package domain

import (
	"strings"
	"time"
)

// Filter narrows the public list of articles.
type Filter struct {
	Category string
	Tag      string
	AuthorID string
	Query    string // words, all of which must appear
	// Newest orders by publication alone, newest first (feeds); otherwise featured
	// articles come first.
	Newest bool
	// NoTotal skips counting every match: a caller that shows only the first few
	// (related articles, feeds) needs no total.
	NoTotal bool
	Limit   int
	Offset  int
}

// SearchText is the folded words of an article that a search matches.
func SearchText(a Article) string {
	return fold(a.Title + " " + a.Subtitle + " " + a.Excerpt + " " + PlainText(a.Body, 0) + " " +
		strings.Join(a.Tags, " ") + " " + a.AuthorName)
}

// SearchWords are the folded words of a query.
func SearchWords(q string) []string { return strings.Fields(fold(q)) }

func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// TagCount is a tag and how many published articles carry it.
type TagCount struct {
	Tag   string
	Count int
}

// Address is a public article's address and when it last changed, for the sitemap.
type Address struct {
	Slug      string
	UpdatedAt time.Time
}
