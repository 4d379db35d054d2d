package httpapi

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/words"
	"stepperslife/services/events/domain"
)

const localLayout = "2006-01-02T15:04"

// parseLocal reads a datetime-local field; empty gives nil.
func parseLocal(v url.Values, name string, bad map[string]string) *time.Time {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	t, err := time.ParseInLocation(localLayout, s, domain.Chicago)
	if err != nil {
		bad[name] = "must be a date and time"
		return nil
	}
	u := t.UTC()
	return &u
}

// parseDollars reads "25", "25.5" or "25.50" as cents, exactly (no floats).
func parseDollars(s string) (int64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	if s == "" {
		return 0, nil
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, errors.New("at most two decimals")
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || f < 0 || w > 1_000_000 {
		return 0, errors.New("not an amount")
	}
	return w*100 + f, nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// localValue formats t for a datetime-local field.
func localValue(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(domain.Chicago).Format(localLayout)
}

// fieldLabels name the fields the events service checks the way its forms label
// them; any other field is put into words by words.Problems.
var fieldLabels = map[string]string{
	"startsAt": "start", "endsAt": "end", "priceCents": "price", "maxPerOrder": "max per order",
	"salesStart": "sales start", "salesEnd": "sales end", "usageLimit": "usage limit", "expiresAt": "expiry",
	"items": "tickets", "items.quantity": "quantity", "items.tierId": "ticket", "paymentMethod": "payment",
	"attendee.email": "e-mail for the tickets", "attendee.name": "name on the tickets", "eventId": "event",
	"cashDeadline": "cash deadline", "tierId": "tier", "body": "message",
}

// formProblems say again, in the units the forms use (dollars), the problems the
// domain states in stored units (cents).
var formProblems = map[string]string{
	"priceCents": "must be an amount from $0 to $10,000",
}

// message is what a person reads about err on a page: the contract's message, and
// what is wrong with each field in words.
func message(err error) string {
	return ui.Message(err, func(fields map[string]string) string {
		for k := range fields {
			if p, ok := formProblems[k]; ok {
				fields[k] = p
			}
		}
		return words.Problems(fields, fieldLabels)
	})
}
