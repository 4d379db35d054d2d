package domain

import (
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

var now = time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func draft(t *testing.T) Article {
	t.Helper()
	a, err := NewArticle(Patch{Title: ptr("  The Return of the Bop!  "), Body: ptr("Words " + strings.Repeat("step ", 500)),
		Category: ptr("history"), Tags: ptr([]string{"Chicago Steppin", "chicago-steppin", " Legends ", ""})}, "u1", "Wanda", now)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestANewDraftIsNormalized(t *testing.T) {
	a := draft(t)
	if a.Title != "The Return of the Bop!" || a.Category != "HISTORY" || a.Status != Draft || a.Version != 1 {
		t.Fatalf("%+v", a)
	}
	if !strings.HasPrefix(a.Slug, "the-return-of-the-bop-") || !ValidSlug(a.Slug) {
		t.Errorf("slug %q", a.Slug)
	}
	if strings.Join(a.Tags, ",") != "chicago-steppin,legends" {
		t.Errorf("tags %q", a.Tags)
	}
	if a.ReadingMinutes() != 3 { // 501 words at 225 a minute
		t.Errorf("reading %d", a.ReadingMinutes())
	}
}

func TestEveryBadFieldIsNamed(t *testing.T) {
	long := strings.Repeat("x", 301)
	_, err := NewArticle(Patch{Title: ptr("Hi"), Subtitle: ptr(long), Excerpt: ptr(long), Body: ptr(" "),
		Category: ptr("GOSSIP"), Tags: ptr(strings.Fields("a b c d e f g h i j k")), Slug: ptr("Not A Slug!")}, "u1", "W", now)
	e, ok := err.(*errs.Error)
	if !ok || e.Code != errs.CodeValidation {
		t.Fatalf("%v", err)
	}
	fields := e.Details["fields"].(map[string]any)
	for _, f := range []string{"title", "subtitle", "excerpt", "body", "category", "tags", "slug"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("%s not named: %v", f, fields)
		}
	}
}

func TestTheSlugIsFixedOncePublished(t *testing.T) {
	a := draft(t)
	b, err := Patch{Slug: ptr("bop-returns")}.Apply(a)
	if err != nil || b.Slug != "bop-returns" {
		t.Fatalf("%v %q", err, b.Slug)
	}
	b.PublishedAt = &now
	if _, err := (Patch{Slug: ptr("another-name")}).Apply(b); codeOf(err) != errs.CodeValidation {
		t.Errorf("changed a published slug: %v", err)
	}
	c, err := Patch{Title: ptr("A New Title"), Slug: ptr("bop-returns")}.Apply(b)
	if err != nil || c.Slug != "bop-returns" {
		t.Errorf("a new title moved the address: %v %q", err, c.Slug)
	}
}

func TestReadingTime(t *testing.T) {
	for words, want := range map[int]int{0: 1, 1: 1, 225: 1, 226: 2, 2250: 10} {
		if got := ReadingMinutes(strings.Repeat("word ", words)); got != want {
			t.Errorf("%d words: %d", words, got)
		}
	}
}

func TestTagsAreOneWrittenForm(t *testing.T) {
	tags, why := NormalizeTags([]string{"Hand Dance", "hand-dance", "  R&B  ", "Détroit"})
	if why != "" || strings.Join(tags, ",") != "hand-dance,r-b,détroit" {
		t.Errorf("%q %q", tags, why)
	}
}
