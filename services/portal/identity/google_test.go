package identity

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// TestGoogleProviderThatHangsFailsTheSignIn: a provider that stops answering must
// make the callback fail, not hold it (and the portal's goroutine) for as long as the
// browser waits; before the bounded client it waited forever.
func TestGoogleProviderThatHangsFailsTheSignIn(t *testing.T) {
	stop := make(chan struct{})
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": base, "authorization_endpoint": base + "/authorize",
			"token_endpoint": base + "/token", "jwks_uri": base + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}
	mux.HandleFunc("POST /token", hang)
	mux.HandleFunc("GET /jwks", hang)
	provider := httptest.NewServer(mux)
	base = provider.URL
	t.Cleanup(func() { close(stop); provider.Close() })

	id, h := newTestIdentity(t, DefaultLimits)
	id.Google = &Google{issuer: base, clientID: "c", clientSecret: "s", redirectURL: "http://portal.test/api/auth/callback/google",
		client: &http.Client{Timeout: 50 * time.Millisecond}} // only how soon the test ends; nothing is timed

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://portal.test/api/auth/signin/google", nil))
	loc, err := url.Parse(w.Header().Get("Location"))
	if w.Code != http.StatusSeeOther || err != nil {
		t.Fatalf("start: %d %q", w.Code, w.Header().Get("Location"))
	}
	cb := httptest.NewRequest(http.MethodGet, "http://portal.test/api/auth/callback/google?code=abc&state="+
		url.QueryEscape(loc.Query().Get("state")), nil)
	for _, c := range w.Result().Cookies() {
		cb.AddCookie(c)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, cb) // the request's context never ends: only the client's bound can end the call
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("callback with a silent provider: %d", w.Code)
	}
}
