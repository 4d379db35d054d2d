package provision

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// minPassword is the shortest password taken over from an env file; anything
// shorter was not made by this tool and is replaced.
const minPassword = 16

// NewPassword returns 256 random bits in URL-safe base64, so the password needs no
// escaping in a postgres:// URL or an env file.
func NewPassword() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// usablePassword says why a password found in an env file cannot be kept, or "".
// Printable ASCII is required because SCRAM's SASLprep leaves it unchanged, so the
// verifier computed here matches what the server computes at login.
func usablePassword(pw string) string {
	if len(pw) < minPassword {
		return fmt.Sprintf("shorter than %d characters", minPassword)
	}
	for i := 0; i < len(pw); i++ {
		if pw[i] < 0x21 || pw[i] > 0x7e {
			return "not printable ASCII"
		}
	}
	return ""
}

// scramIterations is PostgreSQL's own default (scram_iterations).
const scramIterations = 4096

// scramVerifier computes the SCRAM-SHA-256 secret PostgreSQL stores in pg_authid
// (RFC 5802/7677), so that CREATE/ALTER ROLE receive a hash and the clear password
// never reaches the server, its logs or pg_stat_activity — what psql's \password does.
func scramVerifier(password string, salt []byte, iterations int) (string, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	clientKey := hmacSHA256(salted, "Client Key")
	storedKey := sha256.Sum256(clientKey)
	serverKey := hmacSHA256(salted, "Server Key")
	enc := base64.StdEncoding
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations,
		enc.EncodeToString(salt), enc.EncodeToString(storedKey[:]), enc.EncodeToString(serverKey)), nil
}

// newScramVerifier hashes password with a fresh 16-byte salt (PostgreSQL's length).
func newScramVerifier(password string) (string, error) {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	return scramVerifier(password, salt, scramIterations)
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// quoteLiteral makes an SQL string literal. CREATE ROLE is a utility statement and
// takes no bind parameters, so the literal is spelled out; backslashes and NULs are
// refused rather than escaped, since their meaning depends on server settings and
// no verifier contains them.
func quoteLiteral(s string) (string, error) {
	if strings.ContainsAny(s, "\\\x00") {
		return "", errors.New("literal contains a backslash or NUL")
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
}
