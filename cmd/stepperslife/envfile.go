package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
)

// envVar is one KEY=VALUE pair, kept in file order.
type envVar struct{ Key, Value string }

var envKeyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// readEnvFile reads a dotenv-style file; a missing file is no variables and no error.
func readEnvFile(path string) ([]envVar, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var vars []envVar
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		v, ok, err := parseEnvLine(sc.Text())
		if err != nil {
			// Only the key or the line number is named: values may be secrets.
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if ok {
			vars = append(vars, v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return vars, nil
}

// parseEnvLine understands KEY=VALUE, an optional "export " prefix, blank lines,
// # comments (whole lines, or after an unquoted value), and values in single quotes
// (literal) or double quotes (with \n, \", \\ escapes). ok is false for lines that
// hold no variable.
func parseEnvLine(line string) (v envVar, ok bool, err error) {
	s := strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if s == "" || strings.HasPrefix(s, "#") {
		return envVar{}, false, nil
	}
	s = strings.TrimPrefix(s, "export ")
	key, val, found := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !found {
		return envVar{}, false, errors.New("expected KEY=VALUE")
	}
	if !envKeyRE.MatchString(key) {
		return envVar{}, false, fmt.Errorf("%q is not a variable name", key)
	}
	val = strings.TrimSpace(val)
	switch {
	case strings.HasPrefix(val, `"`):
		val, err = unquoteDouble(val[1:])
		if err != nil {
			return envVar{}, false, fmt.Errorf("%s: %w", key, err)
		}
	case strings.HasPrefix(val, "'"):
		end := strings.IndexByte(val[1:], '\'')
		if end < 0 {
			return envVar{}, false, fmt.Errorf("%s: unterminated single quote", key)
		}
		if rest := strings.TrimSpace(val[end+2:]); rest != "" && !strings.HasPrefix(rest, "#") {
			return envVar{}, false, fmt.Errorf("%s: text after the closing quote", key)
		}
		val = val[1 : end+1]
	default:
		if i := strings.Index(val, " #"); i >= 0 {
			val = strings.TrimSpace(val[:i])
		}
	}
	return envVar{Key: key, Value: val}, true, nil
}

// unquoteDouble reads s up to its closing double quote.
func unquoteDouble(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			if rest := strings.TrimSpace(s[i+1:]); rest != "" && !strings.HasPrefix(rest, "#") {
				return "", errors.New("text after the closing quote")
			}
			return b.String(), nil
		case '\\':
			if i+1 == len(s) {
				return "", errors.New("unterminated double quote")
			}
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default: // \" \\ and anything else stand for themselves
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("unterminated double quote")
}

// mergeEnv returns base with each of over set, later values winning; base order is
// kept and new keys are appended.
func mergeEnv(base []string, over ...envVar) []string {
	index := map[string]int{}
	out := make([]string, 0, len(base)+len(over))
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if i, ok := index[k]; ok {
			out[i] = kv
			continue
		}
		index[k] = len(out)
		out = append(out, kv)
	}
	for _, v := range over {
		kv := v.Key + "=" + v.Value
		if i, ok := index[v.Key]; ok {
			out[i] = kv
			continue
		}
		index[v.Key] = len(out)
		out = append(out, kv)
	}
	return out
}
