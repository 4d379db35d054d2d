package desk

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/accounts"
)

type usersView struct {
	Query   string
	Found   []accounts.User
	Error   string
	Limited bool // as many as FindUsers lists: there may be more
}

// usersPage finds people by e-mail or name.
func (d *Desk) usersPage(w http.ResponseWriter, r *http.Request) {
	v := usersView{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	status := http.StatusOK
	if v.Query != "" {
		var err error
		v.Found, err = d.accounts.FindUsers(r.Context(), v.Query)
		if err != nil {
			if v.Error, status = trouble(err); status == 0 {
				web.WriteError(w, r, err)
				return
			}
		}
		v.Limited = len(v.Found) == accounts.MaxFound
	}
	d.render(w, r, status, "users.html", "People and roles", v)
}

type userView struct {
	Account  accounts.User
	Self     bool          // the admin looking is this user
	Held     []string      // grantable roles the user holds
	Offer    []string      // grantable roles the user does not hold
	Changes  []audit.Entry // role changes, newest first
	Error    string        // what went wrong with the last form
	Failed   string        // which form: "grant" or the role being revoked
	Reason   string        // what the admin wrote, kept for another try
	Role     string        // the role chosen in the failed grant
	Operator string        // the operator's actor id, for the trail's words
}

func (d *Desk) userPage(w http.ResponseWriter, r *http.Request) {
	d.renderUser(w, r, http.StatusOK, userView{})
}

// renderUser shows one user's roles and role changes, with what failed, if anything.
func (d *Desk) renderUser(w http.ResponseWriter, r *http.Request, status int, v userView) {
	id := r.PathValue("id")
	u, err := d.accounts.UserByID(r.Context(), id)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	changes, err := d.accounts.RoleChanges(r.Context(), id)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	me, _ := auth.FromContext(r.Context())
	v.Account, v.Changes, v.Self, v.Operator = u, changes, me.ID == u.ID, accounts.Operator.ID
	for _, role := range accounts.GrantableRoles {
		if slices.Contains(u.Roles, role) {
			v.Held = append(v.Held, role)
		} else {
			v.Offer = append(v.Offer, role)
		}
	}
	d.render(w, r, status, "user.html", u.Name+" · roles", v)
}

func (d *Desk) grantForm(w http.ResponseWriter, r *http.Request) {
	d.changeRole(w, r, r.PostFormValue("role"), true, "grant")
}

func (d *Desk) revokeForm(w http.ResponseWriter, r *http.Request) {
	role := r.PathValue("role")
	d.changeRole(w, r, role, false, role)
}

// changeRole grants or revokes role as the admin asked on the page: a reason is
// required here. A refusal keeps the admin on the page with what they wrote.
func (d *Desk) changeRole(w http.ResponseWriter, r *http.Request, role string, on bool, form string) {
	id := r.PathValue("id")
	me, _ := auth.FromContext(r.Context())
	reason, err := audit.Reason(r.PostFormValue("reason"), true)
	var u accounts.User
	if err == nil {
		u, err = d.accounts.ChangeRole(r.Context(), audit.ActorOf(me), id, role, on, reason)
	}
	if err != nil {
		msg, status := trouble(err)
		if status == 0 || status == http.StatusNotFound {
			web.WriteError(w, r, err)
			return
		}
		d.renderUser(w, r, status, userView{Error: msg, Failed: form, Reason: r.PostFormValue("reason"), Role: role})
		return
	}
	verb := " no longer has "
	if on {
		verb = " now has "
	}
	flash := u.Name + verb + d.tpl.Word("role", strings.ToUpper(strings.TrimSpace(role))).Text +
		". It counts from their next sign-in or token renewal."
	http.Redirect(w, r, "/admin/users/"+url.PathEscape(id)+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
}

// trouble is what a person reads about a refusal, and its status; 0 for a failure
// that is not theirs to fix (answered as an internal error).
func trouble(err error) (string, int) {
	var e *errs.Error
	if !errors.As(err, &e) {
		return "", 0
	}
	msg := e.Message
	if f, ok := e.Details["fields"].(map[string]any); ok {
		var parts []string
		for _, k := range []string{"reason", "role", "q"} {
			if why, ok := f[k].(string); ok {
				parts = append(parts, "The "+map[string]string{"reason": "reason", "role": "role", "q": "search"}[k]+" "+why+".")
			}
		}
		if len(parts) > 0 {
			msg = strings.Join(parts, " ")
		}
	}
	return msg, web.Status(e)
}
