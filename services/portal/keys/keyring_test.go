package keys

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal/schema"
)

const issuer = "http://localhost:3001"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func claims() *auth.Claims {
	now := time.Now()
	return &auth.Claims{Email: "a@b.c", Name: "A", Roles: []string{auth.RoleUser}, SID: "s1",
		RegisteredClaims: jwt.RegisteredClaims{Issuer: issuer, Subject: "u1", Audience: jwt.ClaimStrings{auth.Audience},
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(auth.AccessTTL))}}
}

func TestKeyringSignsRotatesAndRetires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		secret := []byte("0123456789abcdef0123456789abcdef")
		kr, err := Open(ctx, d, secret, quiet)
		if err != nil {
			t.Fatal(err)
		}
		v := auth.NewTokenVerifier(issuer, kr)
		old, err := kr.Sign(claims())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.VerifyToken(ctx, old); err != nil {
			t.Fatal(err)
		}
		firstKID := kr.CurrentKID()

		// A second portal process (or a restart) loads the same key.
		again, err := Open(ctx, d, secret, quiet)
		if err != nil || again.CurrentKID() != firstKID {
			t.Fatalf("reopen: %v kid %q want %q", err, again.CurrentKID(), firstKID)
		}

		if err := kr.Rotate(ctx); err != nil {
			t.Fatal(err)
		}
		if kr.CurrentKID() == firstKID {
			t.Fatal("rotation kept the old kid")
		}
		if n := len(kr.JWKS().Keys); n != 2 {
			t.Fatalf("JWKS has %d keys after rotation, want 2", n)
		}
		if kr.JWKS().Keys[0].Kid != kr.CurrentKID() {
			t.Fatal("current key not first")
		}
		fresh := auth.NewTokenVerifier(issuer, kr)
		if _, err := fresh.VerifyToken(ctx, old); err != nil {
			t.Fatalf("token of the retired key refused too early: %v", err)
		}
		// Later than any token of the retired key can live, it is withdrawn.
		kr.now = func() time.Time { return time.Now().Add(KeepRetired + time.Minute) }
		if err := kr.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(kr.JWKS().Keys); n != 1 {
			t.Fatalf("JWKS has %d keys, want 1", n)
		}
		if _, err := auth.NewTokenVerifier(issuer, kr).VerifyToken(ctx, old); !errors.Is(err, auth.ErrUnknownKey) {
			t.Fatalf("withdrawn key still verifies: %v", err)
		}

		// Scheduled rotation: the next key is published PrePublish before it signs.
		cur := kr.CurrentKID()
		base := time.Now().Add(KeepRetired + RotateAfter - PrePublish + 2*time.Minute)
		kr.now = func() time.Time { return base }
		if err := kr.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		if kr.CurrentKID() != cur || len(kr.JWKS().Keys) != 2 {
			t.Fatalf("next key: current %q (was %q), %d keys", kr.CurrentKID(), cur, len(kr.JWKS().Keys))
		}
		next := kr.JWKS().Keys[1].Kid
		if err := kr.Maintain(ctx); err != nil || len(kr.JWKS().Keys) != 2 {
			t.Fatalf("a second next key was added: %v", err)
		}
		kr.now = func() time.Time { return base.Add(PrePublish + time.Minute) }
		if err := kr.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		if kr.CurrentKID() != next {
			t.Fatalf("the published key did not take over: %q want %q", kr.CurrentKID(), next)
		}
		if len(kr.JWKS().Keys) != 2 {
			t.Fatal("the replaced key left before its tokens expired")
		}
		kr.now = func() time.Time { return base.Add(PrePublish + KeepRetired + 2*time.Minute) }
		if err := kr.Maintain(ctx); err != nil || len(kr.JWKS().Keys) != 1 || kr.CurrentKID() != next {
			t.Fatalf("after the replaced key retired: %v %d keys", err, len(kr.JWKS().Keys))
		}

		// A changed NEXTAUTH_SECRET cannot open the sealed key: a new one is made.
		other, err := Open(ctx, d, []byte("another-secret-another-secret-xx"), quiet)
		if err != nil {
			t.Fatal(err)
		}
		if other.CurrentKID() == kr.CurrentKID() || other.CurrentKID() == "" {
			t.Fatal("a key sealed under another secret was used")
		}
	}, schema.Migrations)
}

func TestLoadSecret(t *testing.T) {
	dir := t.TempDir()
	dev := config.Service{Name: "portal", DataDir: filepath.Join(dir, "portal"), Dev: true}
	s1, err := LoadSecret(dev)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dev.DataDir, SecretFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v mode %v", err, st.Mode())
	}
	s2, err := LoadSecret(dev)
	if err != nil || string(s1) != string(s2) || len(s1) < minSecretLen {
		t.Fatalf("generated secret not kept: %v", err)
	}
	prod := config.Service{Name: "portal", DataDir: dir, PublicURL: "https://stepperslife.com"}
	var ve *config.VarError
	if _, err := LoadSecret(prod); !errors.As(err, &ve) || ve.Var != "NEXTAUTH_SECRET" {
		t.Fatalf("https without a secret: %v", err)
	}
	prod.NextAuthSecret = "short"
	if _, err := LoadSecret(prod); !errors.As(err, &ve) {
		t.Fatalf("short secret: %v", err)
	}
	prod.NextAuthSecret = config.Secret("x123456789x123456789x123456789x123")
	if s, err := LoadSecret(prod); err != nil || string(s) != prod.NextAuthSecret.Reveal() {
		t.Fatalf("configured secret: %v", err)
	}
}

// Portal replicas starting together on one database make one first key, and
// maintaining together publish one next key: the schedule is decided under a lock.
func TestReplicasAddEachKeyOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		secret := []byte("0123456789abcdef0123456789abcdef")
		const replicas = 4
		rings := make([]*Keyring, replicas)
		errs := make(chan error, replicas)
		var wg sync.WaitGroup
		for i := range replicas {
			wg.Go(func() {
				kr, err := Open(ctx, d, secret, quiet)
				rings[i] = kr
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := keyCount(t, d); n != 1 {
			t.Fatalf("%d replicas starting together stored %d keys, want 1", replicas, n)
		}
		for _, kr := range rings[1:] {
			if kr.CurrentKID() != rings[0].CurrentKID() {
				t.Fatalf("replicas sign with %q and %q", rings[0].CurrentKID(), kr.CurrentKID())
			}
		}

		// The rotation falls due for every replica at once.
		due := time.Now().Add(RotateAfter - PrePublish + time.Minute)
		for _, kr := range rings {
			kr.now = func() time.Time { return due }
		}
		errs = make(chan error, replicas)
		for _, kr := range rings {
			wg.Go(func() { errs <- kr.Maintain(ctx) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := keyCount(t, d); n != 2 {
			t.Fatalf("a due rotation in %d replicas stored %d keys, want 2 (the current and one next)", replicas, n)
		}
		for _, kr := range rings {
			if err := kr.load(ctx); err != nil {
				t.Fatal(err)
			}
			if len(kr.JWKS().Keys) != 2 || kr.CurrentKID() != rings[0].CurrentKID() {
				t.Fatalf("replica sees %d keys, signs with %q", len(kr.JWKS().Keys), kr.CurrentKID())
			}
		}
	}, schema.Migrations)
}

func keyCount(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM signing_keys`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
