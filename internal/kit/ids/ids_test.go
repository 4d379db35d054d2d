package ids

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewAndPrefixed(t *testing.T) {
	id := New()
	if !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(id) {
		t.Fatalf("New() = %q, want 24 hex characters", id)
	}
	if New() == id {
		t.Fatal("two ids are the same")
	}
	if p := Prefixed("ord"); !regexp.MustCompile(`^ord_[0-9a-f]{20}$`).MatchString(p) {
		t.Fatalf("Prefixed = %q", p)
	}
}

func TestSlug(t *testing.T) {
	cases := []struct{ in, fallback, want string }{
		{"  Chi-Town Winter Ball 2026!! ", "event", "chi-town-winter-ball-2026"},
		{"Café Crème", "x", "cafe-creme"},
		{"!!!", "event", "event"},
		{"", "vendor", "vendor"},
		{"ÅNGSTRÖM--über", "x", "angstrom-uber"},
	}
	for _, c := range cases {
		if got := Slug(c.in, c.fallback); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Slug(strings.Repeat("ab ", 100), "x"); len(got) > MaxSlugLen || strings.HasSuffix(got, "-") {
		t.Errorf("long slug = %q (%d)", got, len(got))
	}
}

func TestUniqueSlug(t *testing.T) {
	s := UniqueSlug("Winter Ball", "event")
	if !regexp.MustCompile(`^winter-ball-[0-9a-f]{6}$`).MatchString(s) {
		t.Fatalf("UniqueSlug = %q", s)
	}
	if !regexp.MustCompile(`^event-[0-9a-f]{6}$`).MatchString(UniqueSlug("★", "event")) {
		t.Fatal("no fallback")
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Café ÉTÉ"); got != "cafe ete" {
		t.Fatalf("Fold = %q", got)
	}
}

func TestScanned(t *testing.T) {
	for in, want := range map[string]string{
		"abc123":                               "abc123",
		" https://x.example/tickets/abc123/ ":  "abc123",
		"https://x.example/tickets/abc123?x=1": "abc123",
		"https://x.example/tickets/abc123#top": "abc123",
		"":                                     "",
	} {
		if got := Scanned(in); got != want {
			t.Errorf("Scanned(%q) = %q, want %q", in, got, want)
		}
	}
}
