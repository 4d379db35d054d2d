// Package audit is every service's trail of admin actions: who did what to which
// thing, when and why. An action records itself through the transaction that makes
// it, so the trail never names an action that did not happen, nor misses one that
// did. The host applies Migrations to every service's own database; each service
// keeps its own trail and shows it on its own admin pages.
package audit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
)

//go:embed migrations/*.sql
var files embed.FS

// Migrations create the trail's table (kit_audit). The host applies them for every
// service that has a database.
var Migrations = db.Migrations{Owner: "audit", FS: files, Dir: "migrations"}

// MaxReason is the longest reason kept, in characters.
const MaxReason = 1000

// MaxTrail is the most entries Trail returns.
const MaxTrail = 200

// Actor is who acted, as their session token named them.
type Actor struct {
	ID    string
	Email string
}

// ActorOf is the actor a verified caller is.
func ActorOf(u *auth.User) Actor {
	if u == nil {
		return Actor{}
	}
	return Actor{ID: u.ID, Email: u.Email}
}

// Subject is what an action was done to: a kind ("restaurant", "order", "user") and
// the thing's id.
type Subject struct {
	Kind string
	ID   string
}

// Entry is one recorded action.
type Entry struct {
	ID      string
	At      time.Time
	Actor   Actor
	Action  string // a verb of the service's own: "approve", "reject", "grant_role"…
	Subject Subject
	Detail  string // what the action carried beyond its subject (the role granted…); may be empty
	Reason  string // why, in the admin's words; may be empty
}

// Execer is what both *sql.DB and *sql.Tx offer for writing; pass the transaction
// of the action.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Querier is what both *sql.DB and *sql.Tx offer for reading.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Record writes e through q, which should be the transaction of the action e
// records: it commits or rolls back with it. It gives e its id, and its time when
// At is zero, and returns e as stored.
func Record(ctx context.Context, q Execer, e Entry) (Entry, error) {
	if e.Actor.ID == "" || e.Action == "" || e.Subject.Kind == "" || e.Subject.ID == "" {
		return e, fmt.Errorf("audit: unable to record %q on %s %s by %q: actor, action and subject are required",
			e.Action, e.Subject.Kind, e.Subject.ID, e.Actor.ID)
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	// The precision both databases keep, so an entry read back equals the one written.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.ID = newID(e.At)
	e.Reason = strings.TrimSpace(e.Reason)
	_, err := q.ExecContext(ctx, `INSERT INTO kit_audit (id, at, actor_id, actor_email, action, subject_kind, subject_id, detail, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.ID, e.At, e.Actor.ID, e.Actor.Email, e.Action, e.Subject.Kind, e.Subject.ID, e.Detail, e.Reason)
	if err != nil {
		return e, fmt.Errorf("audit: unable to record %s on %s %s: %w", e.Action, e.Subject.Kind, e.Subject.ID, err)
	}
	return e, nil
}

// Trail reads what was done to s, newest first, at most limit entries (MaxTrail
// when limit is 0 or more than that).
func Trail(ctx context.Context, q Querier, s Subject, limit int) ([]Entry, error) {
	if limit <= 0 || limit > MaxTrail {
		limit = MaxTrail
	}
	rows, err := q.QueryContext(ctx, `SELECT id, at, actor_id, actor_email, action, subject_kind, subject_id, detail, reason
		FROM kit_audit WHERE subject_kind = $1 AND subject_id = $2 ORDER BY at DESC, id DESC LIMIT $3`, s.Kind, s.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: unable to read the trail of %s %s: %w", s.Kind, s.ID, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor.ID, &e.Actor.Email, &e.Action, &e.Subject.Kind, &e.Subject.ID,
			&e.Detail, &e.Reason); err != nil {
			return nil, fmt.Errorf("audit: unable to read the trail of %s %s: %w", s.Kind, s.ID, err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: unable to read the trail of %s %s: %w", s.Kind, s.ID, err)
	}
	return out, nil
}

// Reason trims an admin's reason and checks it: required when the action needs
// one (a rejection, a suspension), never longer than MaxReason. A bad one is
// VALIDATION_FAILED naming the field "reason".
func Reason(s string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return s, errs.Invalid(map[string]string{"reason": "is required: say why, in words the owner will read"})
	case utf8.RuneCountInString(s) > MaxReason:
		return s, errs.Invalid(map[string]string{"reason": fmt.Sprintf("must be at most %d characters", MaxReason)})
	}
	return s, nil
}

// lastStamp is the id stamp this process gave last.
var lastStamp atomic.Int64

// newID is unique and sorts by at: a stamp (at in microseconds, in fixed-width hex,
// moved on past the last one this process gave, so entries of one instant keep the
// order they were written in), then randomness.
func newID(at time.Time) string {
	stamp := at.UnixMicro()
	for {
		last := lastStamp.Load()
		next := stamp
		if stamp <= last && last-stamp < int64(time.Second/time.Microsecond) {
			next = last + 1 // the same instant (or a clock a hair behind): after the last one
		}
		if lastStamp.CompareAndSwap(last, max(last, next)) {
			stamp = next
			break
		}
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("aud_%014x%s", stamp, hex.EncodeToString(b[:]))
}
