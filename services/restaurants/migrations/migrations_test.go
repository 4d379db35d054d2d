package migrations_test

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/restaurants/migrations"
)

// upTo is the restaurants migrations up to and including the file named last.
func upTo(t *testing.T, last string) db.Migrations {
	t.Helper()
	names, err := fs.Glob(migrations.Set.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{}
	for _, name := range names {
		if name > last {
			break
		}
		body, err := fs.ReadFile(migrations.Set.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: body}
	}
	return db.Migrations{Owner: migrations.Set.Owner, FS: files, Dir: "."}
}

// Mail still waiting in the old outbox_mail moves to the kit's outbox, with its
// attempts and its error, under a valid Message-ID; sent mail does not; the old table
// goes.
func TestUnsentMailMovesToTheKitOutbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, d, outbox.Migrations, upTo(t, "0002_outbox.sql")); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		for _, row := range []struct {
			id, to string
			sent   any
		}{{"mail_waiting", "waiting@example.com", nil}, {"mail_sent", "sent@example.com", at}} {
			if _, err := d.ExecContext(ctx, `INSERT INTO outbox_mail (id, to_addr, subject, body, created_at, next_at, attempts, last_error, sent_at)
				VALUES ($1, $2, 'Your order R-1001 at Soul 79', 'Hi', $3, $4, 2, '451 later', $5)`,
				row.id, row.to, at, at.Add(time.Minute), row.sent); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Migrate(ctx, d, outbox.Migrations, migrations.Set); err != nil {
			t.Fatal(err)
		}
		var id, to, subject, text, lastError string
		var attempts int
		var next time.Time
		if err := d.QueryRowContext(ctx, `SELECT id, to_addrs, subject, text_body, attempts, last_error, next_at FROM kit_outbox_mail`).
			Scan(&id, &to, &subject, &text, &attempts, &lastError, &next); err != nil {
			t.Fatal(err)
		}
		if to != "waiting@example.com" || subject != "Your order R-1001 at Soul 79" || text != "Hi" || attempts != 2 ||
			lastError != "451 later" || !next.Equal(at.Add(time.Minute)) {
			t.Fatalf("moved: %s %q %q %q %d %q %v", id, to, subject, text, attempts, lastError, next)
		}
		if err := (mail.Message{ID: id, To: []string{to}, Subject: subject, Text: text}).Validate(); err != nil {
			t.Fatalf("Message-ID %q: %v", id, err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM kit_outbox_mail`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("kit outbox holds %d rows: %v", n, err)
		}
		if _, err := d.ExecContext(ctx, `SELECT 1 FROM outbox_mail`); err == nil {
			t.Fatal("outbox_mail is still there")
		}
	})
}
