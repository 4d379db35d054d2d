package domain

import (
	"fmt"
	"strings"
	"unicode"

	"stepperslife/internal/kit/errs"
)

// Bounds of a kitchen's prep-time quote, in minutes.
const (
	MinPrepMinutes     = 5
	MaxPrepMinutes     = 180
	DefaultPrepMinutes = 20
	MaxReasonLength    = 300
	MaxPhoneLength     = 40
)

// PrepChoices are the quotes the board offers in one tap.
var PrepChoices = []int{10, 15, 20, 30, 45, 60}

// CheckPrep refuses a quote the kitchen cannot mean.
func CheckPrep(field string, minutes int) error {
	if minutes < MinPrepMinutes || minutes > MaxPrepMinutes {
		return errs.Invalid(map[string]string{field: fmt.Sprintf("must be from %d to %d minutes", MinPrepMinutes, MaxPrepMinutes)})
	}
	return nil
}

// CleanReason trims a cancellation reason and holds it to MaxReasonLength.
func CleanReason(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) > MaxReasonLength {
		return "", errs.Invalid(map[string]string{"reason": fmt.Sprintf("may be at most %d characters", MaxReasonLength)})
	}
	return s, nil
}

// CleanPhone trims a customer's phone number and refuses anything but digits, spaces
// and + ( ) - . (a number to dial, not a message to the kitchen).
func CleanPhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	bad := errs.Invalid(map[string]string{"phone": "must be a phone number such as (312) 555-0142"})
	if len(s) > MaxPhoneLength {
		return "", bad
	}
	digits := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r) && r < 128:
			digits++
		case strings.ContainsRune(" +()-.", r):
		default:
			return "", bad
		}
	}
	if s != "" && (digits < 7 || digits > 15) {
		return "", bad
	}
	return s, nil
}
