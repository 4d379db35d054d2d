package httpapi

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"stepperslife/internal/kit/errs"
)

func TestParseDollars(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "0": 0, "25": 2500, "25.5": 2550, "25.05": 2505, "$1,": -1, "1.234": -1, "-3": -1, " 7.00 ": 700, "abc": -1} {
		got, err := parseDollars(in)
		if want < 0 {
			if err == nil {
				t.Errorf("%q: accepted as %d", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
}

func TestParseLocalIsChicagoTime(t *testing.T) {
	bad := map[string]string{}
	got := parseLocal(url.Values{"at": {"2026-12-12T20:00"}}, "at", bad)
	want := time.Date(2026, 12, 13, 2, 0, 0, 0, time.UTC) // CST is UTC−6
	if got == nil || !got.Equal(want) || len(bad) != 0 {
		t.Fatalf("%v %v", got, bad)
	}
	if parseLocal(url.Values{"at": {"tomorrow"}}, "at", bad); bad["at"] == "" {
		t.Fatal("nonsense accepted")
	}
	if localValue(&want) != "2026-12-12T20:00" {
		t.Fatalf("round trip: %s", localValue(&want))
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{"Bea": "Bea", "=1+1": "'=1+1", "+1": "'+1", "-x": "'-x", "@SUM": "'@SUM", "": ""} {
		if got := csvSafe(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestMessageNamesFieldsInWords(t *testing.T) {
	got := message(errs.Invalid(map[string]string{"salesEnd": "must be after salesStart", "maxPerOrder": "must be from 1 to 50"}))
	want := "Some fields need another look. Max per order must be from 1 to 50. Sales end must be after sales start."
	if got != want {
		t.Errorf("message:\n got %q\nwant %q", got, want)
	}
	if got := message(errors.New("pq: connection refused")); strings.Contains(got, "pq") {
		t.Errorf("an internal error reaches the page: %q", got)
	}
}
