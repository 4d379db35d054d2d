package magazineapi

import "time"

// Legend is a legend of the dance — a dancer, a DJ or a club — with the timeline of
// its story (GET /api/legends/{slug}, where the approved memories come along; lists
// leave out bioHtml, timeline and memories).
type Legend struct {
	ID          string      `json:"id"`
	Slug        string      `json:"slug"`
	Name        string      `json:"name"`
	Kind        string      `json:"kind"`
	Era         string      `json:"era,omitempty"`
	Summary     string      `json:"summary,omitempty"`
	Bio         string      `json:"bio,omitempty"` // the Markdown, for editors
	BioHTML     string      `json:"bioHtml,omitempty"`
	PortraitURL string      `json:"portraitUrl,omitempty"`
	PortraitAlt string      `json:"portraitAlt,omitempty"`
	Timeline    []Milestone `json:"timeline"`
	Memories    []Memory    `json:"memories,omitempty"`
	URL         string      `json:"url"`
	Version     int         `json:"version"`
	CreatedAt   time.Time   `json:"createdAt"`
	UpdatedAt   time.Time   `json:"updatedAt"`
}

// Milestone is one year of a legend's story.
type Milestone struct {
	Year int    `json:"year"`
	Text string `json:"text"`
}

// LegendInput creates a legend (POST /api/admin/legends: name and kind at least) or
// changes one (PATCH /api/admin/legends/{id}, any fields; version, when sent, is the
// version read: another change since → 409).
type LegendInput struct {
	Name        *string      `json:"name,omitempty"`
	Slug        *string      `json:"slug,omitempty"`
	Kind        *string      `json:"kind,omitempty"`
	Era         *string      `json:"era,omitempty"`
	Summary     *string      `json:"summary,omitempty"`
	Bio         *string      `json:"bio,omitempty"`
	PortraitAlt *string      `json:"portraitAlt,omitempty"`
	Timeline    *[]Milestone `json:"timeline,omitempty"`
	Version     *int         `json:"version,omitempty"`
}

// Memory is a reader's memory of a legend. Until an editor approves it (status
// PENDING) only its writer and the editors see it.
type Memory struct {
	ID         string     `json:"id"`
	LegendID   string     `json:"legendId"`
	LegendSlug string     `json:"legendSlug"`
	LegendName string     `json:"legendName"`
	AuthorName string     `json:"authorName"`
	Year       int        `json:"year,omitempty"`
	BodyHTML   string     `json:"bodyHtml"`
	Body       string     `json:"body,omitempty"` // the words as typed, for its writer and editors
	PhotoURL   string     `json:"photoUrl,omitempty"`
	PhotoAlt   string     `json:"photoAlt,omitempty"`
	Status     string     `json:"status"`
	Reason     string     `json:"reason,omitempty"` // why an editor declined it, for its writer and editors
	CreatedAt  time.Time  `json:"createdAt"`
	DecidedAt  *time.Time `json:"decidedAt,omitempty"`
}

// MemoryInput is a signed-in reader's memory (POST /api/legends/{slug}/memories):
// Markdown words, the year it remembers (optional) and, for a photo sent afterwards
// (PUT /api/memories/{id}/photo), what the photo shows.
type MemoryInput struct {
	Body     string `json:"body"`
	Year     int    `json:"year,omitempty"`
	PhotoAlt string `json:"photoAlt,omitempty"`
}

// DeclineRequest declines a memory, or takes an approved one down
// (POST /api/admin/memories/{id}/decline); the reason is for its writer.
type DeclineRequest struct {
	Reason string `json:"reason,omitempty"`
}

// LegendKinds are who a legend may be, in the order pages list them.
var LegendKinds = []string{"DANCER", "DJ", "CLUB"}
