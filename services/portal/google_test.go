package portal_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fakeGoogle is a small OpenID provider: discovery, authorization (which signs the
// configured person in at once), token endpoint with PKCE, and JWKS.
type fakeGoogle struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	client string
	secret string

	mu     sync.Mutex
	person map[string]any // sub, email, email_verified, name
	codes  map[string]grant
}

type grant struct {
	nonce, challenge, redirect string
	person                     map[string]any
}

func newFakeGoogle(t *testing.T) *fakeGoogle {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	g := &fakeGoogle{t: t, key: key, client: "test-client", secret: "test-secret", codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", g.discovery)
	mux.HandleFunc("GET /authorize", g.authorize)
	mux.HandleFunc("POST /token", g.token)
	mux.HandleFunc("GET /jwks", g.jwks)
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *fakeGoogle) signInAs(person map[string]any) {
	g.mu.Lock()
	g.person = person
	g.mu.Unlock()
}

func (g *fakeGoogle) discovery(w http.ResponseWriter, r *http.Request) {
	u := g.srv.URL
	_ = json.NewEncoder(w).Encode(map[string]any{
		"issuer": u, "authorization_endpoint": u + "/authorize", "token_endpoint": u + "/token",
		"jwks_uri": u + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
	})
}

func (g *fakeGoogle) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != g.client || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" {
		http.Error(w, "bad authorization request", 400)
		return
	}
	code := rand.Text()
	g.mu.Lock()
	g.codes[code] = grant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), person: g.person}
	g.mu.Unlock()
	back, _ := url.Parse(q.Get("redirect_uri"))
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (g *fakeGoogle) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	g.mu.Lock()
	gr, found := g.codes[r.PostForm.Get("code")]
	delete(g.codes, r.PostForm.Get("code"))
	g.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !found || id != g.client || secret != g.secret || base64.RawURLEncoding.EncodeToString(sum[:]) != gr.challenge ||
		r.PostForm.Get("redirect_uri") != gr.redirect {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	claims := jwt.MapClaims{"iss": g.srv.URL, "aud": g.client, "iat": time.Now().Unix(),
		"exp": time.Now().Add(time.Hour).Unix(), "nonce": gr.nonce}
	for k, v := range gr.person {
		claims[k] = v
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "rsa1"
	idt, err := tok.SignedString(g.key)
	if err != nil {
		g.t.Error(err)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": idt})
}

func (g *fakeGoogle) jwks(w http.ResponseWriter, r *http.Request) {
	pub := g.key.PublicKey
	_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": "rsa1", "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// googleSignIn walks the browser's redirects: portal → provider → portal callback.
func googleSignIn(t *testing.T, c *client, next string) answer {
	t.Helper()
	start := c.do("GET", "/api/auth/signin/google?next="+url.QueryEscape(next), nil, nil)
	if start.Status != 303 {
		t.Fatalf("start: %d %s", start.Status, start.Raw)
	}
	res, err := c.http.Get(start.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(back, c.base+"/api/auth/callback/google?") {
		t.Fatalf("provider: %d %q", res.StatusCode, back)
	}
	return c.do("GET", strings.TrimPrefix(back, c.base), nil, nil)
}

func TestGoogleSignIn(t *testing.T) {
	g := newFakeGoogle(t)
	p := startPortal(t, map[string]string{"GOOGLE_CLIENT_ID": g.client, "GOOGLE_CLIENT_SECRET": g.secret, "GOOGLE_ISSUER_URL": g.srv.URL})

	// A new person: an account is made from the verified Google profile.
	g.signInAs(map[string]any{"sub": "g-100", "email": "Ivy@Example.com", "email_verified": true, "name": "Ivy"})
	c := newClient(t, p.URL)
	a := googleSignIn(t, c, "/account")
	if a.Status != 303 || a.Header.Get("Location") != "/account" {
		t.Fatalf("callback: %d %q %s", a.Status, a.Header.Get("Location"), a.Raw)
	}
	me := c.do("GET", "/api/me", nil, nil)
	if me.Status != 200 || str(me.Body, "email") != "ivy@example.com" || str(me.Body, "name") != "Ivy" || !sessionVerified(t, c) {
		t.Fatalf("me: %d %s", me.Status, me.Raw)
	}
	ivy := str(me.Body, "id")
	// The same Google subject signs in to the same account again.
	c2 := newClient(t, p.URL)
	googleSignIn(t, c2, "/")
	if me := c2.do("GET", "/api/me", nil, nil); str(me.Body, "id") != ivy {
		t.Fatalf("second sign-in made another account: %s", me.Raw)
	}

	// An existing password account is linked when Google verified the same e-mail,
	// and whoever registered the address before (without proving the mailbox) is
	// locked out: the password no longer works and their session has ended.
	squatter := newClient(t, p.URL)
	joID := str(register(t, squatter, "jo@example.com", "jo-password", "Jo"), "user", "id")
	login(t, squatter, "jo@example.com", "jo-password")
	if me := squatter.do("GET", "/api/me", nil, nil); me.Status != 200 || sessionVerified(t, squatter) {
		t.Fatalf("registered and signed in: %d %s", me.Status, me.Raw)
	}
	jo := newClient(t, p.URL)
	g.signInAs(map[string]any{"sub": "g-200", "email": "jo@example.com", "email_verified": true, "name": "Jo G"})
	googleSignIn(t, jo, "/")
	if me := jo.do("GET", "/api/me", nil, nil); str(me.Body, "id") != joID || !sessionVerified(t, jo) {
		t.Fatalf("not linked: %s", me.Raw)
	}
	if me := squatter.do("GET", "/api/me", nil, nil); me.Status != 401 {
		t.Fatalf("the earlier registrant still gets in after Google's link: %d %s", me.Status, me.Raw)
	}
	if a := newClient(t, p.URL).do("POST", "/api/auth/login", map[string]string{"email": "jo@example.com", "password": "jo-password"}, nil); a.Status != 401 {
		t.Fatalf("the old password still signs in: %d %s", a.Status, a.Raw)
	}

	// An unverified e-mail never takes over an account.
	g.signInAs(map[string]any{"sub": "g-300", "email": "jo@example.com", "email_verified": false, "name": "Mallory"})
	m := newClient(t, p.URL)
	if a := googleSignIn(t, m, "/"); a.Status != 403 || m.cookie("sl_session") != "" {
		t.Fatalf("unverified e-mail: %d", a.Status)
	}

	// A callback whose state does not match the browser's is refused.
	x := newClient(t, p.URL)
	x.do("GET", "/api/auth/signin/google", nil, nil)
	if a := x.do("GET", "/api/auth/callback/google?code=abc&state=forged", nil, nil); a.Status != 401 || x.cookie("sl_session") != "" {
		t.Fatalf("forged state: %d", a.Status)
	}
}
