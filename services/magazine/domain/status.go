package domain

import "stepperslife/internal/kit/errs"

// Status is where an article is on the editorial desk: DRAFT → SUBMITTED →
// PUBLISHED | REJECTED; REJECTED → DRAFT; PUBLISHED → ARCHIVED. Only PUBLISHED
// articles are public; an ARCHIVED one leaves the lists but its address still answers.
type Status string

// Article states.
const (
	Draft     Status = "DRAFT"
	Submitted Status = "SUBMITTED"
	Published Status = "PUBLISHED"
	Rejected  Status = "REJECTED"
	Archived  Status = "ARCHIVED"
)

// Statuses are every article state, in the order of the desk.
var Statuses = []Status{Draft, Submitted, Published, Rejected, Archived}

// Party is who may make a move: the article's writer or an editor (an admin).
type Party int

// Parties of the desk.
const (
	Writer Party = iota + 1
	Editor
)

// move is one edge of the desk and the action that takes it.
type move struct {
	Action string
	By     Party
}

// moves is the editorial state machine as data: from → to → the action and who takes
// it. A writer never publishes, rejects or archives; an editor may also take a
// writer's moves on the writer's behalf.
var moves = map[Status]map[Status]move{
	Draft:     {Submitted: {"submit", Writer}},
	Submitted: {Published: {"publish", Editor}, Rejected: {"reject", Editor}},
	Rejected:  {Draft: {"redraft", Writer}},
	Published: {Archived: {"archive", Editor}},
}

// reachedBy is who may move an article into each state, whatever it was before.
var reachedBy = map[Status]Party{Draft: Writer, Submitted: Writer, Published: Editor, Rejected: Editor, Archived: Editor}

// Actor is who asks for a move: whether they wrote the article and whether they are
// an editor.
type Actor struct {
	Author bool
	Editor bool
}

func (a Actor) may(p Party) bool {
	switch p {
	case Writer:
		return a.Author || a.Editor
	case Editor:
		return a.Editor
	}
	return false
}

// CanMove reports whether the desk has a move from s to next at all.
func (s Status) CanMove(next Status) bool {
	_, ok := moves[s][next]
	return ok
}

// Action is the name of the move from s to next ("" for none), as the audit trail
// records it.
func (s Status) Action(next Status) string { return moves[s][next].Action }

// Public reports whether readers may open an article in this state by its address.
func (s Status) Public() bool { return s == Published || s == Archived }

// Listed reports whether the article appears in lists, feeds and the sitemap.
func (s Status) Listed() bool { return s == Published }

// CheckMove tells whether actor may move an article from s to next: FORBIDDEN when
// the target is not theirs to reach (a writer publishing, whatever the state),
// INVALID_TRANSITION when the desk has no such move, VALIDATION_FAILED when a
// rejection carries no notes.
func CheckMove(from, to Status, actor Actor, notes string) error {
	if p, ok := reachedBy[to]; !ok || !actor.may(p) {
		if to == Published {
			return errs.Errorf(errs.CodeForbidden, "Only an editor publishes articles.")
		}
		return errs.Errorf(errs.CodeForbidden, "You may not do that to this article.")
	}
	if !from.CanMove(to) {
		return errs.Errorf(errs.CodeInvalidTransition, "An article that is "+string(from)+" cannot become "+string(to)+".").
			With(map[string]any{"from": string(from), "to": string(to)})
	}
	if to == Rejected && len(trimmed(notes)) == 0 {
		return errs.Invalid(map[string]string{"notes": "Say what the writer should change."})
	}
	return nil
}

// EditMode is what an edit by the writer does to an article in a state.
type EditMode int

// Edit modes.
const (
	// EditRefused: the article is with the editors (SUBMITTED) or put away (ARCHIVED).
	EditRefused EditMode = iota
	// EditInPlace: a draft changes where it is.
	EditInPlace
	// EditRedrafts: revising a rejected article takes it back to DRAFT.
	EditRedrafts
	// EditAsRevision: a published article keeps its text until an editor approves the
	// revision.
	EditAsRevision
)

// Edit is what editing an article in state s does.
func (s Status) Edit() EditMode {
	switch s {
	case Draft:
		return EditInPlace
	case Rejected:
		return EditRedrafts
	case Published:
		return EditAsRevision
	}
	return EditRefused
}
