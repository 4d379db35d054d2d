package auth

import (
	"context"
	"net/http"
	"net/url"

	"stepperslife/internal/kit/web"
)

type policyKey struct{}

// Protect is the kit's identity middleware: it finds the caller (bad credentials go
// on as anonymous), refuses cookie-authenticated changes that fail the CSRF check,
// makes sure signed-in browsers hold a CSRF token, and leaves p in the context for
// RequirePage.
func Protect(p Policy, v Verifier, next http.Handler) http.Handler {
	kept := &p // in the context by pointer: a Policy there would be copied each request
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), policyKey{}, kept)
		r = r.WithContext(ctx)
		if err := CheckCSRF(p, r); err != nil {
			web.WriteError(w, r, err)
			return
		}
		if u, err := v.Verify(r); err == nil && u != nil {
			r = r.WithContext(WithUser(r.Context(), u))
			if CSRFToken(r) == "" && !IsBearer(r) {
				tok := NewCSRFToken()
				http.SetCookie(w, p.SharedCookie(CSRFCookie, tok, CSRFCookieTTL, false))
				r.AddCookie(&http.Cookie{Name: CSRFCookie, Value: tok})
			}
		}
		next.ServeHTTP(w, r)
	})
}

// PolicyFromContext returns the policy Protect stored.
func PolicyFromContext(ctx context.Context) (Policy, bool) {
	p, ok := ctx.Value(policyKey{}).(*Policy)
	if !ok {
		return Policy{}, false
	}
	return *p, true
}

// RequirePage guards a page (a dashboard) for browsers. A caller without a valid
// token is sent to the portal to renew it (the portal sends them on to sign in when
// their session is gone) and comes back to the same address afterwards.
func RequirePage(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := FromContext(r.Context()); ok {
			h(w, r)
			return
		}
		p, ok := PolicyFromContext(r.Context())
		if !ok || p.PortalURL == "" {
			web.WriteError(w, r, ErrUnauthenticated)
			return
		}
		back := p.PublicURL + r.URL.RequestURI()
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, p.PortalURL+RefreshPath+"?next="+url.QueryEscape(back), http.StatusSeeOther)
	}
}

// RequirePageRole is RequirePage that also needs one of roles (403 otherwise).
func RequirePageRole(h http.HandlerFunc, roles ...string) http.HandlerFunc {
	return RequirePage(RequireRole(h, roles...))
}
