// Package auth is how every service knows who is calling: the portal signs session
// tokens, every service verifies them with the portal's public keys.
package auth

import (
	"context"
	"net/http"
	"slices"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// Global roles of PRODUCT.md.
const (
	RoleAdmin           = "ADMIN"
	RoleUser            = "USER"
	RoleRestaurantOwner = "RESTAURANT_OWNER"
	RoleEventOrganizer  = "EVENT_ORGANIZER"
	RoleStoreOwner      = "STORE_OWNER"
	RoleInstructor      = "INSTRUCTOR"
	RoleServiceProvider = "SERVICE_PROVIDER"
	RoleMagazineWriter  = "MAGAZINE_WRITER"
)

// SelfAssignable are the owner roles a user may take on by themself.
var SelfAssignable = []string{RoleRestaurantOwner, RoleEventOrganizer, RoleStoreOwner,
	RoleInstructor, RoleServiceProvider, RoleMagazineWriter}

// User is the caller as a service sees them.
type User struct {
	ID    string   `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	// EmailVerified says the portal confirmed that the user receives mail at Email:
	// only then may a service grant rights by e-mail address (staff, team members).
	EmailVerified bool `json:"emailVerified"`
	// SessionID names the portal session the token belongs to.
	SessionID string `json:"-"`
}

// Has reports whether the user holds role.
func (u *User) Has(role string) bool { return u != nil && slices.Contains(u.Roles, role) }

// VerifiedEmail is the user's address in normal form when the portal saw them
// receive mail at it, else "". Rights granted by address (a team, door staff, a demo
// listing to claim) go only by it, so whoever registers an address first does not
// gain them.
func (u *User) VerifiedEmail() string {
	if u == nil || !u.EmailVerified {
		return ""
	}
	email, err := emailaddr.Normalize(u.Email)
	if err != nil {
		return ""
	}
	return email
}

type userKey struct{}

// WithUser stores the verified caller in ctx.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// FromContext returns the verified caller, if any.
func FromContext(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(userKey{}).(*User)
	return u, ok && u != nil
}

// Verifier finds the caller of a request. It returns nil and no error when the
// request carries no credentials, and an error when it carries bad ones.
type Verifier interface {
	Verify(r *http.Request) (*User, error)
}

// Middleware puts the verified caller, if any, in the request context. A request with
// bad credentials goes on as anonymous: routes that need a user refuse it.
func Middleware(v Verifier, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, err := v.Verify(r); err == nil && u != nil {
			r = r.WithContext(WithUser(r.Context(), u))
		}
		next.ServeHTTP(w, r)
	})
}

// ErrUnauthenticated answers a request that needs a signed-in user.
var ErrUnauthenticated = errs.Errorf(errs.CodeUnauthenticated, "Sign in to continue.")

// ErrForbidden answers a signed-in user who lacks the role a route needs.
var ErrForbidden = errs.Errorf(errs.CodeForbidden, "You do not have permission to do that.")

// RequireUser refuses anonymous callers with 401.
func RequireUser(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := FromContext(r.Context()); !ok {
			web.WriteError(w, r, ErrUnauthenticated)
			return
		}
		h(w, r)
	}
}

// RequireRole refuses callers who hold none of roles (401 anonymous, 403 otherwise).
func RequireRole(h http.HandlerFunc, roles ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := FromContext(r.Context())
		if !ok {
			web.WriteError(w, r, ErrUnauthenticated)
			return
		}
		for _, role := range roles {
			if u.Has(role) {
				h(w, r)
				return
			}
		}
		web.WriteError(w, r, ErrForbidden)
	}
}

// Me answers GET /api/me.
func Me(w http.ResponseWriter, r *http.Request) {
	u, ok := FromContext(r.Context())
	if !ok {
		web.WriteError(w, r, ErrUnauthenticated)
		return
	}
	roles := u.Roles
	if roles == nil {
		roles = []string{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"id": u.ID, "email": u.Email, "name": u.Name, "roles": roles})
}

// Anonymous is the verifier of a service that accepts no credentials yet.
type Anonymous struct{}

// Verify finds no caller.
func (Anonymous) Verify(*http.Request) (*User, error) { return nil, nil }
