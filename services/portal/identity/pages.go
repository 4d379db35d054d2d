package identity

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/accounts"
)

//go:embed templates/*.html
var templateFS embed.FS

type pages struct{ t *ui.Templates }

func loadPages() *pages {
	t, err := ui.Parse(templateFS, "templates/*.html")
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a build error
	}
	return &pages{t: t}
}

// pageData is what every page template sees.
type pageData struct {
	Title      string
	CSRF       string
	User       *auth.User
	Error      string
	Notice     string
	Next       string
	Email      string
	Name       string
	Fields     map[string]string
	Google     bool
	ResetToken string
	// VerifyToken is the token of the e-mail verification link being followed.
	VerifyToken string
	Done        bool
	Account     accounts.User
	Offers      []roleOffer // roles to take now
	SoonOffers  []roleOffer // roles of parts not open yet
	Sessions    []sessionView
}

func (id *Identity) render(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) {
	csrf := id.ensureCSRF(w, r)
	d.Google = id.Google != nil
	w.Header().Set("Cache-Control", "no-store")
	id.pages.t.Render(w, r, status, name+".html", ui.View{Title: d.Title, Service: "portal",
		PortalURL: id.Policy.PortalURL, User: d.User, CSRF: csrf, Flash: d.Notice, Data: d})
}

// nextOf reads and checks ?next= (or the form's next field).
func (id *Identity) nextOf(r *http.Request, fallback string) string {
	return id.Policy.SafeNext(r.FormValue("next"), fallback)
}

// returnTo is where signing in (or registering) leads: the next the link carried,
// else the page of ours the browser came from, else the home page, so a person is
// back where they were rather than on their account page.
func (id *Identity) returnTo(r *http.Request) string {
	if next := id.nextOf(r, ""); next != "" {
		return next
	}
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host == "" || slices.Contains(identityPages, ref.Path) && ref.Host == r.Host {
		return "/"
	}
	return id.Policy.SafeNext(ref.String(), "/")
}

// identityPages are the sign-in pages themselves: coming back to one is no return.
var identityPages = []string{auth.SignInPath, "/register", "/reset", "/verify", "/signout"}

func signinURL(next string) string {
	if next == "" || next == "/" {
		return auth.SignInPath
	}
	return auth.SignInPath + "?next=" + url.QueryEscape(next)
}

// message is the person-readable text of err; internal errors are logged.
func message(r *http.Request, err error) (string, int, map[string]string) {
	var e *errs.Error
	if errors.As(err, &e) {
		fields := map[string]string{}
		if f, ok := e.Details["fields"].(map[string]any); ok {
			for k, v := range f {
				fields[k], _ = v.(string)
			}
		}
		return e.Message, web.Status(e), fields
	}
	web.LoggerFrom(r.Context()).Error("page", slog.String("error", err.Error()))
	return "Something went wrong on our side. Please try again.", http.StatusInternalServerError, nil
}

func (id *Identity) signinPage(w http.ResponseWriter, r *http.Request) {
	next := id.returnTo(r)
	if _, r2, ok := id.currentUser(w, r); ok {
		http.Redirect(w, r2, next, http.StatusSeeOther)
		return
	}
	id.render(w, r, http.StatusOK, "signin", pageData{Title: "Sign in", Next: next})
}

func (id *Identity) signinSubmit(w http.ResponseWriter, r *http.Request) {
	next := id.nextOf(r, "/")
	c := credentials{Email: r.PostFormValue("email"), Password: r.PostFormValue("password")}
	if _, err := id.signIn(w, r, c); err != nil {
		msg, status, _ := message(r, err)
		id.render(w, r, status, "signin", pageData{Title: "Sign in", Next: next, Email: c.Email, Error: msg})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (id *Identity) registerPage(w http.ResponseWriter, r *http.Request) {
	id.render(w, r, http.StatusOK, "register", pageData{Title: "Create your account", Next: id.returnTo(r)})
}

func (id *Identity) registerSubmit(w http.ResponseWriter, r *http.Request) {
	next := id.nextOf(r, "/")
	reg := accounts.Registration{Email: r.PostFormValue("email"), Password: r.PostFormValue("password"), Name: r.PostFormValue("name")}
	u, err := id.register(w, r, reg)
	if err != nil {
		msg, status, fields := message(r, err)
		id.render(w, r, status, "register", pageData{Title: "Create your account", Next: next,
			Email: reg.Email, Name: reg.Name, Error: msg, Fields: fields})
		return
	}
	// The same page, and no session, whether the address had an account or not:
	// signing a new account in at once would tell the two apart.
	id.render(w, r, http.StatusOK, "register", pageData{Title: "Check your e-mail", Next: next, Email: u.Email, Done: true})
}

func (id *Identity) resetPage(w http.ResponseWriter, r *http.Request) {
	id.render(w, r, http.StatusOK, "reset", pageData{Title: "Reset your password", ResetToken: r.URL.Query().Get("token")})
}

func (id *Identity) resetSubmit(w http.ResponseWriter, r *http.Request) {
	d := pageData{Title: "Reset your password"}
	if token := r.PostFormValue("token"); token != "" {
		if err := id.resetPassword(w, r, token, r.PostFormValue("password")); err != nil {
			msg, status, fields := message(r, err)
			if p := fields["password"]; p != "" {
				msg = "The new password " + p + "."
			}
			d.Error, d.ResetToken = msg, token
			if errors.Is(err, accounts.ErrBadResetToken) {
				d.ResetToken = ""
			}
			id.render(w, r, status, "reset", d)
			return
		}
		id.render(w, r, http.StatusOK, "signin", pageData{Title: "Sign in", Next: "/",
			Notice: "Your password is changed. Sign in with the new one."})
		return
	}
	d.Email = r.PostFormValue("email")
	if err := id.requestReset(w, r, d.Email); err != nil {
		msg, status, _ := message(r, err)
		d.Error = msg
		id.render(w, r, status, "reset", d)
		return
	}
	d.Done, d.Notice = true, "If an account has this e-mail, a reset link is on its way. It works for one hour."
	id.render(w, r, http.StatusOK, "reset", d)
}

// signoutPage asks a signed-in browser to confirm, for a sign-out link followed
// from anywhere (a sign-out must be a POST with the page's token); a signed-out one
// goes on at once.
func (id *Identity) signoutPage(w http.ResponseWriter, r *http.Request) {
	next := id.nextOf(r, "/")
	u, r2, ok := id.currentUser(w, r)
	if !ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	id.render(w, r2, http.StatusOK, "signout", pageData{Title: "Sign out", User: u, Next: next})
}

// signoutSubmit ends the session and goes on to next (the page the person signed
// out from, on any of our sites), else to the sign-in page.
func (id *Identity) signoutSubmit(w http.ResponseWriter, r *http.Request) {
	id.endSession(r)
	id.clearSession(w)
	noStore(w)
	http.Redirect(w, r, id.nextOf(r, auth.SignInPath), http.StatusSeeOther)
}

// accountUser is the signed-in caller of an account page, renewing in-line; nil
// means the browser was sent to sign in.
func (id *Identity) accountUser(w http.ResponseWriter, r *http.Request) (*auth.User, *http.Request) {
	u, r2, ok := id.currentUser(w, r)
	if !ok {
		http.Redirect(w, r, signinURL("/account"), http.StatusSeeOther)
		return nil, r
	}
	return u, r2
}

func (id *Identity) accountPage(w http.ResponseWriter, r *http.Request) {
	u, r := id.accountUser(w, r)
	if u == nil {
		return
	}
	id.showAccount(w, r, u, http.StatusOK, r.URL.Query().Get("notice"), "")
}

var notices = map[string]string{
	"profile": "Your name is saved.", "password": "Your password is changed; other devices were signed out.",
	"role":         "Your new role is active.",
	"verification": "A new verification link is on its way to your e-mail address. It works for 24 hours.",
	"verified":     "Your e-mail address is verified.",
}

func (id *Identity) showAccount(w http.ResponseWriter, r *http.Request, u *auth.User, status int, notice, errMsg string) {
	acct, err := id.Accounts.UserByID(r.Context(), u.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	list, err := id.Accounts.Sessions(r.Context(), u.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	if acct.EmailVerified && !u.EmailVerified {
		// Verified since this token was issued (from another browser, say): the
		// token catches up, so the services see it too.
		if ans, err := id.reissue(r.Context(), w, r, u); err == nil {
			u = ans.User
		}
	}
	d := pageData{Title: "Your account", User: u, Account: acct, Notice: notices[notice], Error: errMsg}
	d.Offers, d.SoonOffers = roleOffers(acct.Roles)
	d.Sessions = sessionViews(list, u.SessionID, now())
	id.render(w, r, status, "account", d)
}

// accountAction runs a form action of the account page and shows the outcome.
func (id *Identity) accountAction(w http.ResponseWriter, r *http.Request, notice string, act func(u *auth.User) error) {
	id.accountOutcome(w, r, func(u *auth.User) (string, error) { return notice, act(u) })
}

// accountOutcome is accountAction whose act names the notice shown.
func (id *Identity) accountOutcome(w http.ResponseWriter, r *http.Request, act func(u *auth.User) (string, error)) {
	u, r := id.accountUser(w, r)
	if u == nil {
		return
	}
	notice, err := act(u)
	if err != nil {
		msg, status, fields := message(r, err)
		id.showAccount(w, r, u, status, "", msg+fieldProblems(fields))
		return
	}
	if _, err := id.reissue(r.Context(), w, r, u); err != nil {
		web.WriteError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?notice="+notice, http.StatusSeeOther)
}

func (id *Identity) accountProfile(w http.ResponseWriter, r *http.Request) {
	id.accountAction(w, r, "profile", func(u *auth.User) error {
		_, err := id.Accounts.UpdateName(r.Context(), u.ID, r.PostFormValue("name"))
		return err
	})
}

func (id *Identity) accountPassword(w http.ResponseWriter, r *http.Request) {
	id.accountAction(w, r, "password", func(u *auth.User) error {
		return id.changePassword(w, r, u, r.PostFormValue("currentPassword"), r.PostFormValue("newPassword"))
	})
}

func (id *Identity) accountRole(w http.ResponseWriter, r *http.Request) {
	id.accountAction(w, r, "role", func(u *auth.User) error {
		_, err := id.Accounts.TakeRole(r.Context(), u.ID, r.PostFormValue("role"))
		return err
	})
}

func (id *Identity) accountSignOutEverywhere(w http.ResponseWriter, r *http.Request) {
	u, r := id.accountUser(w, r)
	if u == nil {
		return
	}
	if _, err := id.Accounts.RevokeUserSessions(r.Context(), u.ID, ""); err != nil {
		web.WriteError(w, r, err)
		return
	}
	id.clearSession(w)
	http.Redirect(w, r, auth.SignInPath, http.StatusSeeOther)
}
