package payments

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"stepperslife/internal/kit/errs"

	"github.com/stripe/stripe-go/v82"
)

// ErrNoIdempotencyKey refuses a charge, refund or account call without an idempotency
// key: a retry without one could charge twice. It is a programming error (a 500).
var ErrNoIdempotencyKey = errors.New("payments: an idempotency key is required")

// providerError is what a failed Stripe call becomes: the person-facing *errs.Error for
// web.WriteError, and the Stripe error underneath for logs and errors.As.
type providerError struct {
	public *errs.Error
	cause  error
}

func (e *providerError) Error() string   { return e.public.Error() + ": " + e.cause.Error() }
func (e *providerError) Unwrap() []error { return []error{e.public, e.cause} }

// stripeFailure turns a Stripe call's error into a contract error: Stripe's own
// message when the request itself was refused (it is written for people), a plain
// "try again" when Stripe could not be reached or our key is wrong.
func (p *Payments) stripeFailure(ctx context.Context, op string, err error) error {
	var se *stripe.Error
	if !errors.As(err, &se) {
		if ctx.Err() != nil {
			return err
		}
		p.log.LogAttrs(ctx, slog.LevelWarn, "stripe unreachable", slog.String("op", op), slog.String("error", err.Error()))
		return &providerError{errs.Errorf(errs.CodeBadGateway, "The card payment provider could not be reached; please try again."), err}
	}
	attrs := []slog.Attr{slog.String("op", op), slog.Int("status", se.HTTPStatusCode),
		slog.String("type", string(se.Type)), slog.String("code", string(se.Code)),
		slog.String("stripeRequestId", se.RequestID), slog.String("message", se.Msg)}
	var pub *errs.Error
	switch {
	case se.HTTPStatusCode == http.StatusUnauthorized || se.HTTPStatusCode == http.StatusForbidden:
		// Our key is wrong or lacks Connect: an operator problem, not the customer's.
		p.log.LogAttrs(ctx, slog.LevelError, "stripe refused this service's key", attrs...)
		pub = errs.Errorf(errs.CodeUnavailable, "Card payment is not available right now; choose another payment method.")
	case se.HTTPStatusCode == http.StatusNotFound:
		p.log.LogAttrs(ctx, slog.LevelWarn, "stripe object not found", attrs...)
		pub = errs.Errorf(errs.CodeNotFound, "The payment record was not found at the card payment provider.")
	case se.HTTPStatusCode == http.StatusTooManyRequests:
		p.log.LogAttrs(ctx, slog.LevelWarn, "stripe rate limit", attrs...)
		pub = errs.Errorf(errs.CodeRateLimited, "The card payment provider is busy; please try again shortly.")
	case se.HTTPStatusCode >= 400 && se.HTTPStatusCode < 500:
		p.log.LogAttrs(ctx, slog.LevelWarn, "stripe refused the request", attrs...)
		pub = errs.Errorf(errs.CodeValidation, "The card payment provider refused the request: "+se.Msg)
		switch {
		case se.Code == stripe.ErrorCodeIdempotencyKeyInUse:
			pub = errs.Errorf(errs.CodeConflict, "This payment is already being processed; please try again in a moment.")
		case se.Type == stripe.ErrorTypeIdempotency:
			pub = errs.Errorf(errs.CodeIdempotencyReused, "This payment was already started with different details.")
		}
	default:
		p.log.LogAttrs(ctx, slog.LevelWarn, "stripe failed", attrs...)
		pub = errs.Errorf(errs.CodeBadGateway, "The card payment provider could not complete the request; please try again.")
	}
	return &providerError{pub, err}
}
