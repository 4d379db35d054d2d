package testenv

import (
	"fmt"
	"strconv"
	"testing"
)

// StripeMock starts stripe-mock and returns its base URL (STRIPE_API_BASE).
func StripeMock(t testing.TB) string {
	t.Helper()
	bin := Tool(t, "stripe-mock")
	var base string
	startRetrying(t, func() (*proc, error) {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		base = fmt.Sprintf("http://%s", addr(port))
		// stripe-mock answers any path once up; an unauthenticated call gets 401. Its
		// HTTPS listener would take the fixed port 12112 and make a second instance
		// (another test package at the same time) fail, so the system picks that port.
		return start(t, bin, []string{"-http-addr", addr(port), "-https-addr", "127.0.0.1:"}, nil, tcpOpen(addr(port)))
	})
	return base
}

// Mailpit starts Mailpit and returns its SMTP address and the base URL of its API
// (e.g. apiURL+"/api/v1/messages").
func Mailpit(t testing.TB) (smtpHost string, smtpPort int, apiURL string) {
	t.Helper()
	bin := Tool(t, "mailpit")
	dir := t.TempDir()
	startRetrying(t, func() (*proc, error) {
		sp, err := freePort()
		if err != nil {
			return nil, err
		}
		hp, err := freePort()
		if err != nil {
			return nil, err
		}
		pp, err := freePort()
		if err != nil {
			return nil, err
		}
		smtpHost, smtpPort, apiURL = "127.0.0.1", sp, "http://"+addr(hp)
		return start(t, bin, []string{"--smtp", addr(sp), "--listen", addr(hp), "--pop3", addr(pp),
			"--database", dir + "/mailpit-" + strconv.Itoa(hp) + ".db", "--disable-version-check",
			"--quiet", "--smtp-auth-accept-any", "--smtp-auth-allow-insecure"}, nil,
			both(tcpOpen(addr(sp)), httpOK(apiURL+"/livez")))
	})
	return smtpHost, smtpPort, apiURL
}
