package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ratelimit"
	"stepperslife/services/events/domain"
)

// Limits on discount-code attempts. Codes are short and organizers pick them, so
// guessing must be slow: an account may try a few codes, and an event's codes stop
// answering for a while once many wrong guesses hit them from any number of
// accounts. The limits live in this process; replicas each keep their own.
const (
	codeWindow             = 15 * time.Minute
	codeTriesPerAccount    = 10  // every purchase that names a code
	codeMissesPerEvent     = 100 // codes refused, whoever tried them
	codeRetryAfterFallback = time.Second
)

// codeLimits counts discount-code attempts.
type codeLimits struct {
	tries  *ratelimit.Limiter // per account
	misses *ratelimit.Limiter // per event
}

func newCodeLimits(now func() time.Time) codeLimits {
	l := codeLimits{tries: ratelimit.New(codeTriesPerAccount, codeWindow), misses: ratelimit.New(codeMissesPerEvent, codeWindow)}
	l.tries.SetClock(now)
	l.misses.SetClock(now)
	return l
}

// applyCode looks up code for ev and takes it off q, counting the attempt. An
// unknown code and one this order may not use get the same answer.
func (s *Events) applyCode(ctx context.Context, u *auth.User, ev domain.Event, q *domain.Quote, code string, now time.Time) error {
	if blocked, wait := s.codes.misses.Blocked(ev.ID); blocked {
		return codesRateLimited(wait)
	}
	if ok, wait := s.codes.tries.Allow(u.ID); !ok {
		return codesRateLimited(wait)
	}
	if len(code) > domain.MaxCodeLen {
		s.codes.misses.Allow(ev.ID)
		return domain.ErrDiscountUnavailable // no code is that long; not worth a query
	}
	d, err := s.store.DiscountByCode(ctx, ev.ID, code)
	if errors.Is(err, domain.ErrNotFound) {
		s.codes.misses.Allow(ev.ID)
		return domain.ErrDiscountUnavailable
	} else if err != nil {
		return err
	}
	if err := q.ApplyDiscount(d, ev.ID, now); err != nil {
		s.codes.misses.Allow(ev.ID)
		return err
	}
	return nil
}

// codesRateLimited is the 429 answer; the handler turns retryAfterSeconds into a
// Retry-After header.
func codesRateLimited(wait time.Duration) error {
	wait = max(wait, codeRetryAfterFallback)
	secs := int(math.Ceil(wait.Seconds()))
	when := "a minute"
	if mins := (secs + 59) / 60; mins > 1 {
		when = fmt.Sprintf("%d minutes", mins)
	}
	return errs.Errorf(errs.CodeRateLimited, "Too many discount code attempts. Please try again in "+when+", or buy without a code.").
		With(map[string]any{"retryAfterSeconds": secs})
}
