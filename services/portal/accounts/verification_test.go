package accounts

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
	"stepperslife/services/portal/schema"
)

// testMail writes mails whose bodies are easy to read back.
var testMail = SignUpMail{
	Verify: func(u User, token string) mail.Message {
		return mail.Message{To: []string{u.Email}, Subject: "verify", Text: "token=" + token}
	},
	Taken: func(email string) mail.Message {
		return mail.Message{To: []string{email}, Subject: "taken", Text: "someone tried"}
	},
}

type queued struct{ to, subject, text string }

// outboxMail lists the queued mail, oldest first.
func outboxMail(t *testing.T, d *db.DB) []queued {
	t.Helper()
	rows, err := d.Query(`SELECT to_addrs, subject, text_body FROM kit_outbox_mail ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []queued
	for rows.Next() {
		var m queued
		if err := rows.Scan(&m.to, &m.subject, &m.text); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func tokenOf(t *testing.T, m queued) string {
	t.Helper()
	tok, ok := strings.CutPrefix(m.text, "token=")
	if !ok || m.subject != "verify" {
		t.Fatalf("not a verification mail: %+v", m)
	}
	return tok
}

func TestSignUpDoesNotTellTakenAddresses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		// The answer's time must not tell either: a taken address costs the hash a new
		// account costs, counted here rather than timed.
		hashes := 0
		s.hash = func(password string, p Params) (string, error) { hashes++; return HashPassword(password, p) }
		first, created, err := s.SignUp(ctx, Registration{Email: " Ann@Example.com", Password: "dancing-shoes", Name: "Ann"}, testMail)
		if err != nil || !created {
			t.Fatalf("sign up: %v created=%v", err, created)
		}
		if stored, err := s.UserByID(ctx, first.ID); err != nil || stored.Email != "ann@example.com" || stored.EmailVerified {
			t.Fatalf("stored %+v %v", stored, err)
		}

		again, created, err := s.SignUp(ctx, Registration{Email: "ANN@example.com", Password: "other-password", Name: "Mallory"}, testMail)
		if err != nil || created {
			t.Fatalf("sign up with a taken address: %v created=%v", err, created)
		}
		if hashes != 2 {
			t.Fatalf("a new and a taken address cost %d hashes, want one each", hashes)
		}
		// The stand-in looks like a new account and names none.
		if again.ID == first.ID || !strings.HasPrefix(again.ID, "usr_") || again.Email != "ann@example.com" ||
			again.Name != "Mallory" || again.EmailVerified || len(again.Roles) != 1 {
			t.Fatalf("stand-in %+v of %+v", again, first)
		}
		if _, err := s.UserByID(ctx, again.ID); !errors.Is(err, ErrUserNotFound) {
			t.Fatalf("the stand-in's id names an account: %v", err)
		}
		if _, err := s.Authenticate(ctx, "ann@example.com", "other-password"); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("the second sign-up changed the password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "ann@example.com", "dancing-shoes"); err != nil {
			t.Fatal(err)
		}

		// A bad form is refused alike for a taken address.
		if _, _, err := s.SignUp(ctx, Registration{Email: "ann@example.com", Password: "x", Name: "A"}, testMail); code(err) != errs.CodeValidation {
			t.Fatalf("short password for a taken address: %v", err)
		}

		got := outboxMail(t, d)
		if len(got) != 2 || got[0].to != "ann@example.com" || got[1].to != "ann@example.com" || got[1].subject != "taken" {
			t.Fatalf("queued %+v", got)
		}
		tokenOf(t, got[0])
	}, schema.Migrations, outbox.Migrations, audit.Migrations)
}

func TestVerifyEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		u, _, err := s.SignUp(ctx, Registration{Email: "bo@example.com", Password: "dancing-shoes", Name: "Bo"}, testMail)
		if err != nil {
			t.Fatal(err)
		}
		first := tokenOf(t, outboxMail(t, d)[0])
		resend := func(u User) string {
			t.Helper()
			var token string
			if err := s.CreateVerification(ctx, u, func(tok string) mail.Message {
				token = tok
				return mail.Message{To: []string{u.Email}, Subject: "verify", Text: "token=" + tok}
			}); err != nil {
				t.Fatal(err)
			}
			return token
		}
		second := resend(u)
		if n := len(outboxMail(t, d)); n != 2 {
			t.Fatalf("%d mails queued after a resend", n)
		}

		for _, bad := range []string{"", "made-up", strings.Repeat("x", 200)} {
			if _, err := s.VerifyEmail(ctx, bad); !errors.Is(err, ErrBadVerifyToken) {
				t.Fatalf("verify %q: %v", bad, err)
			}
		}
		if id, err := s.VerifyEmail(ctx, second); err != nil || id != u.ID {
			t.Fatalf("verify: %q %v", id, err)
		}
		if got, _ := s.UserByID(ctx, u.ID); !got.EmailVerified || !got.Auth("").EmailVerified {
			t.Fatalf("not verified after the link: %+v", got)
		}
		// Single use, and the account's other links end with it.
		for _, used := range []string{second, first} {
			if _, err := s.VerifyEmail(ctx, used); !errors.Is(err, ErrBadVerifyToken) {
				t.Fatalf("link used again: %v", err)
			}
		}

		// Links expire.
		late, _, err := s.SignUp(ctx, Registration{Email: "late@example.com", Password: "dancing-shoes", Name: "Late"}, testMail)
		if err != nil {
			t.Fatal(err)
		}
		expired := resend(late)
		s.now = func() time.Time { return time.Now().UTC().Add(VerifyTTL + time.Minute) }
		if _, err := s.VerifyEmail(ctx, expired); !errors.Is(err, ErrBadVerifyToken) {
			t.Fatalf("expired link: %v", err)
		}
		s.now = func() time.Time { return time.Now().UTC() }

		// A link verifies only the address it was mailed to.
		moved := resend(late)
		if _, err := d.Exec(`UPDATE users SET email = 'moved@example.com' WHERE id = $1`, late.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.VerifyEmail(ctx, moved); !errors.Is(err, ErrBadVerifyToken) {
			t.Fatalf("link for the old address: %v", err)
		}
		if got, _ := s.UserByID(ctx, late.ID); got.EmailVerified {
			t.Fatal("the new address is verified by a link mailed to the old one")
		}
	}, schema.Migrations, outbox.Migrations, audit.Migrations)
}

func TestVerifiedByOtherMeans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(d)
		g, err := s.CreateGoogleUser(ctx, "g@example.com", "G", "google-sub")
		if err != nil || !g.EmailVerified {
			t.Fatalf("google account %+v %v", g, err)
		}
		if got, _ := s.UserByID(ctx, g.ID); !got.EmailVerified {
			t.Fatal("the stored Google account is not verified")
		}
		u, err := s.Register(ctx, Registration{Email: "demo@example.com", Password: "dancing-shoes", Name: "D"})
		if err != nil || u.EmailVerified {
			t.Fatalf("registered %+v %v", u, err)
		}
		if err := s.MarkEmailVerified(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.UserByID(ctx, u.ID); !got.EmailVerified {
			t.Fatal("not verified after MarkEmailVerified")
		}
		if err := s.MarkEmailVerified(ctx, "usr_nobody"); !errors.Is(err, ErrUserNotFound) {
			t.Fatalf("unknown account: %v", err)
		}
	}, schema.Migrations, audit.Migrations)
}
