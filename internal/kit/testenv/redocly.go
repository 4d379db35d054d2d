package testenv

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// LintTimeout bounds one run of the API document linter.
const LintTimeout = 3 * time.Minute

// Redocly finds the Redocly CLI that scripts/test-deps.sh installs with npm into
// ToolsDir, or one on PATH. When it is missing, t is skipped on a developer's
// machine and fails under CI, where the script has run.
func Redocly(t testing.TB) string {
	t.Helper()
	p := filepath.Join(ToolsDir(), "redocly", "node_modules", ".bin", "redocly")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if p, err := exec.LookPath("redocly"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("redocly not found in %s nor on PATH: run scripts/test-deps.sh", filepath.Dir(p))
	}
	t.Skip("redocly not installed; scripts/test-deps.sh installs it")
	return ""
}

// APIDocuments lists every openapi.yaml under root, relative to it.
func APIDocuments(t testing.TB, root string) []string {
	t.Helper()
	var docs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "data") {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == "openapi.yaml" {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			docs = append(docs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("testenv: listing API documents: %v", err)
	}
	return docs
}

// LintAPIDocuments runs `redocly lint` with root's redocly.yaml (the recommended
// rules) on docs, paths relative to root, and fails t with the linter's report when
// it finds an error. Warnings are logged.
func LintAPIDocuments(t testing.TB, root string, docs ...string) {
	t.Helper()
	bin := Redocly(t)
	ctx, cancel := context.WithTimeout(context.Background(), LintTimeout)
	defer cancel()
	args := append([]string{"lint", "--config", "redocly.yaml", "--format", "stylish", "--max-problems", "1000"}, docs...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = root
	// Tests run offline: no usage report, no update check, no colours in the report.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.CombinedOutput()
	report := string(out)
	// Node's own notices come before the report; only the report matters here.
	if i := strings.Index(report, "validating "); i > 0 {
		report = report[i:]
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		t.Logf("redocly lint:\n%s", report)
	case errors.As(err, &exit) && ctx.Err() == nil:
		t.Fatalf("redocly lint finds errors in the API documents:\n%s", report)
	default:
		t.Fatalf("redocly lint did not run: %v\n%s", err, report)
	}
}
