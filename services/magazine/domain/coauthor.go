package domain

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"stepperslife/internal/kit/errs"
)

// MaxCoAuthors bounds how many writers share an article's byline with its writer.
const MaxCoAuthors = 5

// CoAuthor is another writer who shares an article: named by the e-mail address they
// sign in with, and by the name the byline shows.
type CoAuthor struct {
	Email string
	Name  string
}

// NewCoAuthor checks a co-author's address and name; an empty name is the part of the
// address before the @.
func NewCoAuthor(email, name string) (CoAuthor, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	name = strings.Join(strings.Fields(name), " ")
	bad := map[string]string{}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		bad["email"] = "Give the e-mail address the writer signs in with."
	}
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if utf8.RuneCountInString(name) > 80 {
		bad["name"] = "Keep the name under 80 characters."
	}
	if len(bad) > 0 {
		return CoAuthor{}, errs.Invalid(bad)
	}
	return CoAuthor{Email: email, Name: name}, nil
}

// SharedWith reports whether the writer signing in with email co-authors a.
func (a Article) SharedWith(email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	for _, c := range a.CoAuthors {
		if email != "" && c.Email == email {
			return true
		}
	}
	return false
}

// Byline is the names an article is by: its writer first, then its co-authors.
func (a Article) Byline() []string {
	out := []string{a.AuthorName}
	for _, c := range a.CoAuthors {
		out = append(out, c.Name)
	}
	return out
}
