package emailaddr

import "testing"

func TestNormalizeWritesOneForm(t *testing.T) {
	for in, want := range map[string]string{
		" Owner@Demo.SteppersLife.com ": "owner@demo.stepperslife.com",
		"owner@demo.ſtepperslife.com":   "owner@demo.stepperslife.com", // long s (U+017F) folds to s
		"owner@ＤＥＭＯ.stepperslife.com":   "owner@demo.stepperslife.com", // full-width letters
		"dj@bücher.example":             "dj@xn--bcher-kva.example",
		"first.last+steppin@gmail.com":  "first.last+steppin@gmail.com",
		"o'neil@example.org":            "o'neil@example.org",
		"dj@straße.example":             "dj@xn--strae-oqa.example", // non-transitional: ß stays ß
		"user@例え.テスト":                   "user@xn--r8jz45g.xn--zckzah",
		"owner@exam\u200bple.com":       "owner@example.com", // a zero-width space is dropped
	} {
		got, err := Normalize(in)
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestNormalizeRefusesLookAlikesAndJunk(t *testing.T) {
	for _, in := range []string{
		"", "no-at-sign", "@example.com", "a@", "a@localhost", "ownér@example.com",
		"owner@pаypal.com", // Cyrillic а among Latin letters
		"owner@раураl.com", // Cyrillic look-alikes with a Latin l
		"a b@example.com", "a@exa mple.com", "a@-example.com", "a@example..com", "a\x00@example.com",
		"<a@example.com>", "Ann <a@example.com>",
	} {
		if got, err := Normalize(in); err == nil {
			t.Errorf("Normalize(%q) = %q, want refused", in, got)
		}
	}
}

func TestSame(t *testing.T) {
	if !Same("Owner@demo.stepperslife.com", "owner@demo.ſtepperslife.com") {
		t.Error("a long s is the same mailbox")
	}
	if Same("owner@demo.stepperslife.com", "owner2@demo.stepperslife.com") || Same("bad", "bad") {
		t.Error("different or invalid addresses are never the same")
	}
}
