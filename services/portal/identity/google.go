package identity

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/accounts"
)

// oauthCookie holds state, nonce, PKCE verifier and next between the redirect to
// Google and the way back.
const oauthCookie = "sl_oauth"

const oauthCookieTTL = 10 * time.Minute

// googleTimeout bounds each call to the provider (discovery, code exchange, keys).
// Without it the library falls back to a client that waits forever, and its key
// fetch runs detached from any request: one provider that stops answering would
// leave that fetch hanging for good, and every later Google sign-in waiting on it.
const googleTimeout = 10 * time.Second

// Google is sign-in with Google (any OpenID provider at GOOGLE_ISSUER_URL).
type Google struct {
	issuer       string
	clientID     string
	clientSecret string
	redirectURL  string
	// client makes every call to the provider; nil means one with googleTimeout.
	client *http.Client

	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// NewGoogle returns nil when Google sign-in is not configured. The provider is
// discovered on first use, so the portal starts while it is unreachable.
func NewGoogle(cfg config.Service) *Google {
	if cfg.Google.ClientID == "" {
		return nil
	}
	return &Google{issuer: cfg.Google.IssuerURL, clientID: cfg.Google.ClientID,
		clientSecret: cfg.Google.ClientSecret.Reveal(), redirectURL: cfg.NextAuthURL + "/api/auth/callback/google",
		client: &http.Client{Timeout: googleTimeout}}
}

// withClient makes the OpenID and OAuth libraries call the provider through g's
// bounded client.
func (g *Google) withClient(ctx context.Context) context.Context {
	c := g.client
	if c == nil {
		c = &http.Client{Timeout: googleTimeout}
	}
	return oidc.ClientContext(ctx, c)
}

func (g *Google) setup(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.oauth != nil {
		return g.oauth, g.verifier, nil
	}
	ctx, cancel := context.WithTimeout(g.withClient(ctx), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, g.issuer)
	if err != nil {
		return nil, nil, err
	}
	g.oauth = &oauth2.Config{ClientID: g.clientID, ClientSecret: g.clientSecret, Endpoint: p.Endpoint(),
		RedirectURL: g.redirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	// The verifier fetches the provider's keys itself, detached from any request,
	// through the bounded client.
	g.verifier = p.VerifierContext(g.withClient(context.Background()), &oidc.Config{ClientID: g.clientID})
	return g.oauth, g.verifier, nil
}

var errGoogleOff = errs.Errorf(errs.CodeNotFound, "Google sign-in is not configured.")

func (id *Identity) googleStart(w http.ResponseWriter, r *http.Request) {
	if id.Google == nil {
		web.WriteError(w, r, errGoogleOff)
		return
	}
	oc, _, err := id.Google.setup(r.Context())
	if err != nil {
		web.LoggerFrom(r.Context()).Error("google discovery", slog.String("error", err.Error()))
		id.render(w, r, http.StatusServiceUnavailable, "signin", pageData{Title: "Sign in",
			Error: "Google sign-in is unavailable right now. Use your e-mail and password, or try again later."})
		return
	}
	state, nonce, verifier := auth.NewCSRFToken(), auth.NewCSRFToken(), oauth2.GenerateVerifier()
	next := id.returnTo(r)
	c := id.Policy.HostCookie(oauthCookie, strings.Join([]string{state, nonce, verifier, next}, "|"), oauthCookieTTL)
	c.Path = "/api/auth/"
	http.SetCookie(w, c)
	noStore(w)
	http.Redirect(w, r, oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusSeeOther)
}

// googleClaims are the ID token claims sign-in uses.
type googleClaims struct {
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name"`
}

func (id *Identity) googleCallback(w http.ResponseWriter, r *http.Request) {
	if id.Google == nil {
		web.WriteError(w, r, errGoogleOff)
		return
	}
	gone := id.Policy.HostCookie(oauthCookie, "", -1)
	gone.Path = "/api/auth/"
	http.SetCookie(w, gone)
	next, err := id.googleSignIn(w, r)
	if err != nil {
		msg, status, _ := message(r, err)
		id.render(w, r, status, "signin", pageData{Title: "Sign in", Error: msg, Next: "/"})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

var errGoogleFailed = errs.Errorf(errs.CodeUnauthenticated, "Google sign-in did not complete. Please try again.")

func (id *Identity) googleSignIn(w http.ResponseWriter, r *http.Request) (string, error) {
	ctx := r.Context()
	log := web.LoggerFrom(ctx)
	c, err := r.Cookie(oauthCookie)
	if err != nil {
		return "", errGoogleFailed
	}
	parts := strings.SplitN(c.Value, "|", 4)
	q := r.URL.Query()
	if len(parts) != 4 || q.Get("state") == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(parts[0])) != 1 {
		return "", errGoogleFailed
	}
	if q.Get("error") != "" || q.Get("code") == "" {
		return "", errGoogleFailed
	}
	oc, verifier, err := id.Google.setup(ctx)
	if err != nil {
		return "", err
	}
	tok, err := oc.Exchange(id.Google.withClient(ctx), q.Get("code"), oauth2.VerifierOption(parts[2]))
	if err != nil {
		log.Warn("google code exchange", slog.String("error", err.Error()))
		return "", errGoogleFailed
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		log.Warn("google id token", slog.String("error", err.Error()))
		return "", errGoogleFailed
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(parts[1])) != 1 {
		return "", errGoogleFailed
	}
	var claims googleClaims
	if err := idt.Claims(&claims); err != nil {
		return "", errGoogleFailed
	}
	u, err := id.googleAccount(ctx, idt.Subject, claims)
	if err != nil {
		return "", err
	}
	if _, err := id.startSession(w, r, u); err != nil {
		return "", err
	}
	return id.Policy.SafeNext(parts[3], "/"), nil
}

// googleAccount finds the account of a Google subject, linking it to an existing
// account with the same e-mail only when Google has verified that e-mail; the link
// takes the account over from whoever registered the address. An account made or
// linked here has its address verified: Google vouched for it.
func (id *Identity) googleAccount(ctx context.Context, sub string, c googleClaims) (accounts.User, error) {
	if u, err := id.Accounts.UserByGoogle(ctx, sub); !errors.Is(err, accounts.ErrUserNotFound) {
		return u, err
	}
	email := accounts.NormalizeEmail(c.Email)
	if email == "" || !c.EmailVerified {
		return accounts.User{}, errs.Errorf(errs.CodeForbidden, "Your Google account has no verified e-mail address.")
	}
	u, passwordHash, err := id.Accounts.UserByEmail(ctx, email)
	switch {
	case err == nil:
		// Registering never proved the mailbox; Google just did. Whoever registered
		// the address first keeps nothing: the password goes and every session ends
		// before the link is made (the owner can set a password again by reset).
		if passwordHash != "" {
			if err := id.Accounts.SetPasswordHash(ctx, u.ID, ""); err != nil {
				return accounts.User{}, err
			}
			if _, err := id.Accounts.RevokeUserSessions(ctx, u.ID, ""); err != nil {
				return accounts.User{}, err
			}
		}
		if err := id.Accounts.LinkGoogle(ctx, u.ID, sub); err != nil {
			return accounts.User{}, err
		}
		if err := id.Accounts.MarkEmailVerified(ctx, u.ID); err != nil {
			return accounts.User{}, err
		}
		return id.Accounts.UserByID(ctx, u.ID)
	case !errors.Is(err, accounts.ErrUserNotFound):
		return accounts.User{}, err
	}
	name := strings.TrimSpace(c.Name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if len([]rune(name)) > accounts.MaxNameLen {
		name = string([]rune(name)[:accounts.MaxNameLen])
	}
	return id.Accounts.CreateGoogleUser(ctx, email, name, sub)
}
