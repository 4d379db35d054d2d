package contract

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const password = "dance-all-night-42"

// userJSON is {"id","email","name","roles"}: the caller as every service shows them.
type userJSON struct {
	ID    string   `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

// loginJSON is the answer of login and of taking a role.
type loginJSON struct {
	User        userJSON `json:"user"`
	AccessToken string   `json:"accessToken"`
	ExpiresAt   string   `json:"expiresAt"`
}

// person is an account of the test, signed in.
type person struct {
	userJSON
	Token   string       // access token, sent as Bearer
	Browser *http.Client // signed in with the session cookies
}

func register(t *testing.T, p *platform, email, name string) userJSON {
	t.Helper()
	a := call(t, "POST", p.portal()+"/api/auth/register",
		map[string]string{"email": email, "password": password, "name": name}).want(t, http.StatusCreated)
	var ans struct {
		User userJSON `json:"user"`
	}
	a.obj(t, "user")
	a.json(t, &ans)
	checkUser(t, a.what, ans.User)
	if ans.User.Email != email || ans.User.Name != name {
		t.Fatalf("registered %s (%s), answer says %+v", email, name, ans.User)
	}
	if strings.Contains(strings.ToLower(string(a.Body)), "password") || strings.Contains(string(a.Body), "argon") {
		t.Fatalf("the register answer shows the password or its hash: %s", a.Body)
	}
	return ans.User
}

// sortedKeys lists the keys of a JSON object.
func sortedKeys(v any) []string {
	m, _ := v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkUser checks the four fields of a user and that everyone is a USER.
func checkUser(t *testing.T, what string, u userJSON) {
	t.Helper()
	if u.ID == "" || u.Email == "" || u.Roles == nil {
		t.Fatalf("%s: incomplete user %+v", what, u)
	}
	if !slices.Contains(u.Roles, "USER") {
		t.Errorf("%s: roles %v without USER", what, u.Roles)
	}
}

// login signs in through c (which keeps the cookies) and checks the answer. It sends
// what a sign-in page in a browser sends: its Origin, and the CSRF token when the
// browser already holds one (a cookie-carrying POST needs it).
func login(t *testing.T, p *platform, c *http.Client, email string) loginJSON {
	t.Helper()
	a := call(t, "POST", p.portal()+"/api/auth/login", map[string]string{"email": email, "password": password}, csrf(p, c)...).
		want(t, http.StatusOK)
	return checkLogin(t, p, c, a)
}

// checkLogin checks an answer "like login": user, a fresh accessToken with its expiry,
// and (for a browser) the session cookie that carries that very token.
func checkLogin(t *testing.T, p *platform, c *http.Client, a answer) loginJSON {
	t.Helper()
	a.obj(t, "user", "accessToken", "expiresAt")
	var ans loginJSON
	a.json(t, &ans)
	checkUser(t, a.what, ans.User)
	exp, err := time.Parse(time.RFC3339, ans.ExpiresAt)
	if err != nil || !strings.HasSuffix(ans.ExpiresAt, "Z") {
		t.Errorf("%s: expiresAt %q is not RFC 3339 in UTC", a.what, ans.ExpiresAt)
	} else if !exp.After(time.Now()) {
		t.Errorf("%s: expiresAt %s is already past", a.what, ans.ExpiresAt)
	}
	if strings.Count(ans.AccessToken, ".") != 2 {
		t.Fatalf("%s: accessToken %q is not a JWT", a.what, ans.AccessToken)
	}
	if c != nil && c.Jar != nil {
		if got := cookie(c, p.portal(), "sl_session"); got != ans.AccessToken {
			t.Errorf("%s: the session cookie does not carry the new accessToken", a.what)
		}
	}
	return ans
}

// newPerson registers and signs in an account.
func newPerson(t *testing.T, p *platform, email, name string) *person {
	t.Helper()
	u := register(t, p, email, name)
	b := browser(t)
	ans := login(t, p, b, email)
	if ans.User.ID != u.ID {
		t.Fatalf("login of %s answered user %s, registered as %s", email, ans.User.ID, u.ID)
	}
	return &person{userJSON: ans.User, Token: ans.AccessToken, Browser: b}
}

// takeRole takes a self-assignable owner role with the Bearer token, and goes on
// with the fresh token the answer carries.
func (u *person) takeRole(t *testing.T, p *platform, role string) {
	t.Helper()
	a := call(t, "POST", p.portal()+"/api/me/roles", map[string]string{"role": role}, bearer(u.Token)).want(t, http.StatusOK)
	ans := checkLogin(t, p, nil, a)
	if !slices.Contains(ans.User.Roles, role) {
		t.Fatalf("took %s, the answer's roles are %v", role, ans.User.Roles)
	}
	if ans.AccessToken == u.Token {
		t.Fatalf("taking %s answered the old token", role)
	}
	u.userJSON, u.Token = ans.User, ans.AccessToken
}

// me is GET /api/me of base as the bearer of tok.
func me(t *testing.T, base, tok string) userJSON {
	t.Helper()
	a := call(t, "GET", base+"/api/me", nil, bearer(tok)).want(t, http.StatusOK)
	a.obj(t, "id", "email", "name", "roles")
	var u userJSON
	a.json(t, &u)
	return u
}

// session is GET /api/auth/session through c, as a map.
func session(t *testing.T, p *platform, c *http.Client) map[string]any {
	t.Helper()
	return call(t, "GET", p.portal()+"/api/auth/session", nil, via(c)).want(t, http.StatusOK).obj(t)
}

// csrf is what a page script sends on a cookie-authenticated change: its own
// origin and the sl_csrf cookie echoed in X-CSRF-Token.
func csrf(p *platform, c *http.Client) []opt {
	return []opt{via(c), hdr("Origin", p.portal()), hdr("X-CSRF-Token", cookie(c, p.portal(), "sl_csrf"))}
}

func testIdentity(t *testing.T, p *platform) {
	portal := p.portal()
	const email = "first.dancer@example.com"
	var u userJSON

	t.Run("register", func(t *testing.T) {
		u = register(t, p, email, "First Dancer")
		// A taken address is answered like a new one (201 and a user as sent, with
		// an id that is not the account's), so registering does not tell who has an
		// account; the account keeps its password.
		again := register(t, p, email, "Again")
		if again.ID == u.ID || !slices.Equal(again.Roles, []string{"USER"}) {
			t.Fatalf("registering a taken address answered %+v; the account is %+v", again, u)
		}
		fresh := call(t, "POST", portal+"/api/auth/register",
			map[string]string{"email": "second.dancer@example.com", "password": password, "name": "Again"}).want(t, http.StatusCreated)
		taken := call(t, "POST", portal+"/api/auth/register",
			map[string]string{"email": strings.ToUpper(email), "password": "not-" + password, "name": "Again"}).want(t, http.StatusCreated)
		if f, k := sortedKeys(fresh.obj(t, "user")["user"]), sortedKeys(taken.obj(t, "user")["user"]); !slices.Equal(f, k) {
			t.Fatalf("a new address is answered a user with keys %v, a taken one %v", f, k)
		}
		call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": "not-" + password}).
			wantError(t, http.StatusUnauthorized, "INVALID_CREDENTIALS")
		call(t, "POST", portal+"/api/auth/register", map[string]string{"email": "not-an-email", "password": password, "name": "X"}).
			wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
		call(t, "POST", portal+"/api/auth/register", map[string]string{"email": "short@example.com", "password": "x", "name": "X"}).
			wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
		// Bodies that are not what the API takes: the matching codes, never a 500.
		call(t, "POST", portal+"/api/auth/login", rawBody{"application/json", []byte(`{"email":`)}).
			wantError(t, http.StatusBadRequest, "VALIDATION_FAILED")
		call(t, "POST", portal+"/api/auth/login", rawBody{"text/plain", []byte(`{"email":"a@example.com","password":"x"}`)}).
			wantError(t, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
		huge := append([]byte(`{"email":"`), bytes.Repeat([]byte("a"), 9<<20)...)
		call(t, "POST", portal+"/api/auth/login", rawBody{"application/json", huge}).
			wantError(t, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
	})
	if u.ID == "" {
		t.Fatal("no account to go on with")
	}

	t.Run("session when signed out is {}", func(t *testing.T) {
		if s := session(t, p, browser(t)); len(s) != 0 {
			t.Fatalf("signed out, /api/auth/session answered %v, want {}", s)
		}
	})

	b := browser(t)
	var ans loginJSON
	t.Run("login, session, keys", func(t *testing.T) {
		a := call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": password}, via(b)).
			want(t, http.StatusOK)
		ans = checkLogin(t, p, b, a)
		if ans.User.ID != u.ID || ans.User.Email != email {
			t.Fatalf("login answered %+v, registered %+v", ans.User, u)
		}
		set := strings.Join(a.Header.Values("Set-Cookie"), "\n")
		for _, name := range []string{"sl_session", "sl_refresh"} {
			if !strings.Contains(set, name+"=") {
				t.Errorf("login set no %s cookie:\n%s", name, set)
			}
		}
		for _, line := range a.Header.Values("Set-Cookie") {
			if strings.HasPrefix(line, "sl_session=") || strings.HasPrefix(line, "sl_refresh=") {
				if !strings.Contains(line, "HttpOnly") {
					t.Errorf("session cookie readable by scripts: %s", line)
				}
			}
		}

		s := session(t, p, b)
		requireKeys(t, "session", s, "user", "expires")
		su, _ := s["user"].(map[string]any)
		requireKeys(t, "session user", su, "id", "email", "name", "roles")
		if su["id"] != u.ID || su["email"] != email {
			t.Errorf("session user %v, want %s", su, u.ID)
		}
		if exp, _ := s["expires"].(string); !validFuture(exp) {
			t.Errorf("session expires %q is not a future RFC 3339 time", s["expires"])
		}

		verifyWithJWKS(t, p, ans.AccessToken, u.ID)
	})

	t.Run("wrong password and unknown account", func(t *testing.T) {
		call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": "wrong-password"}).
			wantError(t, http.StatusUnauthorized, "INVALID_CREDENTIALS")
		call(t, "POST", portal+"/api/auth/login", map[string]string{"email": "nobody@example.com", "password": password}).
			wantError(t, http.StatusUnauthorized, "INVALID_CREDENTIALS")
	})

	t.Run("signing in again from a client that holds a session", func(t *testing.T) {
		// A script with a cookie jar, signed in already, signs in again (as someone
		// else, or after a typo): the credentials in the body are what counts, as
		// for any sign-in. Only a foreign page is refused.
		c := browser(t)
		login(t, p, c, email)
		call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": "typo-password"}, via(c)).
			wantError(t, http.StatusUnauthorized, "INVALID_CREDENTIALS")
		a := call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": password}, via(c)).
			want(t, http.StatusOK)
		checkLogin(t, p, c, a)
		call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": password}, via(c),
			hdr("Origin", "https://evil.example")).wantError(t, http.StatusForbidden, "FORBIDDEN")
		call(t, "POST", portal+"/api/auth/login", map[string]string{"email": email, "password": password},
			hdr("Origin", "https://evil.example")).wantError(t, http.StatusForbidden, "FORBIDDEN")
	})

	t.Run("many failures: 429 with Retry-After", func(t *testing.T) {
		const victim = "forgetful@example.com"
		register(t, p, victim, "Forgetful")
		for i := 1; ; i++ {
			a := call(t, "POST", portal+"/api/auth/login", map[string]string{"email": victim, "password": "guess-" + strconv.Itoa(i)})
			if a.Status == http.StatusTooManyRequests {
				a.wantError(t, http.StatusTooManyRequests, "RATE_LIMITED")
				if s, err := strconv.Atoi(a.Header.Get("Retry-After")); err != nil || s < 1 {
					t.Errorf("429 with Retry-After %q, want a number of seconds", a.Header.Get("Retry-After"))
				}
				// Locked means locked: the right password waits too.
				call(t, "POST", portal+"/api/auth/login", map[string]string{"email": victim, "password": password}).
					wantError(t, http.StatusTooManyRequests, "RATE_LIMITED")
				return
			}
			a.wantError(t, http.StatusUnauthorized, "INVALID_CREDENTIALS")
			if i == 30 {
				t.Fatal("30 wrong passwords in a row and still no 429")
			}
		}
	})

	t.Run("cookie changes need the CSRF token", func(t *testing.T) {
		if cookie(b, portal, "sl_csrf") == "" {
			t.Fatal("signed in without an sl_csrf cookie for pages to echo")
		}
		body := map[string]string{"role": "STORE_OWNER"}
		call(t, "POST", portal+"/api/me/roles", body, via(b)).wantError(t, http.StatusForbidden, "FORBIDDEN")
		call(t, "POST", portal+"/api/me/roles", body, via(b), hdr("Origin", portal)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		call(t, "POST", portal+"/api/me/roles", body, via(b), hdr("Origin", portal), hdr("X-CSRF-Token", "forged")).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		call(t, "POST", portal+"/api/me/roles", body, via(b), hdr("Origin", "https://evil.example"),
			hdr("X-CSRF-Token", cookie(b, portal, "sl_csrf"))).wantError(t, http.StatusForbidden, "FORBIDDEN")

		a := call(t, "POST", portal+"/api/me/roles", body, csrf(p, b)...).want(t, http.StatusOK)
		got := checkLogin(t, p, b, a)
		if !slices.Contains(got.User.Roles, "STORE_OWNER") {
			t.Fatalf("took STORE_OWNER by cookie, roles %v", got.User.Roles)
		}
		ans = got
	})

	t.Run("owner roles yes, ADMIN never", func(t *testing.T) {
		a := call(t, "POST", portal+"/api/me/roles", map[string]string{"role": "MAGAZINE_WRITER"}, bearer(ans.AccessToken)).
			want(t, http.StatusOK)
		got := checkLogin(t, p, nil, a)
		if !slices.Contains(got.User.Roles, "MAGAZINE_WRITER") || !slices.Contains(got.User.Roles, "STORE_OWNER") {
			t.Fatalf("roles after taking MAGAZINE_WRITER: %v", got.User.Roles)
		}
		if r := me(t, p.url("magazine"), got.AccessToken).Roles; !slices.Contains(r, "MAGAZINE_WRITER") {
			t.Errorf("the fresh token shows roles %v at the magazine", r)
		}
		call(t, "POST", portal+"/api/me/roles", map[string]string{"role": "ADMIN"}, bearer(got.AccessToken)).
			wantError(t, http.StatusForbidden, "FORBIDDEN")
		call(t, "POST", portal+"/api/me/roles", map[string]string{"role": "ADMIN"}).
			wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		if r := me(t, portal, got.AccessToken).Roles; slices.Contains(r, "ADMIN") {
			t.Fatalf("ADMIN taken by oneself: %v", r)
		}
		ans = got
	})

	t.Run("logout with a Bearer token revokes the session", func(t *testing.T) {
		call(t, "POST", portal+"/api/auth/logout", nil, bearer(ans.AccessToken)).want(t, http.StatusNoContent)
		call(t, "GET", portal+"/api/me", nil, bearer(ans.AccessToken)).wantError(t, http.StatusUnauthorized, "UNAUTHENTICATED")
		// The browser of that session is signed out too: its cookies name a revoked session.
		if s := session(t, p, b); len(s) != 0 {
			t.Fatalf("session after logout: %v, want {}", s)
		}
	})

	t.Run("logout with cookies", func(t *testing.T) {
		c := browser(t)
		login(t, p, c, email)
		call(t, "POST", portal+"/api/auth/logout", nil, via(c)).wantError(t, http.StatusForbidden, "FORBIDDEN")
		if s := session(t, p, c); len(s) == 0 {
			t.Fatal("a logout refused for its missing CSRF token signed out anyway")
		}
		a := call(t, "POST", portal+"/api/auth/logout", nil, csrf(p, c)...).want(t, http.StatusNoContent)
		if !strings.Contains(strings.Join(a.Header.Values("Set-Cookie"), "\n"), "sl_session=;") {
			t.Errorf("logout did not clear the session cookie: %v", a.Header.Values("Set-Cookie"))
		}
		if v := cookie(c, portal, "sl_session"); v != "" {
			t.Errorf("the browser still holds a session cookie after logout")
		}
		if s := session(t, p, c); len(s) != 0 {
			t.Fatalf("session after logout: %v, want {}", s)
		}
	})
}

// verifyWithJWKS checks that the portal's published keys verify tok, a session token
// of user id, the way any service or outside party would check it.
func verifyWithJWKS(t *testing.T, p *platform, tok, id string) {
	t.Helper()
	var set struct {
		Keys []struct {
			Kty, Crv, X, Kid, Alg, Use string
		} `json:"keys"`
	}
	a := call(t, "GET", p.portal()+"/.well-known/jwks.json", nil).want(t, http.StatusOK)
	a.json(t, &set)
	var raw struct {
		Keys []map[string]any `json:"keys"`
	}
	a.json(t, &raw)
	for _, k := range raw.Keys {
		if _, private := k["d"]; private {
			t.Fatalf("the JWKS publishes a private key: %v", k)
		}
	}
	if len(set.Keys) == 0 {
		t.Fatal("the JWKS publishes no keys")
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(tok, claims, func(tk *jwt.Token) (any, error) {
		for _, k := range set.Keys {
			if k.Kid == tk.Header["kid"] && k.Kty == "OKP" && k.Crv == "Ed25519" {
				x, err := base64.RawURLEncoding.DecodeString(k.X)
				if err != nil || len(x) != ed25519.PublicKeySize {
					return nil, fmt.Errorf("key %s: bad x", k.Kid)
				}
				return ed25519.PublicKey(x), nil
			}
		}
		return nil, fmt.Errorf("no published key with kid %v", tk.Header["kid"])
	}, jwt.WithValidMethods([]string{"EdDSA"}), jwt.WithExpirationRequired())
	if err != nil {
		t.Fatalf("the JWKS does not verify the session token: %v", err)
	}
	if sub, _ := claims.GetSubject(); sub != id {
		t.Errorf("token subject %q, want the user id %q", sub, id)
	}
}

// forgedTokens are session tokens for u, with the portal's issuer, audience and
// published key id and an ADMIN role, that the portal never signed: one signed with
// another Ed25519 key, one with no signature at all ("alg":"none").
func forgedTokens(t *testing.T, p *platform, u *person) []string {
	t.Helper()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	call(t, "GET", p.portal()+"/.well-known/jwks.json", nil).want(t, http.StatusOK).json(t, &set)
	if len(set.Keys) == 0 {
		t.Fatal("the JWKS publishes no keys")
	}
	now := time.Now()
	claims := jwt.MapClaims{"iss": p.portal(), "aud": []string{"stepperslife"}, "sub": u.ID, "email": u.Email,
		"name": u.Name, "roles": []string{"USER", "ADMIN"}, "sid": "ses_forged",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	_, other, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signed := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	signed.Header["kid"] = set.Keys[0].Kid
	a, err := signed.SignedString(other)
	if err != nil {
		t.Fatal(err)
	}
	unsigned := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
	unsigned.Header["kid"] = set.Keys[0].Kid
	b, err := unsigned.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return []string{a, b}
}

func validFuture(s string) bool {
	ts, err := time.Parse(time.RFC3339, s)
	return err == nil && ts.After(time.Now())
}

// operatorFails runs `stepperslife ARGS…` that must fail with a message naming why.
func operatorFails(t *testing.T, p *platform, want string, args ...string) {
	t.Helper()
	cmd := exec.Command(p.bin, args...)
	cmd.Env = p.env["portal"]
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("stepperslife %s succeeded:\n%s", strings.Join(args, " "), out)
	}
	if !strings.Contains(string(out), want) {
		t.Errorf("stepperslife %s failed without saying %q:\n%s", strings.Join(args, " "), want, out)
	}
}
