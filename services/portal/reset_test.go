package portal_test

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/testenv"
)

// TestPasswordResetThroughMailpit sends the reset e-mail through a real SMTP server
// (Mailpit) and follows the link in it.
func TestPasswordResetThroughMailpit(t *testing.T) {
	host, port, api := testenv.Mailpit(t)
	p := startPortal(t, map[string]string{"SMTP_HOST": host, "SMTP_PORT": strconv.Itoa(port),
		"SMTP_FROM": "SteppersLife <no-reply@stepperslife.com>"})
	c := newClient(t, p.URL)
	register(t, c, "hal@example.com", "old-password", "Hal")
	login(t, c, "hal@example.com", "old-password")

	// Unknown e-mails get the same answer and no mail.
	for _, email := range []string{"nobody@example.com", "HAL@example.com"} {
		if a := newClient(t, p.URL).do("POST", "/api/auth/reset", map[string]string{"email": email}, nil); a.Status != 202 {
			t.Fatalf("reset request %s: %d %s", email, a.Status, a.Raw)
		}
	}
	link := waitForResetLink(t, api, "hal@example.com")
	if !strings.HasPrefix(link, p.URL+"/reset?token=") {
		t.Fatalf("link %q", link)
	}
	token := mustURL(link).Query().Get("token")

	anon := newClient(t, p.URL)
	page := anon.do("GET", "/reset?token="+url.QueryEscape(token), nil, nil)
	if page.Status != 200 || !strings.Contains(page.Raw, `name="token"`) {
		t.Fatalf("reset page: %d", page.Status)
	}
	a := anon.do("POST", "/reset", url.Values{"token": {token}, "password": {"new-password"}}.Encode(), nil)
	if a.Status != 200 || !strings.Contains(a.Raw, "Your password is changed") {
		t.Fatalf("set new password: %d %s", a.Status, a.Raw)
	}
	if a := anon.do("POST", "/api/auth/reset/confirm", map[string]string{"token": token, "password": "third-password"}, nil); a.Status != 400 {
		t.Fatalf("reset link used twice: %d", a.Status)
	}
	login(t, newClient(t, p.URL), "hal@example.com", "new-password")
	if a := newClient(t, p.URL).do("POST", "/api/auth/login", map[string]string{"email": "hal@example.com", "password": "old-password"}, nil); a.Status != 401 {
		t.Fatalf("old password still works: %d", a.Status)
	}
	// The reset signed out the session that existed before it.
	if me := c.do("GET", "/api/me", nil, nil); me.Status != 401 {
		t.Fatalf("old session survived the reset: %d", me.Status)
	}
}

var linkRE = regexp.MustCompile(`https?://\S+/reset\?token=[A-Za-z0-9_-]+`)

const resetSubject = "Reset your SteppersLife password"

// waitForResetLink waits for the one reset mail, to to; registering queues mail of
// its own, which does not count.
func waitForResetLink(t *testing.T, api, to string) string {
	t.Helper()
	text := waitForMail(t, api, to, resetSubject, 1)
	link := linkRE.FindString(text)
	if link == "" {
		t.Fatalf("no link in %q", text)
	}
	return link
}

// waitForMail waits until the n-th mail with subject arrives, to to, and returns the
// text of the latest. More mail with subject than n fails, as does such mail to
// anyone else.
func waitForMail(t *testing.T, api, to, subject string, n int) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var list struct {
			Messages []struct {
				ID      string `json:"ID"`
				Subject string `json:"Subject"`
				To      []struct {
					Address string `json:"Address"`
				} `json:"To"`
			} `json:"messages"`
		}
		getJSON(t, api+"/api/v1/messages", &list)
		var ids []string // newest first, as Mailpit lists them
		for _, m := range list.Messages {
			if m.Subject != subject {
				continue
			}
			if len(m.To) != 1 || m.To[0].Address != to {
				t.Fatalf("%q mail to %+v, want only %s", subject, m.To, to)
			}
			ids = append(ids, m.ID)
		}
		if len(ids) > n {
			t.Fatalf("%d %q mails, want %d", len(ids), subject, n)
		}
		if len(ids) == n {
			var msg struct {
				Text string `json:"Text"`
			}
			getJSON(t, api+"/api/v1/message/"+ids[0], &msg)
			return msg.Text
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no %d %q mails to %s arrived", n, subject, to)
	return ""
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %s", u, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestResetDoesNotRevealAccounts: a reset request is answered the same way whether
// the e-mail has an account or not, even when the mail server is down, which used
// to answer 503 only for real accounts.
func TestResetDoesNotRevealAccounts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing answers there: every delivery fails
	p := startPortal(t, map[string]string{"SMTP_HOST": "127.0.0.1", "SMTP_PORT": strconv.Itoa(port)})
	register(t, newClient(t, p.URL), "ida@example.com", "ida-password", "Ida")

	known := newClient(t, p.URL).do("POST", "/api/auth/reset", map[string]string{"email": "ida@example.com"}, nil)
	unknown := newClient(t, p.URL).do("POST", "/api/auth/reset", map[string]string{"email": "nobody@example.com"}, nil)
	if known.Status != 202 || unknown.Status != 202 || str(known.Body, "status") != str(unknown.Body, "status") {
		t.Fatalf("known %d %s; unknown %d %s", known.Status, known.Raw, unknown.Status, unknown.Raw)
	}
	form := url.Values{"email": {"ida@example.com"}}.Encode()
	if a := newClient(t, p.URL).do("POST", "/reset", form, nil); a.Status != 200 || !strings.Contains(a.Raw, "reset link is on its way") {
		t.Fatalf("reset form: %d", a.Status)
	}
}
