package domain

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"stepperslife/internal/kit/errs"
)

// LegendKinds are who a legend of the dance may be.
var LegendKinds = []string{"DANCER", "DJ", "CLUB"}

// Limits on a legend's page and a memory.
const (
	MaxLegendName    = 120
	MaxLegendEra     = 60
	MaxLegendSummary = 300
	MaxLegendBio     = 20_000
	MaxMilestones    = 40
	MaxMilestone     = 300
	MinMemory        = 20
	MaxMemory        = 4_000
	MaxPhotoAlt      = 200
	MaxDecision      = 1_000
	// EarliestYear bounds the years a timeline speaks of: steppin's roots are in the
	// Bop of the late 1960s and 70s; a club or a DJ may go back a little further.
	EarliestYear = 1900
)

// Milestone is one year of a legend's timeline.
type Milestone struct {
	Year int
	Text string
}

// Legend is a dancer, DJ or club the community remembers: a page with a life told
// as a timeline, and the readers' memories an editor approved.
type Legend struct {
	ID          string
	Slug        string
	Name        string
	Kind        string
	Era         string // "1970s–1990s", as people say it
	Summary     string
	Bio         string // Markdown
	PortraitKey string
	PortraitAlt string
	Timeline    []Milestone
	// Version grows with every change; an edit names the version it read.
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// LegendPatch is an edit of a legend: nil fields stay as they are.
type LegendPatch struct {
	Name        *string
	Slug        *string
	Kind        *string
	Era         *string
	Summary     *string
	Bio         *string
	PortraitAlt *string
	Timeline    *[]Milestone
}

// Apply returns l with p's fields set, normalized and checked against now (no
// timeline year after it), naming every bad field.
func (p LegendPatch) Apply(l Legend, now time.Time) (Legend, error) {
	bad := map[string]string{}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&l.Name, p.Name)
	set(&l.Era, p.Era)
	set(&l.Summary, p.Summary)
	set(&l.PortraitAlt, p.PortraitAlt)
	if p.Bio != nil {
		l.Bio = strings.TrimSpace(strings.ReplaceAll(*p.Bio, "\r\n", "\n"))
	}
	if p.Kind != nil {
		l.Kind = strings.ToUpper(strings.TrimSpace(*p.Kind))
	}
	if p.Slug != nil {
		if s := strings.ToLower(strings.TrimSpace(*p.Slug)); s != l.Slug {
			if !ValidSlug(s) {
				bad["slug"] = "Use 3 to 80 lower-case letters, digits and single hyphens."
			}
			l.Slug = s
		}
	}
	if p.Timeline != nil {
		t, why := normalizeTimeline(*p.Timeline, now)
		if why != "" {
			bad["timeline"] = why
		}
		l.Timeline = t
	}
	if n := utf8.RuneCountInString(l.Name); n < 2 || n > MaxLegendName {
		bad["name"] = "Give a name of 2 to 120 characters."
	}
	if !slices.Contains(LegendKinds, l.Kind) {
		bad["kind"] = "Choose dancer, DJ or club."
	}
	if utf8.RuneCountInString(l.Era) > MaxLegendEra {
		bad["era"] = "Keep the era under 60 characters."
	}
	if utf8.RuneCountInString(l.Summary) > MaxLegendSummary {
		bad["summary"] = "Keep the summary under 300 characters."
	}
	if len(l.Bio) > MaxLegendBio {
		bad["bio"] = "Keep the story under 20,000 characters."
	}
	if utf8.RuneCountInString(l.PortraitAlt) > MaxPhotoAlt {
		bad["portraitAlt"] = "Keep the description under 200 characters."
	}
	if len(bad) > 0 {
		return l, errs.Invalid(bad)
	}
	return l, nil
}

// normalizeTimeline trims the milestones, drops empty ones and orders them by year
// (the order given kept within a year); the reason is "" when they are acceptable.
func normalizeTimeline(in []Milestone, now time.Time) ([]Milestone, string) {
	out := make([]Milestone, 0, len(in))
	for _, m := range in {
		m.Text = strings.Join(strings.Fields(m.Text), " ")
		if m.Text == "" && m.Year == 0 {
			continue
		}
		switch {
		case m.Year < EarliestYear || m.Year > now.Year():
			return out, "Give each moment a year between 1900 and this year."
		case m.Text == "":
			return out, "Say what happened in each year."
		case utf8.RuneCountInString(m.Text) > MaxMilestone:
			return out, "Keep each moment under 300 characters."
		}
		out = append(out, m)
	}
	if len(out) > MaxMilestones {
		return out[:MaxMilestones], "Keep the timeline to 40 moments."
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, ""
}

// NewLegend is a new legend from p (which must name a name and a kind), with a fresh
// id and, unless p names one, a slug made of the name.
func NewLegend(p LegendPatch, now time.Time) (Legend, error) {
	l := Legend{ID: NewID(), Version: 1, CreatedAt: now, UpdatedAt: now, Timeline: []Milestone{}}
	if p.Slug == nil && p.Name != nil {
		s := SlugBase(*p.Name, "legend")
		p.Slug = &s
	}
	return p.Apply(l, now)
}

// MemoryStatus is where a reader's memory stands: it waits (PENDING) until an editor
// approves it (APPROVED, shown on the legend's page) or declines it (DECLINED); an
// approved memory an editor later takes down is DECLINED too.
type MemoryStatus string

// Memory states.
const (
	MemoryPending  MemoryStatus = "PENDING"
	MemoryApproved MemoryStatus = "APPROVED"
	MemoryDeclined MemoryStatus = "DECLINED"
)

// CanBecome reports whether an editor may move a memory from s to next.
func (s MemoryStatus) CanBecome(next MemoryStatus) bool {
	switch s {
	case MemoryPending:
		return next == MemoryApproved || next == MemoryDeclined
	case MemoryApproved:
		return next == MemoryDeclined
	}
	return false
}

// Memory is what a reader remembers of a legend, with an optional photo; no one but
// its writer and the editors sees it until an editor approves it.
type Memory struct {
	ID         string
	LegendID   string
	AuthorID   string
	AuthorName string
	Year       int // the year it remembers; 0 when not said
	Body       string
	PhotoKey   string
	PhotoAlt   string
	Status     MemoryStatus
	Reason     string // why an editor declined it, for its writer
	CreatedAt  time.Time
	DecidedAt  *time.Time
	DecidedBy  string
}

// NewMemory is a reader's memory of a legend, checked: its words (20 to 4,000
// characters), the year it remembers (optional, not after now) and the photo's
// description.
func NewMemory(legendID, authorID, authorName, body string, year int, photoAlt string, now time.Time) (Memory, error) {
	m := Memory{ID: NewID(), LegendID: legendID, AuthorID: authorID, AuthorName: authorName, Year: year,
		Body: strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")), PhotoAlt: strings.TrimSpace(photoAlt),
		Status: MemoryPending, CreatedAt: now}
	bad := map[string]string{}
	if n := utf8.RuneCountInString(m.Body); n < MinMemory || n > MaxMemory {
		bad["body"] = "Tell your memory in 20 to 4,000 characters."
	}
	if year != 0 && (year < EarliestYear || year > now.Year()) {
		bad["year"] = "Give a year between 1900 and this year, or none."
	}
	if utf8.RuneCountInString(m.PhotoAlt) > MaxPhotoAlt {
		bad["photoAlt"] = "Keep the description under 200 characters."
	}
	if len(bad) > 0 {
		return m, errs.Invalid(bad)
	}
	return m, nil
}

// TimelineEntry is a moment on a legend's page: a milestone of the legend's story or
// an approved memory that names its year.
type TimelineEntry struct {
	Year   int
	Text   string
	Memory *Memory
}

// Timeline merges a legend's milestones with the approved memories that name a year,
// by year; within a year the legend's own story comes first.
func Timeline(l Legend, memories []Memory) []TimelineEntry {
	out := make([]TimelineEntry, 0, len(l.Timeline)+len(memories))
	for _, m := range l.Timeline {
		out = append(out, TimelineEntry{Year: m.Year, Text: m.Text})
	}
	for i := range memories {
		if m := &memories[i]; m.Year != 0 && m.Status == MemoryApproved {
			out = append(out, TimelineEntry{Year: m.Year, Memory: m})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}
