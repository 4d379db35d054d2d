package identity

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/accounts"
)

func (id *Identity) jwks(w http.ResponseWriter, r *http.Request) {
	// Short caching: services refetch on an unknown kid anyway.
	w.Header().Set("Cache-Control", "public, max-age=300")
	web.WriteJSON(w, http.StatusOK, id.Keys.JWKS())
}

func (id *Identity) apiRegister(w http.ResponseWriter, r *http.Request) {
	var reg accounts.Registration
	if err := web.DecodeJSON(r, &reg); err != nil {
		web.WriteError(w, r, err)
		return
	}
	u, err := id.register(w, r, reg)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	// 201 with a user either way: a taken address gets a stand-in (see
	// accounts.SignUp), so the answer does not tell who has an account.
	web.WriteJSON(w, http.StatusCreated, map[string]any{"user": u.Auth("")})
}

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (id *Identity) apiLogin(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if err := web.DecodeJSON(r, &c); err != nil {
		web.WriteError(w, r, err)
		return
	}
	ans, err := id.signIn(w, r, c)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	noStore(w)
	web.WriteJSON(w, http.StatusOK, ans)
}

// signIn checks credentials under the rate limits and starts a session.
func (id *Identity) signIn(w http.ResponseWriter, r *http.Request, c credentials) (LoginAnswer, error) {
	email, ip := accounts.NormalizeEmail(c.Email), clientIP(r)
	device := id.devices.recognise(r, email, now())
	if err := id.limits.beforeSignIn(r.Context(), w, ip, email, device); err != nil {
		return LoginAnswer{}, err
	}
	u, err := id.Accounts.Authenticate(r.Context(), email, c.Password)
	if errors.Is(err, accounts.ErrInvalidCredentials) {
		if lerr := id.limits.signInFailed(r.Context(), ip, email, device); lerr != nil {
			return LoginAnswer{}, lerr
		}
		return LoginAnswer{}, err
	}
	if err != nil {
		return LoginAnswer{}, err
	}
	if err := id.limits.signInSucceeded(r.Context(), email, device); err != nil {
		return LoginAnswer{}, err
	}
	if v := id.devices.issue(email, device, now()); v != "" {
		http.SetCookie(w, id.Policy.HostCookie(DeviceCookie, v, deviceTTL))
	}
	return id.startSession(w, r, u)
}

func (id *Identity) apiLogout(w http.ResponseWriter, r *http.Request) {
	id.endSession(r)
	id.clearSession(w)
	w.WriteHeader(http.StatusNoContent)
}

// endSession revokes the caller's session, found from the token or the refresh cookie.
func (id *Identity) endSession(r *http.Request) {
	ctx := r.Context()
	if u, ok := auth.FromContext(ctx); ok {
		id.revoke(ctx, u.ID, u.SessionID)
		return
	}
	if c, err := r.Cookie(auth.RefreshCookie); err == nil {
		if sess, err := id.Accounts.RenewSession(ctx, c.Value); err == nil {
			id.revoke(ctx, sess.UserID, sess.ID)
		}
	}
}

func (id *Identity) revoke(ctx context.Context, userID, sid string) {
	if err := id.Accounts.RevokeSession(ctx, userID, sid); err != nil {
		web.LoggerFrom(ctx).Error("sign out", slog.String("error", err.Error()))
	}
}

// sessionAnswer is NextAuth's session shape.
type sessionAnswer struct {
	User    *auth.User `json:"user"`
	Expires time.Time  `json:"expires"`
}

func (id *Identity) apiSession(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	u, r, ok := id.currentUser(w, r)
	if !ok {
		web.WriteJSON(w, http.StatusOK, struct{}{})
		return
	}
	sessions, err := id.Accounts.Sessions(r.Context(), u.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	ans := sessionAnswer{User: u}
	for _, s := range sessions {
		if s.ID == u.SessionID {
			ans.Expires = s.ExpiresAt
		}
	}
	if ans.Expires.IsZero() {
		web.WriteJSON(w, http.StatusOK, struct{}{})
		return
	}
	web.WriteJSON(w, http.StatusOK, ans)
}

// refreshRedirect is where a service's page guard sends a browser whose token is
// missing or expired: renew and go back, or sign in first.
func (id *Identity) refreshRedirect(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	next := id.Policy.SafeNext(r.URL.Query().Get("next"), "/")
	if c, err := r.Cookie(auth.RefreshCookie); err == nil {
		sid, _, _ := strings.Cut(c.Value, ".")
		if ok, retry := id.limits.renewals.Allow(sid); !ok {
			msg, _, _ := message(r, rateLimited(w, retry))
			id.render(w, r, http.StatusTooManyRequests, "signin", pageData{Title: "Sign in", Next: next,
				Error: "You are signed in here, but the site you came from does not receive your session. " +
					"Check that cookies are allowed for it. " + msg})
			return
		}
	}
	if _, err := id.renew(w, r); err != nil {
		if !errors.Is(err, accounts.ErrNoSession) {
			web.LoggerFrom(r.Context()).Error("renew", slog.String("error", err.Error()))
		}
		http.Redirect(w, r, signinURL(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (id *Identity) apiRefresh(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	ans, err := id.renew(w, r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, ans)
}

type resetRequest struct {
	Email string `json:"email"`
}

func (id *Identity) apiResetRequest(w http.ResponseWriter, r *http.Request) {
	var req resetRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	if err := id.requestReset(w, r, req.Email); err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusAccepted, map[string]string{"status": "If an account has this e-mail, a reset link is on its way."})
}

// requestReset mails a reset link when the account exists; the answer is the same
// either way, so it does not reveal which e-mails have accounts.
func (id *Identity) requestReset(w http.ResponseWriter, r *http.Request, email string) error {
	email = accounts.NormalizeEmail(email)
	if email == "" {
		return errs.Invalid(map[string]string{"email": "must be an e-mail address"})
	}
	if err := id.limits.signup(r.Context(), w, clientIP(r), email); err != nil {
		return err
	}
	u, _, err := id.Accounts.UserByEmail(r.Context(), email)
	if errors.Is(err, accounts.ErrUserNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if id.Mailer == nil {
		web.LoggerFrom(r.Context()).Warn("password reset asked but no SMTP server is configured")
		return nil
	}
	// The link is made and queued after the answer: the time its writes take, or
	// that they fail, would otherwise tell a stranger that this e-mail has an account.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), resetMailTimeout)
	id.background.Go(func() {
		defer cancel()
		id.mailReset(ctx, u)
	})
	return nil
}

// resetMailTimeout bounds making and queueing one reset link in the background.
const resetMailTimeout = 30 * time.Second

func (id *Identity) mailReset(ctx context.Context, u accounts.User) {
	log := web.LoggerFrom(ctx)
	token, err := id.Accounts.CreateReset(ctx, u.ID)
	if err != nil {
		log.Error("password reset link", slog.String("error", err.Error()))
		return
	}
	// The link's token is stored before its mail is queued: a mail never names a
	// token that does not exist, and a token whose mail failed to queue expires unused.
	link := id.Policy.PortalURL + "/reset?token=" + token
	body := "Hello " + u.Name + ",\n\nSomeone (hopefully you) asked to reset the password of your SteppersLife account.\n" +
		"Choose a new password here within the hour:\n\n" + link + "\n\nIf it was not you, ignore this e-mail; your password stays as it is.\n"
	if err := id.Mailer.Send(ctx, u.Email, "Reset your SteppersLife password", body); err != nil {
		log.Error("password reset mail", slog.String("error", err.Error()))
	}
}

type resetConfirm struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (id *Identity) apiResetConfirm(w http.ResponseWriter, r *http.Request) {
	var req resetConfirm
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	if err := id.resetPassword(w, r, req.Token, req.Password); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// resetPassword spends a reset link. It is rate limited like sign-in: the new
// password is hashed before the link is checked, so without a limit anyone could
// make the portal hash as fast as they can send made-up links.
func (id *Identity) resetPassword(w http.ResponseWriter, r *http.Request, token, password string) error {
	if err := id.limits.hashing(r.Context(), w, clientIP(r)); err != nil {
		return err
	}
	return id.Accounts.ResetPassword(r.Context(), token, password)
}

// changePassword checks the current password and hashes the new one: two hashes, so
// it counts against the same limit.
func (id *Identity) changePassword(w http.ResponseWriter, r *http.Request, u *auth.User, current, next string) error {
	if err := id.limits.hashing(r.Context(), w, clientIP(r)); err != nil {
		return err
	}
	return id.Accounts.ChangePassword(r.Context(), u.ID, u.SessionID, current, next)
}

type roleRequest struct {
	Role string `json:"role"`
}

func (id *Identity) apiTakeRole(w http.ResponseWriter, r *http.Request) {
	var req roleRequest
	id.changeAndReissue(w, r, &req, func(u *auth.User) error {
		_, err := id.Accounts.TakeRole(r.Context(), u.ID, req.Role)
		return err
	})
}

type profileRequest struct {
	Name string `json:"name"`
}

func (id *Identity) apiProfile(w http.ResponseWriter, r *http.Request) {
	var req profileRequest
	id.changeAndReissue(w, r, &req, func(u *auth.User) error {
		_, err := id.Accounts.UpdateName(r.Context(), u.ID, req.Name)
		return err
	})
}

// changeAndReissue reads the body into req, applies change to the signed-in user and
// answers like login with a fresh token, so the change shows at once.
func (id *Identity) changeAndReissue(w http.ResponseWriter, r *http.Request, req any, change func(u *auth.User) error) {
	u, _ := auth.FromContext(r.Context())
	if err := web.DecodeJSON(r, req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	if err := change(u); err != nil {
		web.WriteError(w, r, err)
		return
	}
	ans, err := id.reissue(r.Context(), w, r, u)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	noStore(w)
	web.WriteJSON(w, http.StatusOK, ans)
}

type passwordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

func (id *Identity) apiPassword(w http.ResponseWriter, r *http.Request) {
	u, _ := auth.FromContext(r.Context())
	var req passwordRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	if err := id.changePassword(w, r, u, req.CurrentPassword, req.NewPassword); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (id *Identity) apiSessions(w http.ResponseWriter, r *http.Request) {
	u, _ := auth.FromContext(r.Context())
	list, err := id.Accounts.Sessions(r.Context(), u.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	type item struct {
		accounts.Session
		Current bool `json:"current"`
	}
	items := make([]item, len(list))
	for i, s := range list {
		items[i] = item{Session: s, Current: s.ID == u.SessionID}
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

// apiSignOutEverywhere ends every session of the caller, this one included.
func (id *Identity) apiSignOutEverywhere(w http.ResponseWriter, r *http.Request) {
	u, _ := auth.FromContext(r.Context())
	if _, err := id.Accounts.RevokeUserSessions(r.Context(), u.ID, ""); err != nil {
		web.WriteError(w, r, err)
		return
	}
	id.clearSession(w)
	w.WriteHeader(http.StatusNoContent)
}

// adminRoleRequest is the body of POST /api/admin/users/{id}/roles: the role and,
// optionally, why (kept in the audit trail).
type adminRoleRequest struct {
	Role   string `json:"role"`
	Reason string `json:"reason"`
}

func (id *Identity) apiAdminGrant(w http.ResponseWriter, r *http.Request) {
	var req adminRoleRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	id.adminSetRole(w, r, req.Role, true, req.Reason)
}

// apiAdminRevoke takes a role; the reason may come in an optional JSON body
// {"reason"} or as ?reason=.
func (id *Identity) apiAdminRevoke(w http.ResponseWriter, r *http.Request) {
	reason, err := audit.ReasonFrom(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	id.adminSetRole(w, r, r.PathValue("role"), false, reason)
}

func (id *Identity) adminSetRole(w http.ResponseWriter, r *http.Request, role string, on bool, reason string) {
	admin, _ := auth.FromContext(r.Context())
	u, err := id.Accounts.ChangeRole(r.Context(), audit.ActorOf(admin), r.PathValue("id"), role, on, reason)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.LoggerFrom(r.Context()).Info("role changed", slog.String("admin", admin.ID), slog.String("user", u.ID),
		slog.String("role", role), slog.Bool("granted", on))
	web.WriteJSON(w, http.StatusOK, map[string]any{"user": u.Auth("")})
}
