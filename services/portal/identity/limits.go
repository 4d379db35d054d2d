package identity

import (
	"math"
	"net/http"
	"strconv"
	"time"

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
	failIP, failAccount, attemptIP, signupIP, signupAccount *ratelimit.Limiter
	// failDevice counts wrong passwords per recognised browser, which the
	// per-account count (strangers' failures) does not lock.
	failDevice *ratelimit.Limiter
	// renewals per session through the page redirect: a browser bouncing between a
	// service and the portal (cookies not reaching the service) is stopped.
	renewals *ratelimit.Limiter
}

func newLimiters(l Limits) *limiters {
	return &limiters{
		failIP:        ratelimit.New(l.FailuresPerIP, l.FailureWindow),
		failAccount:   ratelimit.New(l.FailuresPerAccount, l.FailureWindow),
		failDevice:    ratelimit.New(l.FailuresPerAccount, l.FailureWindow),
		attemptIP:     ratelimit.New(l.AttemptsPerIP, l.AttemptWindow),
		signupIP:      ratelimit.New(l.SignupsPerIP, l.SignupWindow),
		signupAccount: ratelimit.New(l.SignupsPerAccount, l.SignupWindow),
		renewals:      ratelimit.New(renewalsPerMinute, time.Minute),
	}
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
func (l *limiters) beforeSignIn(w http.ResponseWriter, ip, email, device string) *errs.Error {
	accountFailures, key := l.failAccount, email
	if device != "" {
		accountFailures, key = l.failDevice, device
	}
	if blocked, retry := accountFailures.Blocked(key); blocked {
		return rateLimited(w, retry)
	}
	if blocked, retry := l.failIP.Blocked(ip); blocked {
		return rateLimited(w, retry)
	}
	if ok, retry := l.attemptIP.Allow(ip); !ok {
		return rateLimited(w, retry)
	}
	return nil
}

// hashing counts a request that costs an argon2id hash outside sign-in (a password
// reset or change) against the same per-address budget, so no endpoint lets one
// address spend hashes without bound.
func (l *limiters) hashing(w http.ResponseWriter, ip string) *errs.Error {
	if ok, retry := l.attemptIP.Allow(ip); !ok {
		return rateLimited(w, retry)
	}
	return nil
}

func (l *limiters) signInFailed(ip, email, device string) {
	l.failIP.Allow(ip)
	if device != "" {
		l.failDevice.Allow(device)
		return
	}
	l.failAccount.Allow(email)
}

func (l *limiters) signInSucceeded(email, device string) {
	if device != "" {
		l.failDevice.Reset(device)
		return
	}
	l.failAccount.Reset(email)
}

// signup counts a registration or reset request.
func (l *limiters) signup(w http.ResponseWriter, ip, email string) *errs.Error {
	if ok, retry := l.signupIP.Allow(ip); !ok {
		return rateLimited(w, retry)
	}
	if ok, retry := l.signupAccount.Allow(email); !ok {
		return rateLimited(w, retry)
	}
	return nil
}
