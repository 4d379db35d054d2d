package identity

import (
	"context"
	"log/slog"
	"net/http"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/accounts"
)

// register signs a person up under the registration limits, and wakes the outbox for
// the mail the sign-up queued: the verification link of a new account, or the notice
// to the owner of a taken address. Both ways cost the same work and give the same
// answer.
func (id *Identity) register(w http.ResponseWriter, r *http.Request, reg accounts.Registration) (accounts.User, error) {
	if err := id.limits.signup(r.Context(), w, clientIP(r), accounts.NormalizeEmail(reg.Email)); err != nil {
		return accounts.User{}, err
	}
	var verify, taken mail.Message
	u, created, err := id.Accounts.SignUp(r.Context(), reg, accounts.SignUpMail{
		Verify: func(u accounts.User, token string) mail.Message {
			verify = id.verificationMail(u.Email, token)
			return verify
		},
		Taken: func(email string) mail.Message {
			taken = id.takenMail(email)
			return taken
		},
	})
	if err != nil {
		return accounts.User{}, err
	}
	if created {
		id.queued(r.Context(), verify)
	} else {
		id.queued(r.Context(), taken)
	}
	return u, nil
}

// queued tells the mailer of mail a committed transaction put in the outbox.
func (id *Identity) queued(ctx context.Context, m mail.Message) {
	if id.Mailer != nil {
		id.Mailer.Queued(ctx, m)
	}
}

// verificationMail carries the link that verifies email. It names no one: the name
// of a registration is whatever a stranger typed, and the mail goes to an address
// that stranger may not own.
func (id *Identity) verificationMail(email, token string) mail.Message {
	link := id.Policy.PortalURL + "/verify?token=" + token
	return mail.Message{To: []string{email}, Subject: "Confirm your SteppersLife e-mail address",
		Text: "Hello,\n\nConfirm that this is the e-mail address of your SteppersLife account by opening this link within 24 hours:\n\n" +
			link + "\n\nIf you did not create a SteppersLife account, ignore this e-mail: the address stays unconfirmed.\n"}
}

// takenMail tells the owner of email that someone tried to register it again.
func (id *Identity) takenMail(email string) mail.Message {
	return mail.Message{To: []string{email}, Subject: "Someone tried to register with your e-mail address",
		Text: "Hello,\n\nSomeone (perhaps you) tried to create a SteppersLife account with this e-mail address, " +
			"which already has one. Nothing was changed.\n\nIf it was you, sign in: " + id.Policy.PortalURL + auth.SignInPath +
			"\nForgot your password? Choose a new one: " + id.Policy.PortalURL + "/reset\n\n" +
			"If it was not you, ignore this e-mail: your account stays as it is.\n"}
}

// sendVerification mails the signed-in user u a new verification link, under the
// limits of reset mail, and reports whether it did: an address already verified
// gets none.
func (id *Identity) sendVerification(w http.ResponseWriter, r *http.Request, u *auth.User) (bool, error) {
	ctx := r.Context()
	acct, err := id.Accounts.UserByID(ctx, u.ID)
	if err != nil || acct.EmailVerified {
		return false, err
	}
	if err := id.limits.signup(r.Context(), w, clientIP(r), acct.Email); err != nil {
		return false, err
	}
	var m mail.Message
	err = id.Accounts.CreateVerification(ctx, acct, func(token string) mail.Message {
		m = id.verificationMail(acct.Email, token)
		return m
	})
	if err != nil {
		return false, err
	}
	id.queued(ctx, m)
	return true, nil
}

func (id *Identity) accountResendVerification(w http.ResponseWriter, r *http.Request) {
	id.accountOutcome(w, r, func(u *auth.User) (string, error) {
		if sent, err := id.sendVerification(w, r, u); err != nil || sent {
			return "verification", err
		}
		return "verified", nil
	})
}

// verifyPage asks to confirm rather than verifying on GET: mail scanners open links,
// and would spend the link before its owner does.
func (id *Identity) verifyPage(w http.ResponseWriter, r *http.Request) {
	id.render(w, r, http.StatusOK, "verify", pageData{Title: "Confirm your e-mail address", VerifyToken: r.URL.Query().Get("token")})
}

func (id *Identity) verifySubmit(w http.ResponseWriter, r *http.Request) {
	d := pageData{Title: "Confirm your e-mail address"}
	userID, err := id.Accounts.VerifyEmail(r.Context(), r.PostFormValue("token"))
	if err != nil {
		msg, status, _ := message(r, err)
		d.Error = msg
		id.render(w, r, status, "verify", d)
		return
	}
	// A browser signed in to this account gets a token that says so at once.
	// A browser signed in to this account gets a token that says so at once; should
	// that fail, its next renewal carries it.
	if u, r2, ok := id.currentUser(w, r); ok && u.ID == userID {
		if _, err := id.reissue(r2.Context(), w, r2, u); err != nil {
			web.LoggerFrom(r.Context()).Error("reissue after verification", slog.String("error", err.Error()))
		}
	}
	d.Done = true
	id.render(w, r, http.StatusOK, "verify", d)
}
