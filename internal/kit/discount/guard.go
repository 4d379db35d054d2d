package discount

import (
	"fmt"
	"math"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ratelimit"
)

// Limits on code attempts. Codes are short and people pick them, so guessing must
// be slow: an account may try a few codes, and a seller's codes stop answering for
// a while once many wrong guesses hit them from any number of accounts. The limits
// live in the process; replicas each keep their own.
const (
	Window           = 15 * time.Minute
	TriesPerAccount  = 10  // every purchase that names a code
	MissesPerSeller  = 100 // codes refused, whoever tried them
	retryAtLeastWait = time.Second
)

// Guard counts code attempts: the tries of each account, and the misses on each
// seller (an event, a vendor).
type Guard struct {
	tries, misses *ratelimit.Limiter
	instead       string
}

// NewGuard counts attempts on the clock now. instead ends the refusal's message:
// what the buyer can do meanwhile ("buy without a code").
func NewGuard(now func() time.Time, instead string) *Guard {
	g := &Guard{tries: ratelimit.New(TriesPerAccount, Window), misses: ratelimit.New(MissesPerSeller, Window), instead: instead}
	g.tries.SetClock(now)
	g.misses.SetClock(now)
	return g
}

// Try counts one attempt by account on the codes of sellers; it refuses (429, with
// retryAfterSeconds) while any of the sellers is closed to guesses, or once the
// account tried too often.
func (g *Guard) Try(account string, sellers ...string) error {
	for _, s := range sellers {
		if blocked, wait := g.misses.Blocked(s); blocked {
			return g.refusal(wait)
		}
	}
	if ok, wait := g.tries.Allow(account); !ok {
		return g.refusal(wait)
	}
	return nil
}

// Miss counts a refused code against each of sellers.
func (g *Guard) Miss(sellers ...string) {
	for _, s := range sellers {
		g.misses.Allow(s)
	}
}

// refusal is the 429 answer; the handler turns retryAfterSeconds into a
// Retry-After header.
func (g *Guard) refusal(wait time.Duration) error {
	wait = max(wait, retryAtLeastWait)
	secs := int(math.Ceil(wait.Seconds()))
	when := "a minute"
	if mins := (secs + 59) / 60; mins > 1 {
		when = fmt.Sprintf("%d minutes", mins)
	}
	return errs.Errorf(errs.CodeRateLimited, "Too many discount code attempts. Please try again in "+when+", or "+g.instead+".").
		With(map[string]any{"retryAfterSeconds": secs})
}
