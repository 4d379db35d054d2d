package portal_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/testenv"
)

const (
	verifySubject = "Confirm your SteppersLife e-mail address"
	takenSubject  = "Someone tried to register with your e-mail address"
)

var verifyLinkRE = regexp.MustCompile(`https?://\S+/verify\?token=[A-Za-z0-9_-]+`)

// tokenVerified reads the email_verified claim of an access token.
func tokenVerified(t *testing.T, tok string) bool {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims["email_verified"] == true
}

func sessionVerified(t *testing.T, c *client) bool {
	t.Helper()
	s := c.do("GET", "/api/auth/session", nil, nil)
	v, ok := s.Body["user"].(map[string]any)["emailVerified"].(bool)
	if s.Status != 200 || !ok {
		t.Fatalf("session: %d %s", s.Status, s.Raw)
	}
	return v
}

// TestEmailVerificationThroughMailpit registers, receives the verification link
// through a real SMTP server (Mailpit) and follows it.
func TestEmailVerificationThroughMailpit(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	p := startPortal(t, map[string]string{"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port),
		"SMTP_FROM": "SteppersLife <no-reply@stepperslife.com>"})
	c := newClient(t, p.URL)
	first := register(t, c, "ivy@example.com", "ivy-password", "Ivy")

	// The address again: the same answer, and its owner is told instead.
	again := register(t, newClient(t, p.URL), "IVY@example.com", "mallory-password", "Ivy")
	if !sameKeys(first, again) || !sameKeys(first["user"], again["user"]) || str(again, "user", "email") != "ivy@example.com" ||
		str(again, "user", "name") != "Ivy" || str(again, "user", "id") == str(first, "user", "id") {
		t.Fatalf("new address %v, taken address %v", first, again)
	}
	notice := waitForMail(t, api, "ivy@example.com", takenSubject, 1)
	if !strings.Contains(notice, p.URL+"/signin") || !strings.Contains(notice, p.URL+"/reset") || strings.Contains(notice, "/verify") {
		t.Fatalf("notice %q", notice)
	}

	tok := login(t, c, "ivy@example.com", "ivy-password")
	if tokenVerified(t, tok) || sessionVerified(t, c) {
		t.Fatal("verified before following the link")
	}
	firstLink := verifyLinkRE.FindString(waitForMail(t, api, "ivy@example.com", verifySubject, 1))
	if !strings.HasPrefix(firstLink, p.URL+"/verify?token=") {
		t.Fatalf("link %q", firstLink)
	}
	acct := c.do("GET", "/account", nil, nil)
	if acct.Status != 200 || !strings.Contains(acct.Raw, "not verified yet") {
		t.Fatalf("account page before verifying: %d", acct.Status)
	}

	// Resend from the account page: a second link.
	form := url.Values{"csrf_token": {c.cookie(auth.CSRFCookie)}}.Encode()
	if a := c.do("POST", "/account/verification", form, map[string]string{"Origin": c.base}); a.Status != 303 || a.Header.Get("Location") != "/account?notice=verification" {
		t.Fatalf("resend: %d %s", a.Status, a.Raw)
	}
	secondLink := verifyLinkRE.FindString(waitForMail(t, api, "ivy@example.com", verifySubject, 2))
	if secondLink == "" || secondLink == firstLink {
		t.Fatalf("resent link %q, first %q", secondLink, firstLink)
	}

	// Opening the link asks to confirm; confirming verifies, and the signed-in
	// browser's token says so at once.
	token := mustURL(firstLink).Query().Get("token")
	page := c.do("GET", "/verify?token="+url.QueryEscape(token), nil, nil)
	if page.Status != 200 || !strings.Contains(page.Raw, `name="token" value="`+token+`"`) {
		t.Fatalf("verify page: %d", page.Status)
	}
	if sessionVerified(t, c) {
		t.Fatal("opening the link verified before it was confirmed")
	}
	confirm := url.Values{"token": {token}, "csrf_token": {c.cookie(auth.CSRFCookie)}}
	a := c.do("POST", "/verify", confirm.Encode(), map[string]string{"Origin": c.base})
	if a.Status != 200 || !strings.Contains(a.Raw, "is verified") {
		t.Fatalf("confirm: %d %s", a.Status, a.Raw)
	}
	if ck := findCookie(a.Set, auth.AccessCookie); ck == nil || !tokenVerified(t, ck.Value) {
		t.Fatal("the browser's token was not reissued with email_verified")
	}
	if !sessionVerified(t, c) {
		t.Fatal("/api/auth/session does not show the address verified")
	}
	if !tokenVerified(t, login(t, newClient(t, p.URL), "ivy@example.com", "ivy-password")) {
		t.Fatal("a new sign-in's token lacks email_verified")
	}
	acct = c.do("GET", "/account", nil, nil)
	if !strings.Contains(acct.Raw, "is verified") || strings.Contains(acct.Raw, `action="/account/verification"`) {
		t.Fatalf("account page after verifying: %s", acct.Raw)
	}

	// Single use; the other link ends with it.
	for _, link := range []string{firstLink, secondLink} {
		confirm.Set("token", mustURL(link).Query().Get("token"))
		if a := newClient(t, p.URL).do("POST", "/verify", confirm.Encode(), nil); a.Status != 400 {
			t.Fatalf("link used after verifying: %d", a.Status)
		}
	}

	// A verified address gets no more links.
	if a := c.do("POST", "/account/verification", form, map[string]string{"Origin": c.base}); a.Status != 303 ||
		a.Header.Get("Location") != "/account?notice=verified" {
		t.Fatalf("resend when verified: %d %q", a.Status, a.Header.Get("Location"))
	}
	var queued int
	if err := p.In.Deps.DB.QueryRow(`SELECT COUNT(*) FROM kit_outbox_mail WHERE subject = $1`, verifySubject).Scan(&queued); err != nil || queued != 2 {
		t.Fatalf("%d verification mails queued (%v), want 2", queued, err)
	}
}

// TestResendVerificationIsLimited: resending counts against the limits of reset mail.
func TestResendVerificationIsLimited(t *testing.T) {
	p := startPortal(t, nil)
	c := newClient(t, p.URL)
	register(t, c, "kim@example.com", "kim-password", "Kim")
	login(t, c, "kim@example.com", "kim-password")
	form := url.Values{"csrf_token": {c.cookie(auth.CSRFCookie)}}.Encode()
	for i := 1; ; i++ {
		a := c.do("POST", "/account/verification", form, map[string]string{"Origin": c.base})
		if a.Status == http.StatusTooManyRequests {
			return
		}
		if a.Status != 303 || i == 10 {
			t.Fatalf("resend %d: %d", i, a.Status)
		}
	}
}
