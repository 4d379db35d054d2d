package magazineapi

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The field names are the contract: a rename here breaks every client.
func TestWireNames(t *testing.T) {
	at := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	a := Article{ID: "a1", Slug: "s", Status: "DRAFT", BodyHTML: "<p>x</p>", Tags: []string{"t"}, Version: 2,
		CreatedAt: at, UpdatedAt: at, PublishAt: &at}
	got, _ := json.Marshal(a)
	for _, want := range []string{`"id":"a1"`, `"slug":"s"`, `"status":"DRAFT"`, `"bodyHtml":"\u003cp\u003ex\u003c/p\u003e"`,
		`"tags":["t"]`, `"version":2`, `"publishAt":"2026-03-10T00:00:00Z"`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("article lacks %s: %s", want, got)
		}
	}
	var in ArticleInput
	if err := json.Unmarshal([]byte(`{"title":"T","body":"B","category":"NEWS","tags":["a"],"version":3}`), &in); err != nil ||
		*in.Title != "T" || *in.Version != 3 || (*in.Tags)[0] != "a" || in.Subtitle != nil {
		t.Errorf("input: %v %+v", err, in)
	}
}

// Every category and status has words, so no page prints a raw value.
func TestEveryValueHasWords(t *testing.T) {
	for _, c := range Categories {
		if _, ok := Words["category"][c]; !ok {
			t.Errorf("category %s has no words", c)
		}
	}
	for _, s := range []string{"DRAFT", "SUBMITTED", "PUBLISHED", "REJECTED", "ARCHIVED"} {
		if _, ok := Words["article"][s]; !ok {
			t.Errorf("status %s has no words", s)
		}
	}
}
