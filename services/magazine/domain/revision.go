package domain

import "time"

// RevisionStatus is where a revision of a published article stands.
type RevisionStatus string

// Revision states: a writer's edit waits (PENDING) until an editor approves it (it
// becomes the text) or discards it; the text an approval or a restore replaced is
// kept as REPLACED, to restore.
const (
	RevisionPending   RevisionStatus = "PENDING"
	RevisionApproved  RevisionStatus = "APPROVED"
	RevisionDiscarded RevisionStatus = "DISCARDED"
	RevisionReplaced  RevisionStatus = "REPLACED"
)

// Revision is one version of a published article's writing.
type Revision struct {
	ID         string
	ArticleID  string
	AuthorID   string
	AuthorName string
	Status     RevisionStatus
	Content    Content
	CreatedAt  time.Time
	DecidedAt  *time.Time
	DecidedBy  string
}

// Restorable reports whether an editor may put this revision's text back: one that
// was the article's text once (approved, or replaced).
func (r Revision) Restorable() bool {
	return r.Status == RevisionApproved || r.Status == RevisionReplaced
}
