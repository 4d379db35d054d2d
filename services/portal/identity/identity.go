// Package identity is the portal's sign-in: the Identity API of the contract, the
// account pages, session cookies and token renewal, password-reset mail and Google
// sign-in. Tokens are signed here and nowhere else.
package identity

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/loop"
	"stepperslife/services/portal/accounts"
	"stepperslife/services/portal/keys"
)

// Options are what the identity handlers need.
type Options struct {
	Accounts *accounts.Service
	Keys     *keys.Keyring
	Policy   auth.Policy // the portal's own policy; Policy.PortalURL is the issuer
	Log      *slog.Logger
	// Mailer sends reset links and wakes the outbox for queued mail; nil: reset
	// links cannot be sent and queued mail waits (logged in dev by LogMailer).
	Mailer Mailer
	Google *Google // nil: Google sign-in is off
	Limits Limits
	// DB, when it is PostgreSQL, keeps the sign-in and registration limits so every
	// portal replica counts the same attempts; otherwise they are kept in memory.
	DB *db.DB
	// Secret keys the device cookies that exempt an owner's browsers from lockout;
	// without it no browser is recognised.
	Secret []byte
}

// Identity serves sign-in and the account pages.
type Identity struct {
	Options
	verifier *auth.TokenVerifier
	limits   *limiters
	devices  devices
	pages    *pages
	// background holds reset mails still being made after their request answered.
	background sync.WaitGroup
}

// New assembles the identity handlers.
func New(o Options) *Identity {
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits
	}
	v := auth.NewTokenVerifier(o.Policy.PortalURL, o.Keys)
	v.Check = o.Accounts.CheckToken
	return &Identity{Options: o, verifier: v, limits: newLimiters(o.Limits, o.DB), devices: newDevices(o.Secret), pages: loadPages()}
}

// limitPurgeEvery is how often old events of the shared limits are dropped.
const limitPurgeEvery = 10 * time.Minute

// PurgeLimits drops the shared limits' events that left their windows, now and then
// periodically, until ctx ends; with the limits in memory it has nothing to do.
func (id *Identity) PurgeLimits(ctx context.Context) {
	if len(id.limits.shared) == 0 {
		return
	}
	loop.Run(ctx, limitPurgeEvery, loop.Kick{}, func(ctx context.Context) {
		if err := id.limits.purge(ctx); err != nil && ctx.Err() == nil {
			id.Log.Error("rate limit purge", slog.String("error", err.Error()))
		}
	})
}

// Verifier is the portal's own verifier: its keys are local, and a revoked session's
// tokens stop working at once here (services learn of it from /api/auth/revocations
// within seconds).
func (id *Identity) Verifier() auth.Verifier { return id.verifier }

// Wait returns once the reset mails still being sent in the background are done; the
// portal calls it before it closes the database they write to.
func (id *Identity) Wait() { id.background.Wait() }

// Mount registers the Identity API and the account pages.
func (id *Identity) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET "+auth.JWKSPath, id.jwks)
	mux.HandleFunc("GET "+auth.RevocationsPath, id.revocations)
	mux.HandleFunc("POST /api/auth/register", id.apiRegister)
	mux.HandleFunc("POST /api/auth/login", id.apiLogin)
	mux.HandleFunc("POST /api/auth/logout", id.apiLogout)
	mux.HandleFunc("GET /api/auth/session", id.apiSession)
	mux.HandleFunc("GET "+auth.RefreshPath, id.refreshRedirect)
	mux.HandleFunc("POST "+auth.RefreshPath, id.apiRefresh)
	mux.HandleFunc("POST /api/auth/reset", id.apiResetRequest)
	mux.HandleFunc("POST /api/auth/reset/confirm", id.apiResetConfirm)
	mux.HandleFunc("POST /api/me/roles", auth.RequireUser(id.apiTakeRole))
	mux.HandleFunc("PATCH /api/me/profile", auth.RequireUser(id.apiProfile))
	mux.HandleFunc("POST /api/me/password", auth.RequireUser(id.apiPassword))
	mux.HandleFunc("GET /api/me/sessions", auth.RequireUser(id.apiSessions))
	mux.HandleFunc("DELETE /api/me/sessions", auth.RequireUser(id.apiSignOutEverywhere))
	mux.HandleFunc("POST /api/admin/users/{id}/roles", auth.RequireRole(id.apiAdminGrant, auth.RoleAdmin))
	mux.HandleFunc("DELETE /api/admin/users/{id}/roles/{role}", auth.RequireRole(id.apiAdminRevoke, auth.RoleAdmin))
	mux.HandleFunc("GET /api/auth/signin/google", id.googleStart)
	mux.HandleFunc("GET /api/auth/callback/google", id.googleCallback)

	mux.HandleFunc("GET /signin", id.signinPage)
	mux.HandleFunc("POST /signin", id.signinSubmit)
	mux.HandleFunc("GET /register", id.registerPage)
	mux.HandleFunc("POST /register", id.registerSubmit)
	mux.HandleFunc("GET /reset", id.resetPage)
	mux.HandleFunc("POST /reset", id.resetSubmit)
	mux.HandleFunc("GET /signout", id.signoutPage)
	mux.HandleFunc("POST /signout", id.signoutSubmit)
	mux.HandleFunc("GET /account", id.accountPage)
	mux.HandleFunc("POST /account/profile", id.accountProfile)
	mux.HandleFunc("POST /account/password", id.accountPassword)
	mux.HandleFunc("POST /account/roles", id.accountRole)
	mux.HandleFunc("POST /account/sessions/revoke-all", id.accountSignOutEverywhere)
	mux.HandleFunc("POST /account/verification", id.accountResendVerification)
	mux.HandleFunc("GET /verify", id.verifyPage)
	mux.HandleFunc("POST /verify", id.verifySubmit)
}

func noStore(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }

// now is the clock of token issuing.
var now = time.Now
