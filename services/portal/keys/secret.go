// Package keys is the portal's token signing: Ed25519 keys kept in its database
// (private halves sealed with NEXTAUTH_SECRET), rotated, and published as a JWKS.
package keys

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"stepperslife/internal/kit/config"
)

// SecretFile is where a development portal keeps its generated NEXTAUTH_SECRET.
const SecretFile = "nextauth_secret"

// minSecretLen keeps guessable secrets out; NextAuth's own guidance is 32 random bytes.
const minSecretLen = 32

// LoadSecret returns NEXTAUTH_SECRET. With none configured, a development portal
// generates one and keeps it under DATA_DIR (mode 0600) so sessions survive
// restarts; a portal on https refuses to start without it.
func LoadSecret(cfg config.Service) ([]byte, error) {
	if cfg.NextAuthSecret.Set() {
		s := cfg.NextAuthSecret.Reveal()
		if len(s) < minSecretLen {
			return nil, &config.VarError{Var: "NEXTAUTH_SECRET",
				Problem: fmt.Sprintf("must be at least %d characters (e.g. openssl rand -base64 32)", minSecretLen)}
		}
		return []byte(s), nil
	}
	if !cfg.Dev {
		return nil, &config.VarError{Var: "NEXTAUTH_SECRET", Problem: "is required when PUBLIC_URL is https"}
	}
	path := filepath.Join(cfg.DataDir, SecretFile)
	if b, err := os.ReadFile(path); err == nil {
		if s := strings.TrimSpace(string(b)); len(s) >= minSecretLen {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("NEXTAUTH_SECRET: %s is too short; delete it to make a new one", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("NEXTAUTH_SECRET: %w", err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("NEXTAUTH_SECRET: %w", err)
	}
	var raw [32]byte
	_, _ = rand.Read(raw[:])
	s := base64.RawURLEncoding.EncodeToString(raw[:])
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadSecret(cfg) // another process wrote it first
	}
	if err != nil {
		return nil, fmt.Errorf("NEXTAUTH_SECRET: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("NEXTAUTH_SECRET: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("NEXTAUTH_SECRET: %w", err)
	}
	return []byte(s), nil
}
