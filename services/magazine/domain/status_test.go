package domain

import (
	"errors"
	"testing"

	"stepperslife/internal/kit/errs"
)

func codeOf(err error) errs.Code {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Every from×to pair for every kind of actor: the desk's five moves for the parties
// that may take them, FORBIDDEN for a party that may never reach the target (a writer
// publishing, rejecting or archiving), INVALID_TRANSITION for the rest.
func TestEveryMoveForEveryActor(t *testing.T) {
	allowed := map[[2]Status]Party{
		{Draft, Submitted}: Writer, {Submitted, Published}: Editor, {Submitted, Rejected}: Editor,
		{Rejected, Draft}: Writer, {Published, Archived}: Editor,
	}
	editorOnly := map[Status]bool{Published: true, Rejected: true, Archived: true}
	actors := map[string]Actor{
		"writer":         {Author: true},
		"editor":         {Editor: true},
		"editor-author":  {Author: true, Editor: true},
		"another writer": {},
	}
	for name, actor := range actors {
		for _, from := range Statuses {
			for _, to := range Statuses {
				err := CheckMove(from, to, actor, "Tighten the opening.")
				party, exists := allowed[[2]Status{from, to}]
				var want errs.Code
				switch {
				case !actor.Editor && (editorOnly[to] || !actor.Author):
					want = errs.CodeForbidden
				case !exists:
					want = errs.CodeInvalidTransition
				case party == Editor && !actor.Editor:
					want = errs.CodeForbidden
				}
				if got := codeOf(err); got != want || (want == "" && err != nil) {
					t.Errorf("%s: %s → %s: got %v, want %q", name, from, to, err, want)
				}
				if from.CanMove(to) != exists {
					t.Errorf("CanMove(%s, %s) = %v", from, to, !exists)
				}
			}
		}
	}
}

func TestARejectionNeedsNotes(t *testing.T) {
	for _, notes := range []string{"", "   \n"} {
		if err := CheckMove(Submitted, Rejected, Actor{Editor: true}, notes); codeOf(err) != errs.CodeValidation {
			t.Errorf("notes %q: %v", notes, err)
		}
	}
	if err := CheckMove(Submitted, Rejected, Actor{Editor: true}, "Add the venue's history."); err != nil {
		t.Fatal(err)
	}
}

func TestActionsNameTheMoves(t *testing.T) {
	for _, c := range []struct {
		from, to Status
		action   string
	}{{Draft, Submitted, "submit"}, {Submitted, Published, "publish"}, {Submitted, Rejected, "reject"},
		{Rejected, Draft, "redraft"}, {Published, Archived, "archive"}, {Draft, Published, ""}} {
		if got := c.from.Action(c.to); got != c.action {
			t.Errorf("%s → %s: %q", c.from, c.to, got)
		}
	}
}

func TestWhatAnEditDoesInEachState(t *testing.T) {
	want := map[Status]EditMode{Draft: EditInPlace, Rejected: EditRedrafts, Published: EditAsRevision,
		Submitted: EditRefused, Archived: EditRefused}
	for _, s := range Statuses {
		if s.Edit() != want[s] {
			t.Errorf("%s: %v", s, s.Edit())
		}
		if s.Listed() != (s == Published) || s.Public() != (s == Published || s == Archived) {
			t.Errorf("%s: listed %v public %v", s, s.Listed(), s.Public())
		}
	}
}
