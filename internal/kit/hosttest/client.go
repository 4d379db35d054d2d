package hosttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

// Response is an answer, read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it cannot.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as an object.
func (r Response) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Code is the contract error code of the answer, if any.
func (r Response) Code() string {
	var b web.Body
	_ = json.Unmarshal(r.Body, &b)
	return string(b.Code)
}

// Do sends a request as u (nil: anonymous). body is sent as it is when []byte, as
// JSON text when string, JSON-encoded otherwise (nil: no body); headers are name,
// value pairs.
func (s *Server) Do(method, path string, u *auth.User, body any, headers ...string) Response {
	s.T.Helper()
	res, err := s.Try(method, path, u, body, headers...)
	if err != nil {
		s.T.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// Must is Do that fails the test unless the answer has status want.
func (s *Server) Must(want int, method, path string, u *auth.User, body any, headers ...string) Response {
	s.T.Helper()
	r := s.Do(method, path, u, body, headers...)
	if r.Status != want {
		s.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// Try is Do that returns failures instead of failing the test (for goroutines).
func (s *Server) Try(method, path string, u *auth.User, body any, headers ...string) (Response, error) {
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return Response{}, err
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		return Response{}, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	Authorize(req, u)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}, err
}

// Browser is a cookie-carrying client signed in as u (nil: anonymous) through the
// session cookie, that follows redirects and sends its changes the way the service's
// own pages do: from the service's origin, echoing the CSRF cookie.
func (s *Server) Browser(u *auth.User) *http.Client {
	jar, _ := cookiejar.New(nil)
	base, err := url.Parse(s.URL)
	if err != nil {
		s.T.Fatal(err)
	}
	if u != nil {
		jar.SetCookies(base, []*http.Cookie{
			{Name: auth.AccessCookie, Value: Token(u), Path: "/"},
			{Name: auth.CSRFCookie, Value: auth.NewCSRFToken(), Path: "/"},
		})
	}
	return &http.Client{Jar: jar, Transport: pageTransport{origin: s.URL, jar: jar}, Timeout: s.Client.Timeout,
		CheckRedirect: followLikeABrowser}
}

// followLikeABrowser follows up to ten redirects and, as a browser does, says on
// each one whether our own site led there (Sec-Fetch-Site), which pages read before
// showing a form's banner (web.Flash).
func followLikeABrowser(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	site := "same-origin"
	for _, r := range via {
		if r.URL.Scheme != req.URL.Scheme || r.URL.Host != req.URL.Host {
			site = "cross-site"
		}
	}
	req.Header.Set("Sec-Fetch-Site", site)
	return nil
}

// pageTransport adds what a page's form or script sends with a change: its Origin
// and the CSRF token it read from the cookie.
type pageTransport struct {
	origin string
	jar    http.CookieJar
}

func (p pageTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return http.DefaultTransport.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Origin", p.origin)
	for _, c := range p.jar.Cookies(req.URL) {
		if c.Name == auth.CSRFCookie {
			req.Header.Set(auth.CSRFHeader, c.Value)
		}
	}
	return http.DefaultTransport.RoundTrip(req)
}
