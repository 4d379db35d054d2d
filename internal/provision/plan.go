// Package provision gives each of the seven services its own PostgreSQL database and
// its own login role, so that one service's credentials open that service's data and
// nothing else — the isolation the seed's architecture promises ("database
// credentials are service-specific"). It also writes the matching env/NAME.env files.
package provision

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"stepperslife/internal/platform"
)

// DefaultPrefix is the prefix of the contract's database names.
const DefaultPrefix = "stepperslife_"

// maxPrefix keeps the longest name (prefix + "restaurants_app") far below
// PostgreSQL's 63-byte identifier limit, past which names are silently truncated.
const maxPrefix = 32

var prefixPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Target is what one service gets: its database and the role that owns it.
type Target struct {
	Service  platform.Spec
	Database string
	Role     string
}

// ValidatePrefix accepts only names that need no quoting anywhere (env files, URLs,
// shell) and that PostgreSQL lets an ordinary role carry.
func ValidatePrefix(prefix string) error {
	switch {
	case prefix == "":
		return errors.New("prefix: must not be empty")
	case len(prefix) > maxPrefix:
		return fmt.Errorf("prefix: at most %d characters", maxPrefix)
	case !prefixPattern.MatchString(prefix):
		return errors.New("prefix: only lower-case letters, digits and _ (not first a digit)")
	case strings.HasPrefix(prefix, "pg_"):
		// PostgreSQL reserves role names starting with pg_.
		return errors.New("prefix: must not start with pg_")
	}
	return nil
}

// Targets lists the seven services with their database and role names under prefix:
// the contract's database name with "stepperslife_" replaced by prefix, and the
// role <prefix><service>_app.
func Targets(prefix string) ([]Target, error) {
	if err := ValidatePrefix(prefix); err != nil {
		return nil, err
	}
	out := make([]Target, 0, len(platform.All))
	for _, s := range platform.All {
		suffix, ok := strings.CutPrefix(s.Database, DefaultPrefix)
		if !ok {
			return nil, fmt.Errorf("service %s: database %q does not start with %q", s.Name, s.Database, DefaultPrefix)
		}
		out = append(out, Target{
			Service:  s,
			Database: prefix + suffix,
			Role:     prefix + s.Name + "_app",
		})
	}
	return out, nil
}
