package identity

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/dbtest"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/keys"
	"stepperslife/services/portal/schema"
)

// newTestIdentity is the portal's identity on a fresh SQLite database, with cheap
// hashing and the given limits.
func newTestIdentity(t *testing.T, l Limits) (*Identity, http.Handler) {
	t.Helper()
	d := dbtest.SQLite(t, schema.Migrations, audit.Migrations)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	kr, err := keys.Open(context.Background(), d, []byte(strings.Repeat("k", 32)), log)
	if err != nil {
		t.Fatal(err)
	}
	acc := accounts.New(accounts.NewStore(d))
	acc.Params = accounts.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	policy := auth.Policy{PortalURL: "http://portal.test", PublicURL: "http://portal.test", Dev: true}
	id := New(Options{Accounts: acc, Keys: kr, Policy: policy, Log: log, Limits: l})
	mux := http.NewServeMux()
	id.Mount(mux)
	return id, auth.Protect(policy, id.Verifier(), mux)
}

// TestPasswordHashingIsRateLimited: a reset link is checked only after the new
// password is hashed, so made-up links must count against the per-address budget
// sign-in already has; otherwise one address could keep the portal hashing.
func TestPasswordHashingIsRateLimited(t *testing.T) {
	_, h := newTestIdentity(t, Limits{FailuresPerIP: 50, FailuresPerAccount: 10, FailureWindow: time.Hour,
		AttemptsPerIP: 2, AttemptWindow: time.Hour, SignupsPerIP: 20, SignupsPerAccount: 5, SignupWindow: time.Hour})
	send := func(path, ctype, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "http://portal.test"+path, strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		r.RemoteAddr = "203.0.113.7:4000"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	bogus := `{"token":"made-up","password":"a-new-password"}`
	for i := range 2 {
		if w := send("/api/auth/reset/confirm", "application/json", bogus); w.Code != http.StatusBadRequest {
			t.Fatalf("attempt %d: %d %s", i, w.Code, w.Body)
		}
	}
	w := send("/api/auth/reset/confirm", "application/json", bogus)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Fatalf("third made-up link: %d %s", w.Code, w.Body)
	}
	// The reset form shares the budget.
	form := url.Values{"token": {"made-up"}, "password": {"a-new-password"}}.Encode()
	if w := send("/reset", "application/x-www-form-urlencoded", form); w.Code != http.StatusTooManyRequests {
		t.Fatalf("reset form: %d", w.Code)
	}
}
