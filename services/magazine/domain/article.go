package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"stepperslife/internal/kit/errs"
)

// Categories an article belongs to, the ten of the product.
var Categories = []string{"NEWS", "EVENTS", "INTERVIEWS", "HISTORY", "TUTORIALS", "LIFESTYLE", "FASHION", "MUSIC",
	"COMMUNITY", "OTHER"}

// Limits on what an article may say.
const (
	MinTitle    = 3
	MaxTitle    = 140
	MaxSubtitle = 200
	MaxExcerpt  = 300
	MaxBody     = 100_000
	MaxTags     = 10
	MaxTag      = 30
	MaxCoverAlt = 200
	// WordsPerMinute is the reading speed reading time assumes.
	WordsPerMinute = 225
)

// Article is one piece of the magazine.
type Article struct {
	ID          string
	Slug        string
	AuthorID    string
	AuthorName  string
	CoAuthors   []CoAuthor // other writers who share the byline and the draft
	Title       string
	Subtitle    string
	Excerpt     string
	Body        string // Markdown
	Category    string
	Tags        []string
	CoverKey    string
	CoverAlt    string
	Status      Status
	Featured    bool
	Notes       string // the editor's notes on the last rejection
	PublishAt   *time.Time
	PublishedAt *time.Time
	Views       int64
	// Version grows with every change; a change names the version it read and is
	// refused when another landed first.
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ReadingMinutes is how long the body takes to read, at least a minute.
func (a Article) ReadingMinutes() int { return ReadingMinutes(a.Body) }

// Scheduled reports whether an editor approved the article for a later time.
func (a Article) Scheduled() bool { return a.Status == Submitted && a.PublishAt != nil }

// SlugFixed reports whether the slug may no longer change: once an article has been
// public, its address is shared.
func (a Article) SlugFixed() bool { return a.PublishedAt != nil }

// ReadingMinutes counts the words of a Markdown text at WordsPerMinute, rounding up.
func ReadingMinutes(body string) int {
	n := len(strings.FieldsFunc(body, func(r rune) bool { return unicode.IsSpace(r) }))
	m := (n + WordsPerMinute - 1) / WordsPerMinute
	return max(m, 1)
}

// Content is the part of an article a writer writes; a revision holds one too.
type Content struct {
	Title    string
	Subtitle string
	Excerpt  string
	Body     string
	Category string
	Tags     []string
}

// Content is the article's writing.
func (a Article) Content() Content {
	return Content{Title: a.Title, Subtitle: a.Subtitle, Excerpt: a.Excerpt, Body: a.Body, Category: a.Category,
		Tags: a.Tags}
}

// WithContent is a with its writing replaced by c.
func (a Article) WithContent(c Content) Article {
	a.Title, a.Subtitle, a.Excerpt, a.Body, a.Category, a.Tags = c.Title, c.Subtitle, c.Excerpt, c.Body, c.Category, c.Tags
	return a
}

// Patch is an edit: nil fields stay as they are.
type Patch struct {
	Title    *string
	Subtitle *string
	Slug     *string
	Excerpt  *string
	Body     *string
	Category *string
	Tags     *[]string
	CoverAlt *string
}

// Apply returns a with p's fields set, normalized and checked, naming every bad field.
// A slug may change only before the article was first published.
func (p Patch) Apply(a Article) (Article, error) {
	bad := map[string]string{}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.Title, p.Title)
	set(&a.Subtitle, p.Subtitle)
	set(&a.Excerpt, p.Excerpt)
	set(&a.CoverAlt, p.CoverAlt)
	if p.Body != nil {
		a.Body = strings.TrimSpace(strings.ReplaceAll(*p.Body, "\r\n", "\n"))
	}
	if p.Category != nil {
		a.Category = strings.ToUpper(strings.TrimSpace(*p.Category))
	}
	if p.Tags != nil {
		tags, why := NormalizeTags(*p.Tags)
		if why != "" {
			bad["tags"] = why
		}
		a.Tags = tags
	}
	if p.Slug != nil && strings.TrimSpace(*p.Slug) != a.Slug {
		switch s := strings.ToLower(strings.TrimSpace(*p.Slug)); {
		case a.SlugFixed():
			bad["slug"] = "The address of a published article stays as it is."
		case !slugPattern.MatchString(s):
			bad["slug"] = "Use 3 to 80 lower-case letters, digits and single hyphens."
		default:
			a.Slug = s
		}
	}
	checkContent(a, bad)
	if len(bad) > 0 {
		return a, errs.Invalid(bad)
	}
	return a, nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s could be an article's address.
func ValidSlug(s string) bool { return len(s) >= 3 && len(s) <= 80 && slugPattern.MatchString(s) }

func checkContent(a Article, bad map[string]string) {
	if n := utf8.RuneCountInString(a.Title); n < MinTitle || n > MaxTitle {
		bad["title"] = "Give a title of 3 to 140 characters."
	}
	if utf8.RuneCountInString(a.Subtitle) > MaxSubtitle {
		bad["subtitle"] = "Keep the subtitle under 200 characters."
	}
	if utf8.RuneCountInString(a.Excerpt) > MaxExcerpt {
		bad["excerpt"] = "Keep the excerpt under 300 characters."
	}
	if a.Body == "" {
		bad["body"] = "Write the article."
	} else if len(a.Body) > MaxBody {
		bad["body"] = "The article is too long (100,000 characters at most)."
	}
	if !slices.Contains(Categories, a.Category) {
		bad["category"] = "Choose one of the magazine's categories."
	}
	if utf8.RuneCountInString(a.CoverAlt) > MaxCoverAlt {
		bad["coverAlt"] = "Keep the cover description under 200 characters."
	}
	if _, ok := bad["slug"]; !ok && a.Slug != "" && !ValidSlug(a.Slug) {
		bad["slug"] = "Use 3 to 80 lower-case letters, digits and single hyphens."
	}
}

// NormalizeTags lower-cases, hyphenates and de-duplicates tags, keeping their order;
// the reason is "" when they are acceptable.
func NormalizeTags(in []string) ([]string, string) {
	out := make([]string, 0, len(in))
	for _, t := range in {
		t = TagSlug(t)
		if t == "" || slices.Contains(out, t) {
			continue
		}
		if utf8.RuneCountInString(t) > MaxTag {
			return out, "Keep each tag under 30 characters."
		}
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return out[:MaxTags], "Use at most 10 tags."
	}
	return out, ""
}

// TagSlug is a tag's one written form: lower-case letters and digits joined by
// single hyphens.
func TagSlug(t string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(t)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// NewArticle is a writer's new draft from p (which must name a title, a body and a
// category), with a fresh id and slug.
func NewArticle(p Patch, authorID, authorName string, now time.Time) (Article, error) {
	a := Article{ID: NewID(), AuthorID: authorID, AuthorName: authorName, Status: Draft, Version: 1,
		CreatedAt: now, UpdatedAt: now, Tags: []string{}}
	if p.Title != nil {
		a.Slug = Slugify(*p.Title)
	}
	return p.Apply(a)
}

func trimmed(s string) string { return strings.TrimSpace(s) }
