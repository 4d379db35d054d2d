package domain

import (
	"errors"
	"strings"
)

var errPhone = errors.New("must be a US phone number with area code, like (312) 555-0142")

// NormalizePhone reads a North American number as people write it ("(312) 555-0142",
// "312.555.0142", "+1 312 555 0142") and returns it in E.164 ("+13125550142"). The
// area code and exchange must follow the numbering plan: neither starts with 0 or 1.
func NormalizePhone(s string) (string, error) {
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case strings.ContainsRune(" ()-.+", r):
		default:
			return "", errPhone
		}
	}
	d := digits.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) != 10 || d[0] < '2' || d[3] < '2' {
		return "", errPhone
	}
	return "+1" + d, nil
}
