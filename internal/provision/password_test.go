package provision

import (
	"context"
	"strings"
	"testing"
)

func TestNewPassword(t *testing.T) {
	a, b := NewPassword(), NewPassword()
	if a == b {
		t.Fatal("two passwords are equal")
	}
	if len(a) != 43 || usablePassword(a) != "" || strings.ContainsAny(a, "+/=%@:") {
		t.Errorf("password %q is not 256 URL-safe bits", a)
	}
}

func TestQuoteLiteral(t *testing.T) {
	if got, _ := quoteLiteral("it's"); got != "'it''s'" {
		t.Errorf("quoteLiteral = %s", got)
	}
	for _, bad := range []string{`a\b`, "a\x00b"} {
		if _, err := quoteLiteral(bad); err == nil {
			t.Errorf("quoteLiteral(%q) accepted", bad)
		}
	}
}

// TestScramVerifierMatchesPostgres lets the server hash a password itself and checks
// that scramVerifier, given the same salt, produces the identical secret — so a role
// provisioned with our verifier logs in with the clear password.
func TestScramVerifierMatchesPostgres(t *testing.T) {
	admin := adminConn(t)
	ctx := context.Background()
	role := testPrefix(t) + "portal_app" // among the roles testPrefix drops
	const password = "Correct-Horse_battery.staple!42"
	if _, err := admin.Exec(ctx, "SET password_encryption = 'scram-sha-256'"); err != nil {
		t.Fatal(err)
	}
	lit, _ := quoteLiteral(password)
	if _, err := admin.Exec(ctx, "CREATE ROLE "+ident(role)+" PASSWORD "+lit); err != nil {
		t.Fatal(err)
	}
	if !storedVerifierMatches(t, admin, role, password) {
		t.Fatal("scramVerifier disagrees with PostgreSQL's own hash")
	}
	if storedVerifierMatches(t, admin, role, password+"x") {
		t.Fatal("a different password matched")
	}
}
