package provision

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnvFile is an env/NAME.env file kept line by line, so that rewriting the keys this
// tool owns leaves the operator's other lines, comments and order untouched.
type EnvFile struct {
	lines []string
}

// ReadEnvFile loads path; a missing file is an empty one.
func ReadEnvFile(path string) (*EnvFile, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &EnvFile{}, nil
	}
	if err != nil {
		return nil, err
	}
	text := strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	if text == "" {
		return &EnvFile{}, nil
	}
	return &EnvFile{lines: strings.Split(text, "\n")}, nil
}

// splitLine returns the key and raw value of an assignment line ("KEY=VALUE" or
// "export KEY=VALUE"), and ok=false for comments, blanks and anything else.
func splitLine(line string) (export bool, key, value string, ok bool) {
	s := strings.TrimSpace(line)
	if s == "" || strings.HasPrefix(s, "#") {
		return false, "", "", false
	}
	if rest, found := strings.CutPrefix(s, "export "); found {
		export, s = true, strings.TrimSpace(rest)
	}
	key, value, ok = strings.Cut(s, "=")
	if !ok {
		return false, "", "", false
	}
	return export, strings.TrimSpace(key), strings.TrimSpace(value), true
}

// unquote strips one pair of matching quotes, as dotenv readers do.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// Get returns the last value given to key, as a shell sourcing the file would see it.
func (e *EnvFile) Get(key string) (string, bool) {
	var val string
	var found bool
	for _, line := range e.lines {
		if _, k, v, ok := splitLine(line); ok && k == key {
			val, found = unquote(v), true
		}
	}
	return val, found
}

// Set gives key the value on every line that assigns it, or appends a line.
// Values written here are URLs and numbers that need no quoting.
func (e *EnvFile) Set(key, value string) {
	found := false
	for i, line := range e.lines {
		export, k, _, ok := splitLine(line)
		if !ok || k != key {
			continue
		}
		found = true
		e.lines[i] = key + "=" + value
		if export {
			e.lines[i] = "export " + e.lines[i]
		}
	}
	if !found {
		e.lines = append(e.lines, key+"="+value)
	}
}

// SetDefault sets key only when the file does not assign it yet: an operator's
// own PORT or service URL wins over the platform's default.
func (e *EnvFile) SetDefault(key, value string) {
	if _, ok := e.Get(key); !ok {
		e.Set(key, value)
	}
}

// Bytes is the file's content.
func (e *EnvFile) Bytes() []byte {
	if len(e.lines) == 0 {
		return nil
	}
	return []byte(strings.Join(e.lines, "\n") + "\n")
}

// Write replaces path atomically with a file of mode 0600: it holds a database
// password, and a crash mid-write must not leave half a file behind.
func (e *EnvFile) Write(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(e.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
