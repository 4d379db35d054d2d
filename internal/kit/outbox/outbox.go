// Package outbox is every service's one mail path. A use case enqueues a message in
// the same transaction as what the message announces, so mail goes out only for what
// committed; the delivery loop sends it later and retries it, with a growing pause,
// until the mail server takes it. Each message keeps the Message-ID given at enqueue
// on every attempt, so a resend after a crash (between the server's acceptance and
// the row's update) is recognisably the same message.
package outbox

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/loop"
	"stepperslife/internal/kit/mail"
)

//go:embed migrations/*.sql
var files embed.FS

// Migrations create the outbox table (kit_outbox_mail). The host applies them for
// every service that has a database.
var Migrations = db.Migrations{Owner: "outbox", FS: files, Dir: "migrations"}

// Delivery timings: the outbox is looked at every Every (and at once when kicked),
// at most Batch messages a round, each send bounded by SendTimeout. A failed message
// waits twice as long after each attempt, at most MaxDelay.
const (
	Every       = 10 * time.Second
	Batch       = 20
	SendTimeout = 30 * time.Second
	MaxDelay    = time.Hour
)

// claimFor is how long a claimed message is left to its claimer: longer than a send,
// so only a claimer that died mid-send loses it to another process.
const claimFor = 2 * SendTimeout

// keepSent is how long a sent message stays, for the record, before it is purged.
const keepSent = 30 * 24 * time.Hour

// Execer is what both *sql.DB and *sql.Tx offer; pass the transaction that commits
// what the message announces.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Sender delivers one message; *mail.Sender is the real one.
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
	// Enabled reports whether mail really leaves the process.
	Enabled() bool
}

// Enqueue puts m in the outbox through q, giving it a Message-ID unless it has one;
// the message is sent only once q's transaction commits. Kick the outbox after the
// commit to send it at once.
func Enqueue(ctx context.Context, q Execer, m mail.Message) error {
	if m.ID == "" {
		m.ID = mail.NewID()
	}
	// A message no server could take is refused here, in its transaction, rather
	// than retried for ever.
	if err := m.Validate(); err != nil {
		return fmt.Errorf("outbox: unable to enqueue mail: %w", err)
	}
	now := time.Now().UTC()
	_, err := q.ExecContext(ctx, `INSERT INTO kit_outbox_mail (id, to_addrs, subject, text_body, html_body, created_at, next_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, m.ID, strings.Join(m.To, "\n"), m.Subject, m.Text, m.HTML, now)
	if err != nil {
		return fmt.Errorf("outbox: unable to enqueue mail: %w", err)
	}
	return nil
}

// Outbox delivers the enqueued mail of one service's database.
type Outbox struct {
	db     *db.DB
	sender Sender
	log    *slog.Logger
	kick   loop.Kick
	// Now is the delivery clock; tests move it to make a retry due. Set it before Run.
	Now func() time.Time

	offOnce   sync.Once
	lastPurge time.Time
}

// New is the outbox of database, delivering through sender.
func New(database *db.DB, sender Sender, log *slog.Logger) *Outbox {
	if log == nil {
		log = slog.Default()
	}
	return &Outbox{db: database, sender: sender, log: log, kick: loop.NewKick(), Now: time.Now}
}

// Kick wakes the delivery loop, after a commit that enqueued mail; it never blocks.
func (o *Outbox) Kick() { o.kick.Now() }

// Run delivers mail until ctx ends: at once, on every tick and on every kick.
func (o *Outbox) Run(ctx context.Context) {
	loop.Run(ctx, Every, o.kick, func(ctx context.Context) {
		if _, err := o.Deliver(ctx); err != nil && ctx.Err() == nil {
			o.log.WarnContext(ctx, "delivering mail; will retry", slog.String("error", err.Error()))
		}
		o.purge(ctx)
	})
}

// Deliver sends the due messages, oldest first, at most Batch of them, and reports
// how many the mail server took. A refused message waits for its retry without
// holding back the others; the refusals are joined in the error. Without a mail
// server it sends nothing: mail waits in the outbox.
func (o *Outbox) Deliver(ctx context.Context) (int, error) {
	if o.sender == nil || !o.sender.Enabled() {
		o.offOnce.Do(func() {
			o.log.InfoContext(ctx, "mail is off: no SMTP host is configured; e-mail waits in the outbox")
		})
		return 0, nil
	}
	sent := 0
	var failed error
	for range Batch {
		m, attempts, ok, err := o.claim(ctx)
		if err != nil || !ok {
			return sent, errors.Join(failed, err)
		}
		sctx, cancel := context.WithTimeout(ctx, SendTimeout)
		sendErr := o.sender.Send(sctx, m)
		cancel()
		// What the server answered is recorded even while the service stops: a sent
		// message left unmarked would be sent again.
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		switch {
		case sendErr == nil:
			err = o.markSent(bctx, m.ID)
			sent++
		case errors.Is(sendErr, mail.ErrInvalid):
			failed = errors.Join(failed, fmt.Errorf("mail %s: %w", m.ID, sendErr))
			err = o.giveUp(bctx, m.ID, sendErr)
		default:
			failed = errors.Join(failed, fmt.Errorf("mail %s: %w", m.ID, sendErr))
			err = o.retryLater(bctx, m.ID, backoff(attempts), sendErr)
		}
		cancel()
		if err != nil {
			return sent, errors.Join(failed, err)
		}
	}
	return sent, failed
}

// backoff is the pause after a message's attempts-th failed attempt: 1s, 2s, 4s…,
// at most MaxDelay.
func backoff(attempts int) time.Duration {
	return min(MaxDelay, time.Second<<min(max(attempts-1, 0), 12))
}

// claim takes the oldest due message for this process: its next_at moves past the
// send, so no other process takes it meanwhile. On PostgreSQL a row another process
// is claiming is skipped; SQLite runs one write at a time anyway.
func (o *Outbox) claim(ctx context.Context) (mail.Message, int, bool, error) {
	lock := ""
	if o.db.Dialect == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	now := o.Now().UTC()
	var m mail.Message
	var to string
	var attempts int
	err := o.db.QueryRowContext(ctx, `UPDATE kit_outbox_mail SET attempts = attempts + 1, next_at = $2
		WHERE id = (SELECT id FROM kit_outbox_mail WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= $1
			ORDER BY next_at, id LIMIT 1`+lock+`)
		AND sent_at IS NULL AND failed_at IS NULL AND next_at <= $1
		RETURNING id, to_addrs, subject, text_body, html_body, attempts`, now, now.Add(claimFor)).
		Scan(&m.ID, &to, &m.Subject, &m.Text, &m.HTML, &attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return m, 0, false, nil
	}
	if err != nil {
		return m, 0, false, fmt.Errorf("outbox: unable to claim mail: %w", err)
	}
	m.To = strings.Split(to, "\n")
	return m, attempts, true, nil
}

func (o *Outbox) markSent(ctx context.Context, id string) error {
	_, err := o.db.ExecContext(ctx, `UPDATE kit_outbox_mail SET sent_at = $2, last_error = '' WHERE id = $1`, id, o.Now().UTC())
	if err != nil {
		return fmt.Errorf("outbox: unable to mark mail %s sent: %w", id, err)
	}
	return nil
}

func (o *Outbox) retryLater(ctx context.Context, id string, wait time.Duration, problem error) error {
	_, err := o.db.ExecContext(ctx, `UPDATE kit_outbox_mail SET next_at = $2, last_error = $3 WHERE id = $1 AND sent_at IS NULL`,
		id, o.Now().UTC().Add(wait), problem.Error())
	if err != nil {
		return fmt.Errorf("outbox: unable to reschedule mail %s: %w", id, err)
	}
	return nil
}

// giveUp keeps a message no server can take out of every later round; the error says
// why, and the row stays for an operator to read.
func (o *Outbox) giveUp(ctx context.Context, id string, problem error) error {
	o.log.ErrorContext(ctx, "mail given up: it can never be sent", slog.String("mail", id), slog.String("error", problem.Error()))
	_, err := o.db.ExecContext(ctx, `UPDATE kit_outbox_mail SET failed_at = $2, last_error = $3 WHERE id = $1 AND sent_at IS NULL`,
		id, o.Now().UTC(), problem.Error())
	if err != nil {
		return fmt.Errorf("outbox: unable to give up mail %s: %w", id, err)
	}
	return nil
}

// purge forgets, once an hour, messages sent longer than keepSent ago.
func (o *Outbox) purge(ctx context.Context) {
	now := o.Now()
	if now.Sub(o.lastPurge) < time.Hour {
		return
	}
	o.lastPurge = now
	if _, err := o.db.ExecContext(ctx, `DELETE FROM kit_outbox_mail WHERE sent_at < $1`, now.UTC().Add(-keepSent)); err != nil && ctx.Err() == nil {
		o.log.WarnContext(ctx, "purging sent mail", slog.String("error", err.Error()))
	}
}
