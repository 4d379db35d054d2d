// Package magazineapi is the magazine service's JSON API as Go types: what it is
// sent and what it answers. The service encodes with these types and every client
// (the portal first) decodes with them, so each wire shape has one definition. Fields
// may be added; none may be renamed or removed, as CONTRACT.md is the minimum shape.
//
// The package imports only the standard library and the kit's words, so any service
// may use it without depending on the magazine service.
package magazineapi

import "time"

// Article is an article (GET /api/articles/{slug}, and each article of a list, where
// BodyHTML and Body are left out).
type Article struct {
	ID         string   `json:"id"`
	Slug       string   `json:"slug"`
	Title      string   `json:"title"`
	Subtitle   string   `json:"subtitle,omitempty"`
	Excerpt    string   `json:"excerpt"`
	Category   string   `json:"category"`
	Tags       []string `json:"tags"`
	AuthorID   string   `json:"authorId"`
	AuthorName string   `json:"authorName"`
	// CoAuthors are the other writers who share the byline (on one article, not in
	// lists).
	CoAuthors []CoAuthor `json:"coAuthors,omitempty"`
	// Body is the Markdown, only for its writer and editors.
	Body string `json:"body,omitempty"`
	// BodyHTML is the body rendered and sanitized: no script ever.
	BodyHTML       string `json:"bodyHtml,omitempty"`
	CoverURL       string `json:"coverUrl,omitempty"`
	CoverAlt       string `json:"coverAlt,omitempty"`
	Status         string `json:"status"`
	Featured       bool   `json:"featured"`
	ReadingMinutes int    `json:"readingMinutes"`
	Views          int64  `json:"views"`
	Version        int    `json:"version"`
	URL            string `json:"url"`
	// Notes are the editor's notes on the last rejection, for the writer.
	Notes       string     `json:"notes,omitempty"`
	PublishAt   *time.Time `json:"publishAt,omitempty"`
	PublishedAt *time.Time `json:"publishedAt,omitempty"`
	// PendingRevision is the writer's edit of a published article that waits for an
	// editor, for its writer and editors.
	PendingRevision *Revision `json:"pendingRevision,omitempty"`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
}

// ArticleInput is what a writer sends to create an article (POST /api/articles, all
// of title, body and category) or change one (PATCH /api/articles/{id}, any fields;
// version, when sent, is the version the writer read: another change since → 409).
type ArticleInput struct {
	Title    *string   `json:"title,omitempty"`
	Subtitle *string   `json:"subtitle,omitempty"`
	Slug     *string   `json:"slug,omitempty"`
	Excerpt  *string   `json:"excerpt,omitempty"`
	Body     *string   `json:"body,omitempty"`
	Category *string   `json:"category,omitempty"`
	Tags     *[]string `json:"tags,omitempty"`
	CoverAlt *string   `json:"coverAlt,omitempty"`
	Version  *int      `json:"version,omitempty"`
}

// PublishRequest approves a submitted article now, or at PublishAt when it is still
// to come (POST /api/admin/articles/{id}/publish).
type PublishRequest struct {
	PublishAt *time.Time `json:"publishAt,omitempty"`
}

// RejectRequest sends an article back to its writer (POST …/reject).
type RejectRequest struct {
	Notes string `json:"notes"`
}

// FeatureRequest features an article (POST …/feature); featured false takes it back.
type FeatureRequest struct {
	Featured *bool `json:"featured,omitempty"`
}

// Revision is a version of a published article's writing.
type Revision struct {
	ID         string     `json:"id"`
	ArticleID  string     `json:"articleId"`
	AuthorName string     `json:"authorName"`
	Status     string     `json:"status"`
	Title      string     `json:"title"`
	Subtitle   string     `json:"subtitle,omitempty"`
	Excerpt    string     `json:"excerpt,omitempty"`
	Body       string     `json:"body"`
	Category   string     `json:"category"`
	Tags       []string   `json:"tags"`
	CreatedAt  time.Time  `json:"createdAt"`
	DecidedAt  *time.Time `json:"decidedAt,omitempty"`
}

// CoAuthor is another writer an article is shared with (POST
// /api/articles/{id}/coauthors adds one: email, and name for the byline). The address
// is shown only to the article's writers and editors.
type CoAuthor struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// Image is an uploaded image for an article's body (POST /api/articles/{id}/images).
type Image struct {
	URL string `json:"url"`
	// Markdown is the line that shows it.
	Markdown string `json:"markdown"`
}

// Categories are the magazine's sections, in the order pages list them.
var Categories = []string{"NEWS", "EVENTS", "INTERVIEWS", "HISTORY", "TUTORIALS", "LIFESTYLE", "FASHION", "MUSIC",
	"COMMUNITY", "OTHER"}
