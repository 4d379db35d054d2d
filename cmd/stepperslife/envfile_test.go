package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseEnvLine(t *testing.T) {
	cases := []struct {
		line, key, val string
		ok             bool
	}{
		{"", "", "", false},
		{"   # a comment", "", "", false},
		{"PORT=3004", "PORT", "3004", true},
		{"  PORT = 3004  ", "PORT", "3004", true},
		{"export DATA_DIR=/srv/data", "DATA_DIR", "/srv/data", true},
		{"EMPTY=", "EMPTY", "", true},
		{"URL=postgres://u:p@h/db?sslmode=disable", "URL", "postgres://u:p@h/db?sslmode=disable", true},
		{"A=value # trailing comment", "A", "value", true},
		{"A=no#comment", "A", "no#comment", true},
		{`A="quoted # not a comment"`, "A", "quoted # not a comment", true},
		{`A="say \"hi\"\nbye" # c`, "A", "say \"hi\"\nbye", true},
		{`A='single $literal \n'`, "A", `single $literal \n`, true},
		{"A=x\r", "A", "x", true},
	}
	for _, c := range cases {
		v, ok, err := parseEnvLine(c.line)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if ok != c.ok || v.Key != c.key || v.Value != c.val {
			t.Errorf("%q: got (%q,%q,%v), want (%q,%q,%v)", c.line, v.Key, v.Value, ok, c.key, c.val, c.ok)
		}
	}
}

func TestParseEnvLineRejectsMalformedLines(t *testing.T) {
	for _, line := range []string{
		"JUSTAWORD",
		"1BAD=x",
		"BAD KEY=x",
		`A="unterminated`,
		`A='unterminated`,
		`A="x" trailing`,
		`A='x' trailing`,
	} {
		if _, _, err := parseEnvLine(line); err == nil {
			t.Errorf("%q accepted", line)
		}
	}
}

func TestReadEnvFileNamesTheLineButNotTheValue(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.env")
	if err := os.WriteFile(path, []byte("# events\nPORT=3004\nSTRIPE_SECRET_KEY=\"sk_test_secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := readEnvFile(path)
	if err == nil {
		t.Fatal("malformed file accepted")
	}
	if !strings.Contains(err.Error(), path+":3:") || strings.Contains(err.Error(), "sk_test_secret") {
		t.Errorf("error should name the line and hide the value: %v", err)
	}
	vars, err := readEnvFile(filepath.Join(dir, "missing.env"))
	if err != nil || vars != nil {
		t.Errorf("missing file: got %v, %v; want nothing", vars, err)
	}
}

func TestMergeEnvLetsLaterValuesWin(t *testing.T) {
	got := mergeEnv([]string{"A=1", "B=2", "A=3"}, envVar{"B", "file"}, envVar{"C", "new"}, envVar{"C", "newer"})
	want := []string{"A=3", "B=file", "C=newer"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
