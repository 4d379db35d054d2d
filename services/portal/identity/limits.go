package identity

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ratelimit"
)

// Limits bound sign-in, registration and reset requests.
type Limits struct {
	// Failed sign-ins per client address and per account.
	FailuresPerIP      int
	FailuresPerAccount int
	FailureWindow      time.Duration
	// Sign-in attempts per client address, failed or not: each costs an argon2id hash.
	AttemptsPerIP int
	AttemptWindow time.Duration
	// Registrations and reset e-mails per client address and per e-mail.
	SignupsPerIP      int
	SignupsPerAccount int
	SignupWindow      time.Duration
}

// DefaultLimits lock an account for at most a quarter hour after 10 wrong passwords
// (enough for a forgetful person, too few for guessing) — for every browser but those
// it signed in from before — and keep one address from spending more than two hashes
// a second on average.
var DefaultLimits = Limits{
	FailuresPerIP: 50, FailuresPerAccount: 10, FailureWindow: 15 * time.Minute,
	AttemptsPerIP: 300, AttemptWindow: 5 * time.Minute,
	SignupsPerIP: 20, SignupsPerAccount: 5, SignupWindow: time.Hour,
}

// renewalsPerMinute is far above what open tabs need (one renewal per tab per
// AccessTTL) and low enough to end a redirect loop within seconds.
const renewalsPerMinute = 30

type limiters struct {
	failIP, failAccount, attemptIP, signupIP, signupAccount window
	// failDevice counts wrong passwords per recognised browser, which the
	// per-account count (strangers' failures) does not lock.
	failDevice window
	// renewals per session through the page redirect: a browser bouncing between a
	// service and the portal (cookies not reaching the service) is stopped. Kept in
	// each process: it only breaks loops, which every replica does on its own.
	renewals *ratelimit.Limiter
	// shared are the limits kept in the database, purged in the background.
	shared []*dbWindow
}

// newLimiters keeps the limits in d when it is PostgreSQL, so every portal replica
// counts the same attempts; in memory otherwise (nil d, or the one SQLite process).
func newLimiters(l Limits, d *db.DB) *limiters {
	ls := &limiters{renewals: ratelimit.New(renewalsPerMinute, time.Minute)}
	limit := func(name string, n int, per time.Duration) window {
		if d == nil || d.Dialect != db.Postgres {
			return memWindow{ratelimit.New(n, per)}
		}
		w := newDBWindow(d, name, n, per)
		ls.shared = append(ls.shared, w)
		return w
	}
	ls.failIP = limit("fail-ip", l.FailuresPerIP, l.FailureWindow)
	ls.failAccount = limit("fail-account", l.FailuresPerAccount, l.FailureWindow)
	ls.failDevice = limit("fail-device", l.FailuresPerAccount, l.FailureWindow)
	ls.attemptIP = limit("attempt-ip", l.AttemptsPerIP, l.AttemptWindow)
	ls.signupIP = limit("signup-ip", l.SignupsPerIP, l.SignupWindow)
	ls.signupAccount = limit("signup-account", l.SignupsPerAccount, l.SignupWindow)
	return ls
}

// purge drops the shared limits' old events.
func (l *limiters) purge(ctx context.Context) error {
	for _, w := range l.shared {
		if err := w.purge(ctx); err != nil {
			return err
		}
	}
	return nil
}

// rateLimited is the contract's 429 answer; Retry-After is set on w.
func rateLimited(w http.ResponseWriter, retry time.Duration) *errs.Error {
	secs := int(math.Ceil(retry.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return errs.Errorf(errs.CodeRateLimited, "Too many attempts. Try again in "+strconv.Itoa(secs)+" seconds.").
		With(map[string]any{"retryAfterSeconds": secs})
}

// beforeSignIn refuses a sign-in attempt when the address or account is locked. A
// browser the account signed in from before (device, non-empty) is judged by its own
// failures instead of the account's.
func (l *limiters) beforeSignIn(ctx context.Context, w http.ResponseWriter, ip, email, device string) error {
	accountFailures, key := l.failAccount, email
	if device != "" {
		accountFailures, key = l.failDevice, device
	}
	if blocked, retry, err := accountFailures.Blocked(ctx, key); err != nil || blocked {
		return refused(w, retry, err)
	}
	if blocked, retry, err := l.failIP.Blocked(ctx, ip); err != nil || blocked {
		return refused(w, retry, err)
	}
	if ok, retry, err := l.attemptIP.Allow(ctx, ip); err != nil || !ok {
		return refused(w, retry, err)
	}
	return nil
}

// refused is err when a limit could not be read (refusing rather than letting
// guesses through uncounted), the 429 answer otherwise.
func refused(w http.ResponseWriter, retry time.Duration, err error) error {
	if err != nil {
		return err
	}
	return rateLimited(w, retry)
}

// hashing counts a request that costs an argon2id hash outside sign-in (a password
// reset or change) against the same per-address budget, so no endpoint lets one
// address spend hashes without bound.
func (l *limiters) hashing(ctx context.Context, w http.ResponseWriter, ip string) error {
	if ok, retry, err := l.attemptIP.Allow(ctx, ip); err != nil || !ok {
		return refused(w, retry, err)
	}
	return nil
}

func (l *limiters) signInFailed(ctx context.Context, ip, email, device string) error {
	if _, _, err := l.failIP.Allow(ctx, ip); err != nil {
		return err
	}
	if device != "" {
		_, _, err := l.failDevice.Allow(ctx, device)
		return err
	}
	_, _, err := l.failAccount.Allow(ctx, email)
	return err
}

func (l *limiters) signInSucceeded(ctx context.Context, email, device string) error {
	if device != "" {
		return l.failDevice.Reset(ctx, device)
	}
	return l.failAccount.Reset(ctx, email)
}

// signup counts a registration or reset request.
func (l *limiters) signup(ctx context.Context, w http.ResponseWriter, ip, email string) error {
	if ok, retry, err := l.signupIP.Allow(ctx, ip); err != nil || !ok {
		return refused(w, retry, err)
	}
	if ok, retry, err := l.signupAccount.Allow(ctx, email); err != nil || !ok {
		return refused(w, retry, err)
	}
	return nil
}
