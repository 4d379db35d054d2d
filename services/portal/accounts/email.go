package accounts

import (
	"strings"
	"unicode/utf8"

	"stepperslife/internal/kit/emailaddr"
	"stepperslife/internal/kit/errs"
)

// Password and name bounds.
const (
	MinPasswordLen = 8
	// MaxPasswordLen bounds the work a sign-in can ask of argon2id.
	MaxPasswordLen = 256
	MaxNameLen     = 100
	MaxEmailLen    = 254
)

// NormalizeEmail writes an address the one way every service compares it, so one
// mailbox has one account (see kit emailaddr); what is no usable address is only
// trimmed and lower-cased, and matches no account.
func NormalizeEmail(s string) string {
	if n, err := emailaddr.Normalize(s); err == nil {
		return n
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// validEmail accepts only an address already in its one written form: look-alikes
// that fold into another address take that address, mixed-script ones are refused.
func validEmail(email string) bool {
	n, err := emailaddr.Normalize(email)
	return err == nil && n == email && len(email) <= MaxEmailLen
}

func validPassword(pw string) string {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return "must be at least 8 characters"
	case len(pw) > MaxPasswordLen:
		return "must be at most 256 bytes"
	}
	return ""
}

func cleanName(name string) string { return strings.Join(strings.Fields(name), " ") }

// Registration is a sign-up form.
type Registration struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

// Normalize cleans the registration and reports every bad field.
func (r *Registration) Normalize() error {
	r.Email, r.Name = NormalizeEmail(r.Email), cleanName(r.Name)
	bad := map[string]string{}
	if !validEmail(r.Email) {
		bad["email"] = "must be an e-mail address"
	}
	if p := validPassword(r.Password); p != "" {
		bad["password"] = p
	}
	if r.Name == "" || utf8.RuneCountInString(r.Name) > MaxNameLen {
		bad["name"] = "must be 1 to 100 characters"
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}
