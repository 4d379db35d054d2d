package httpapi

import "testing"

func TestParseDollars(t *testing.T) {
	ok := map[string]int64{"12.50": 1250, "12": 1200, "$0.99": 99, " 3.5 ": 350, ".75": 75, "999999.99": 99999999}
	for in, want := range ok {
		if got, good := parseDollars(in); !good || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, good, want)
		}
	}
	for _, in := range []string{"", "abc", "1.234", "-5", "1,50", "1e3", "1234567"} {
		if _, good := parseDollars(in); good {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestDollars(t *testing.T) {
	for c, want := range map[int64]string{0: "0.00", 5: "0.05", 1250: "12.50", 100: "1.00"} {
		if got := dollars(c); got != want {
			t.Errorf("%d: %q want %q", c, got, want)
		}
	}
}
