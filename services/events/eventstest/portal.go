package eventstest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"stepperslife/internal/kit/proctest"
	"stepperslife/internal/kit/testenv"
)

// Portal is the real portal, running as its own process (`stepperslife serve
// portal`), the way the platform runs it: the events service never imports it.
type Portal struct {
	URL string
	t   testing.TB
}

// PortalPort picks the port the portal will listen on, so the events service can be
// told NEXTAUTH_URL before the portal starts.
func PortalPort(t testing.TB) (port int, url string) {
	port = testenv.FreePort(t)
	return port, "http://127.0.0.1:" + strconv.Itoa(port)
}

// StartPortal runs the portal on port, knowing the events service at eventsURL.
func StartPortal(t testing.TB, port int, eventsURL string) *Portal {
	t.Helper()
	p := proctest.StartPortal(t, port, map[string]string{"events": eventsURL})
	return &Portal{URL: p.URL, t: t}
}

// Register makes an account and, when role is set, gives it that owner role.
func (p *Portal) Register(email, password, name, role string) {
	p.t.Helper()
	p.post("/api/auth/register", "", map[string]string{"email": email, "password": password, "name": name}, http.StatusCreated, nil)
	if role == "" {
		return
	}
	var login struct {
		AccessToken string `json:"accessToken"`
	}
	p.post("/api/auth/login", "", map[string]string{"email": email, "password": password}, http.StatusOK, &login)
	p.post("/api/me/roles", login.AccessToken, map[string]string{"role": role}, http.StatusOK, nil)
}

func (p *Portal) post(path, token string, body any, want int, out any) {
	p.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, p.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var raw json.RawMessage
	_ = json.NewDecoder(res.Body).Decode(&raw)
	if res.StatusCode != want {
		p.t.Fatalf("portal %s: %d %s", path, res.StatusCode, raw)
	}
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
}
