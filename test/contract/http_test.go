package contract

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// noRedirects keeps every answer as the server gave it: a contract test looks at
// redirects instead of following them.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// anonymous is a client without cookies.
var anonymous = &http.Client{Timeout: 30 * time.Second, CheckRedirect: noRedirects}

// browser is a client that keeps cookies like a browser does; on 127.0.0.1 the
// portal's host-only cookies reach every port, so every service sees them.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Timeout: 30 * time.Second, CheckRedirect: noRedirects, Jar: jar}
}

// cookie is the value of the cookie named name that c holds for base, or "".
func cookie(c *http.Client, base, name string) string {
	u, _ := url.Parse(base)
	for _, k := range c.Jar.Cookies(u) {
		if k.Name == name {
			return k.Value
		}
	}
	return ""
}

type reqOpts struct {
	client *http.Client
	header http.Header
}

// opt changes one request.
type opt func(*reqOpts)

// bearer authenticates with an access token.
func bearer(tok string) opt {
	return func(o *reqOpts) { o.header.Set("Authorization", "Bearer "+tok) }
}

// hdr sets a request header.
func hdr(k, v string) opt { return func(o *reqOpts) { o.header.Set(k, v) } }

// via sends the request with client c (a browser with cookies).
func via(c *http.Client) opt { return func(o *reqOpts) { o.client = c } }

// answer is one HTTP answer, read whole.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
	what   string // "METHOD URL", for messages
}

// rawBody is a request body sent as it is, with its content type.
type rawBody struct {
	contentType string
	data        []byte
}

// call sends one request. body is nil, a rawBody, or a value sent as JSON. Every
// answer of every service must carry X-Request-Id, the caller's own one when it sent
// one: call checks that on every request the suite makes.
func call(t *testing.T, method, u string, body any, opts ...opt) answer {
	t.Helper()
	o := reqOpts{client: anonymous, header: http.Header{}}
	for _, f := range opts {
		f(&o)
	}
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, ctype = bytes.NewReader(b.data), b.contentType
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, vs := range o.header {
		req.Header[k] = vs
	}
	resp, err := o.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, u, err)
	}
	a := answer{Status: resp.StatusCode, Header: resp.Header, Body: data, what: method + " " + u}
	got := resp.Header.Get("X-Request-Id")
	switch sent := req.Header.Get("X-Request-Id"); {
	case got == "":
		t.Errorf("%s: %d without an X-Request-Id header", a.what, a.Status)
	case sent != "" && got != sent:
		t.Errorf("%s: sent X-Request-Id %q, the answer carries %q", a.what, sent, got)
	}
	return a
}

// want fails unless the answer has status.
func (a answer) want(t *testing.T, status int) answer {
	t.Helper()
	if a.Status != status {
		t.Fatalf("%s: want %d, got %d: %s", a.what, status, a.Status, snippet(a.Body))
	}
	return a
}

// json decodes the body (which must be JSON) into v.
func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if mt := a.mediaType(); mt != "application/json" {
		t.Fatalf("%s: Content-Type %q, want application/json: %s", a.what, a.Header.Get("Content-Type"), snippet(a.Body))
	}
	if err := json.Unmarshal(a.Body, v); err != nil {
		t.Fatalf("%s: not the JSON expected (%v): %s", a.what, err, snippet(a.Body))
	}
}

// obj decodes a JSON object and checks that it has every key of keys.
func (a answer) obj(t *testing.T, keys ...string) map[string]any {
	t.Helper()
	var m map[string]any
	a.json(t, &m)
	requireKeys(t, a.what, m, keys...)
	return m
}

func (a answer) mediaType() string {
	mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
	return mt
}

// errorShape is the contract's error body.
type errorShape struct {
	Error     string         `json:"error"`
	Code      string         `json:"code"`
	Details   map[string]any `json:"details"`
	RequestID string         `json:"requestId"`
}

// wantError checks an error answer: status, the JSON shape with a message for a
// person, the machine code, and the request id of the answer's header.
func (a answer) wantError(t *testing.T, status int, code string) errorShape {
	t.Helper()
	a.want(t, status)
	var raw map[string]json.RawMessage
	a.json(t, &raw)
	for _, k := range []string{"error", "code", "requestId"} {
		if _, ok := raw[k]; !ok {
			t.Fatalf("%s: the error body has no %q: %s", a.what, k, snippet(a.Body))
		}
	}
	var e errorShape
	a.json(t, &e)
	if strings.TrimSpace(e.Error) == "" {
		t.Errorf("%s: empty error message: %s", a.what, snippet(a.Body))
	}
	if e.Code != code {
		t.Fatalf("%s: code %q, want %q: %s", a.what, e.Code, code, snippet(a.Body))
	}
	if e.RequestID == "" || e.RequestID != a.Header.Get("X-Request-Id") {
		t.Errorf("%s: requestId %q differs from the X-Request-Id header %q", a.what, e.RequestID, a.Header.Get("X-Request-Id"))
	}
	return e
}

// refused checks that a signed-in caller without the right to something is turned
// away: 403 FORBIDDEN, or 404 NOT_FOUND where a service does not even reveal that the
// thing exists. CONTRACT.md does not choose between them; either way the caller
// gets nothing.
func refused(t *testing.T, a answer) {
	t.Helper()
	switch a.Status {
	case http.StatusForbidden:
		a.wantError(t, http.StatusForbidden, "FORBIDDEN")
	case http.StatusNotFound:
		a.wantError(t, http.StatusNotFound, "NOT_FOUND")
	default:
		t.Fatalf("%s: want 403 or 404 for a caller without the right, got %d: %s", a.what, a.Status, snippet(a.Body))
	}
}

// unsignedWebhook posts a Stripe event without a valid signature to base's webhook:
// a service without Stripe keys, or any service given a forged event, refuses it in
// the error shape, and never with a 2xx that would mean the event was taken.
func unsignedWebhook(t *testing.T, base string) {
	t.Helper()
	event := rawBody{"application/json", []byte(`{"id":"evt_forged","type":"checkout.session.completed","data":{"object":{}}}`)}
	for _, sig := range []string{"", "t=1,v1=deadbeef"} {
		a := call(t, "POST", base+"/api/webhooks/stripe", event, hdr("Stripe-Signature", sig))
		var e errorShape
		a.json(t, &e)
		if a.Status < 400 || a.Status == http.StatusInternalServerError || e.Code == "" || e.RequestID == "" {
			t.Errorf("%s with signature %q: %d %s", a.what, sig, a.Status, snippet(a.Body))
		}
	}
}

// list is the contract's list shape.
type list struct {
	Items      []json.RawMessage `json:"items"`
	Pagination struct {
		Total   int  `json:"total"`
		Limit   int  `json:"limit"`
		Offset  int  `json:"offset"`
		HasMore bool `json:"hasMore"`
	} `json:"pagination"`
}

// list decodes a 200 list answer and checks its shape: items is an array (never
// null), the pagination object has its four fields, and hasMore agrees with them.
func (a answer) list(t *testing.T) list {
	t.Helper()
	a.want(t, http.StatusOK)
	var raw struct {
		Items      json.RawMessage            `json:"items"`
		Pagination map[string]json.RawMessage `json:"pagination"`
	}
	a.json(t, &raw)
	if !bytes.HasPrefix(bytes.TrimSpace(raw.Items), []byte("[")) {
		t.Fatalf("%s: items is not an array: %s", a.what, snippet(a.Body))
	}
	for _, k := range []string{"total", "limit", "offset", "hasMore"} {
		if _, ok := raw.Pagination[k]; !ok {
			t.Fatalf("%s: pagination has no %q: %s", a.what, k, snippet(a.Body))
		}
	}
	var l list
	a.json(t, &l)
	p := l.Pagination
	if len(l.Items) > p.Limit || p.HasMore != (p.Offset+len(l.Items) < p.Total) {
		t.Errorf("%s: pagination %+v disagrees with %d items", a.what, p, len(l.Items))
	}
	return l
}

// items decodes every item of l into a T.
func items[T any](t *testing.T, l list) []T {
	t.Helper()
	out := make([]T, len(l.Items))
	for i, raw := range l.Items {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			t.Fatalf("list item %d: %v: %s", i, err, snippet(raw))
		}
	}
	return out
}

// checkTimes checks that the named top-level fields of a JSON object answer are
// RFC 3339 times in UTC, as the contract writes every time.
func checkTimes(t *testing.T, a answer, fields ...string) {
	t.Helper()
	m := a.obj(t, fields...)
	for _, f := range fields {
		s, _ := m[f].(string)
		if _, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "Z") {
			t.Errorf("%s: %s is %v, want an RFC 3339 time in UTC", a.what, f, m[f])
		}
	}
}

func requireKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Fatalf("%s: no %q in %v", what, k, m)
		}
	}
}

func snippet(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// waitFor retries check until it reports done, for what the platform does in the
// background (a cache refresh); the bound is patience, not the behaviour tested.
func waitFor(t *testing.T, what string, check func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		done, last := check()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after 30s; last: %s", what, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
