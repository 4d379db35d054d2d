package provision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnvFileUpdatesOnlyItsKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.env")
	orig := "# events, by hand\r\nSTRIPE_SECRET_KEY=sk_test_1\nexport DATABASE_URL=\"postgres://old\"\n\nPORT=4004\nDATABASE_URL=postgres://older\n"
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := ReadEnvFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := e.Get("DATABASE_URL"); v != "postgres://older" {
		t.Errorf("Get returns %q, want the last assignment", v)
	}
	e.Set("DATABASE_URL", "postgres://new")
	e.SetDefault("PORT", "3004")
	e.SetDefault("EVENTS_URL", "http://127.0.0.1:4004")
	if err := e.Write(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	want := "# events, by hand\nSTRIPE_SECRET_KEY=sk_test_1\nexport DATABASE_URL=postgres://new\n\nPORT=4004\nDATABASE_URL=postgres://new\nEVENTS_URL=http://127.0.0.1:4004\n"
	if string(b) != want {
		t.Errorf("file is\n%s\nwant\n%s", b, want)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 even over a 0644 file", st.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".events.env.*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestEnvFileMissingAndQuoted(t *testing.T) {
	dir := t.TempDir()
	e, err := ReadEnvFile(filepath.Join(dir, "none.env"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := e.Get("PORT"); ok || e.Bytes() != nil {
		t.Error("a missing file should read as empty")
	}
	p := filepath.Join(dir, "q.env")
	os.WriteFile(p, []byte("A='x y'\nB=\"z\"\nC=\"unbalanced\nnot an assignment\n"), 0o600)
	e, _ = ReadEnvFile(p)
	for k, want := range map[string]string{"A": "x y", "B": "z", "C": `"unbalanced`} {
		if got, _ := e.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	e.Set("PORT", "1")
	if !strings.HasSuffix(string(e.Bytes()), "not an assignment\nPORT=1\n") {
		t.Errorf("unparsed lines must be kept: %q", e.Bytes())
	}
}

func TestChoosePassword(t *testing.T) {
	const role = "sl_events_app"
	good := "0123456789abcdefXYZ"
	withURL := func(u string) *EnvFile { e := &EnvFile{}; e.Set("DATABASE_URL", u); return e }
	mine := withURL("postgres://" + role + ":" + good + "@h/db")
	cases := []struct {
		name       string
		env        *EnvFile
		exists     bool
		rotate     bool
		keep       bool
		notePrefix string
	}{
		{"existing role keeps env password", mine, true, false, true, "kept"},
		{"new role reuses env password", mine, false, false, true, "new, taken"},
		{"rotate asked", mine, true, true, false, "rotated (--rotate)"},
		{"rotate on a new role", mine, false, true, false, "new"},
		{"existing role, no env file", &EnvFile{}, true, false, false, "rotated: the env file has no DATABASE_URL"},
		{"existing role, other role in env", withURL("postgres://someone:" + good + "@h/db"), true, false, false, "rotated: the env file's DATABASE_URL is for another role"},
		{"existing role, weak env password", withURL("postgres://" + role + ":short@h/db"), true, false, false, "rotated: the env file's password is shorter"},
		{"new role, nothing to keep", &EnvFile{}, false, false, false, "new"},
	}
	for _, c := range cases {
		pw, note := choosePassword(c.env, role, c.exists, c.rotate)
		if (pw == good) != c.keep {
			t.Errorf("%s: kept=%v, want %v", c.name, pw == good, c.keep)
		}
		if !strings.HasPrefix(note, c.notePrefix) {
			t.Errorf("%s: note %q, want prefix %q", c.name, note, c.notePrefix)
		}
		if len(pw) < minPassword || usablePassword(pw) != "" {
			t.Errorf("%s: unusable password chosen", c.name)
		}
	}
}
