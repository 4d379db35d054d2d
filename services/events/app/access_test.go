package app_test

import (
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/events"
	"stepperslife/services/events/adapters/sqlstore"
	"stepperslife/services/events/domain"
)

// Door staff are named by e-mail; a membership counts only for a caller whose token
// says the portal saw them receive mail there, so whoever registers the address
// first cannot scan tickets or approve cash.
func TestStaffMembershipNeedsAVerifiedAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		e, tier := publishedEvent(t, ev, c, 2000, 5)
		st, err := ev.AddStaff(ctx, organizer, e.ID, " Sam@EXAMPLE.com ")
		if err != nil || st.Email != "sam@example.com" {
			t.Fatalf("add staff: %v %+v", err, st)
		}
		if _, err := ev.AddStaff(ctx, organizer, e.ID, "\u017Fam@example.com"); codeOf(err) != errs.CodeValidation {
			t.Fatalf("a look-alike address added as staff: %v", err)
		}
		o, err := buy(ev, e, tier, 1, domain.PayCash)
		if err != nil {
			t.Fatal(err)
		}
		squatter := &auth.User{ID: "squatter", Email: "sam@example.com", Roles: []string{auth.RoleUser}}
		if _, err := ev.ApproveCash(ctx, squatter, o.ID); codeOf(err) != errs.CodeNotFound {
			t.Fatalf("an unverified holder of the staff address approving cash: %v", err)
		}
		if _, _, err := ev.Attendees(ctx, squatter, e.ID); codeOf(err) != errs.CodeForbidden {
			t.Fatalf("an unverified holder of the staff address reading attendees: %v", err)
		}
		if _, staffed, _ := ev.MyEvents(ctx, squatter); len(staffed) != 0 {
			t.Fatalf("an unverified user listed as staff of %d events", len(staffed))
		}
		sam := &auth.User{ID: "sam", Email: "SAM@example.com", Roles: []string{auth.RoleUser}, EmailVerified: true}
		if _, err := ev.ApproveCash(ctx, sam, o.ID); err != nil {
			t.Fatalf("verified staff approving cash: %v", err)
		}
		if _, staffed, _ := ev.MyEvents(ctx, sam); len(staffed) != 1 {
			t.Fatalf("verified staff listed for %d events, want 1", len(staffed))
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}

// An unclaimed (demo) event is its organizer's by the one written form of the
// e-mail address, not by Unicode case folding; the first time its organizer
// manages it, it becomes theirs by id.
func TestUnclaimedEventIsClaimedByIDOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ev, c := newEvents(t, d, nil)
		st := sqlstore.New(d)
		now := c.Now()
		demo := domain.Event{ID: domain.NewID(), Slug: "demo-ball", OrganizerEmail: "kim@demo.example.com", Title: "Demo Ball",
			Venue: "Hall", StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour), Status: domain.EventDraft,
			CreatedAt: now, UpdatedAt: now}
		if err := st.CreateEvent(ctx, demo); err != nil {
			t.Fatal(err)
		}
		// U+212A KELVIN SIGN folds to k under strings.EqualFold.
		lookalike := &auth.User{ID: "mallory", Email: "\u212Aim@demo.example.com", Roles: []string{auth.RoleEventOrganizer}}
		if _, err := ev.Manage(ctx, lookalike, demo.ID); codeOf(err) != errs.CodeNotFound {
			t.Fatalf("a look-alike address managing a demo event: %v", err)
		}
		kim := &auth.User{ID: "kim", Email: "Kim@Demo.Example.com", Roles: []string{auth.RoleEventOrganizer}}
		got, err := ev.Manage(ctx, kim, demo.ID)
		if err != nil || got.OrganizerID != "kim" {
			t.Fatalf("claim: %v %+v", err, got.Event)
		}
		// Claimed, the event is Kim's by id: another account with the address is not its organizer.
		other := &auth.User{ID: "kim-2", Email: "kim@demo.example.com", Roles: []string{auth.RoleEventOrganizer}}
		if _, err := ev.Manage(ctx, other, demo.ID); codeOf(err) != errs.CodeNotFound {
			t.Fatalf("a second account with the organizer's address: %v", err)
		}
	}, events.Migrations, outbox.Migrations, audit.Migrations)
}
