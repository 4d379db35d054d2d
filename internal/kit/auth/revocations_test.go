package auth

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestRevocationsCutTokensIssuedBefore(t *testing.T) {
	cut := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	var list atomic.Value
	list.Store(RevocationList{Items: []Revocation{{Session: RevocationKey("sess1"), NotBefore: cut}},
		Roles: []RoleRevocation{{Session: RevocationKey("sess3"), NotBefore: cut, Roles: []string{RoleUser}}}})
	up := true
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != RevocationsPath || !up {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		_ = json.NewEncoder(w).Encode(list.Load())
	}))
	defer portal.Close()
	pub, priv := newKey(t)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	rev := NewRevocations(portal.URL, nil, slog.New(slog.DiscardHandler))
	v.Check = rev.Check
	early := goodClaims()
	early.IssuedAt = jwt.NewNumericDate(cut.Add(-time.Minute))
	tok := sign(t, "k1", priv, early)
	if _, err := v.VerifyToken(context.Background(), tok); err != nil {
		t.Fatalf("before the list is read: %v", err)
	}
	if err := rev.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyToken(context.Background(), tok); !errors.Is(err, ErrSessionEnded) {
		t.Fatalf("token issued before the cutoff: %v", err)
	}
	later := goodClaims()
	later.IssuedAt = jwt.NewNumericDate(cut)
	if _, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, later)); err != nil {
		t.Fatalf("token issued at the cutoff: %v", err)
	}
	other := *early
	other.SID = "sess2"
	if _, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, &other)); err != nil {
		t.Fatalf("another session: %v", err)
	}
	// A user who lost a role keeps their session; an older token grants what is left.
	organizer := *early
	organizer.SID, organizer.Subject, organizer.Roles = "sess3", "user2", []string{RoleUser, RoleEventOrganizer}
	u, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, &organizer))
	if err != nil || len(u.Roles) != 1 || u.Roles[0] != RoleUser {
		t.Fatalf("token issued before a role was taken: %v %v, want only USER", u, err)
	}
	fresh := organizer
	fresh.IssuedAt = jwt.NewNumericDate(cut)
	if u, err := v.VerifyToken(context.Background(), sign(t, "k1", priv, &fresh)); err != nil || len(u.Roles) != 2 {
		t.Fatalf("token issued after the cut: %v %v", u, err)
	}
	// The portal down: the last list stays in force.
	up = false
	if err := rev.Refresh(context.Background()); err == nil {
		t.Fatal("a failed read reported no error")
	}
	if _, err := v.VerifyToken(context.Background(), tok); !errors.Is(err, ErrSessionEnded) {
		t.Fatalf("after a failed read: %v", err)
	}
}

// BenchmarkVerifyWithRevocations is BenchmarkVerify with a service's cutoff check, on
// a list of 1,000 cutoffs: the cost revocation adds per request.
func BenchmarkVerifyWithRevocations(b *testing.B) {
	pub, priv := newKey(b)
	v := NewTokenVerifier(testIssuer, staticKeys{"k1": pub})
	rev := NewRevocations("http://127.0.0.1:1", nil, slog.New(slog.DiscardHandler))
	cuts := cutoffs{sessions: map[string]time.Time{}, roles: map[string]RoleRevocation{}}
	for i := range 1000 {
		cuts.sessions[RevocationKey("session"+strconv.Itoa(i))] = time.Now()
		cuts.roles[RevocationKey("other"+strconv.Itoa(i))] = RoleRevocation{NotBefore: time.Now()}
	}
	rev.cuts.Store(&cuts)
	v.Check = rev.Check
	tok := sign(b, "k1", priv, goodClaims())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyToken(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}
