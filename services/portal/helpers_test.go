package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/host"
	"stepperslife/services/portal"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// server is a portal (or another service) served on a random local port.
type server struct {
	URL string
	In  *host.Instance
}

// listen reserves a port first, so the configuration can name the real address.
func listen(t *testing.T) (net.Listener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln, "http://" + ln.Addr().String()
}

// serve builds svc with env (plus DATA_DIR and a PUBLIC_URL/NEXTAUTH_URL on ln) and
// serves it until the test ends.
func serve(t *testing.T, svc host.Service, ln net.Listener, env map[string]string) *server {
	t.Helper()
	if env["DATA_DIR"] == "" {
		env["DATA_DIR"] = t.TempDir()
	}
	cfg, err := config.Load(svc.Name, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	in, err := host.Build(context.Background(), cfg, svc, quiet)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(in.Handler)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(func() { srv.Close(); in.Close() })
	return &server{URL: srv.URL, In: in}
}

// startPortal serves a development portal; extra settings go in env.
func startPortal(t *testing.T, env map[string]string) *server {
	t.Helper()
	ln, url := listen(t)
	if env == nil {
		env = map[string]string{}
	}
	env["PUBLIC_URL"], env["NEXTAUTH_URL"] = url, url
	return serve(t, portal.Service(), ln, env)
}

// client is a browser-like client: a cookie jar, no automatic redirects.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type answer struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
	Set    []*http.Cookie
}

// do sends a request; hdr may carry Authorization, Origin, X-CSRF-Token.
func (c *client) do(method, path string, body any, hdr map[string]string) answer {
	c.t.Helper()
	var rd io.Reader
	if s, ok := body.(string); ok {
		rd = strings.NewReader(s)
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		if _, ok := body.(string); ok {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	a := answer{Status: res.StatusCode, Header: res.Header, Raw: string(raw), Set: res.Cookies()}
	_ = json.Unmarshal(raw, &a.Body)
	return a
}

// cookie returns the jar's value of name for the client's base address.
func (c *client) cookie(name string) string {
	req, _ := http.NewRequest("GET", c.base+"/", nil)
	for _, k := range c.http.Jar.Cookies(req.URL) {
		if k.Name == name {
			return k.Value
		}
	}
	return ""
}

// csrf are the headers a page of our own sends with a cookie-authenticated change.
func (c *client) csrf() map[string]string {
	return map[string]string{"Origin": c.base, auth.CSRFHeader: c.cookie(auth.CSRFCookie)}
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

func roles(m map[string]any) []string {
	u, _ := m["user"].(map[string]any)
	if u == nil {
		u = m
	}
	var out []string
	list, _ := u["roles"].([]any)
	for _, r := range list {
		s, _ := r.(string)
		out = append(out, s)
	}
	return out
}

func findCookie(list []*http.Cookie, name string) *http.Cookie {
	for _, c := range list {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func portalService() host.Service { return portal.Service() }

// buildErr builds a portal with env and returns the error that stopped it.
func buildErr(t *testing.T, env map[string]string) error {
	t.Helper()
	env["DATA_DIR"] = t.TempDir()
	cfg, err := config.Load("portal", func(k string) string { return env[k] })
	if err != nil {
		return err
	}
	in, err := host.Build(context.Background(), cfg, portal.Service(), quiet)
	if err == nil {
		in.Close()
	}
	return err
}
