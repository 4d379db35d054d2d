package httpapi

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
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

// message is what a person reads about err on a page.
func message(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return "Something went wrong on our side. Please try again."
	}
	msg := e.Message
	if f, ok := e.Details["fields"].(map[string]any); ok {
		var parts []string
		for k, v := range f {
			parts = append(parts, fmt.Sprintf("%s %v", k, v))
		}
		sort.Strings(parts)
		msg += " " + strings.Join(parts, "; ") + "."
	}
	return msg
}
