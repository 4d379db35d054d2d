package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id settings.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultParams follow OWASP's Password Storage Cheat Sheet first argon2id
// configuration (m=19 MiB, t=2, p=1) rather than RFC 9106's 64 MiB/t=3/p=4 or 2 GiB
// profiles: the portal may run on a 2-core machine next to six services, and every
// concurrent sign-in holds its memory, so 19 MiB per hash (with hashing concurrency
// capped below) keeps a burst of sign-ins from exhausting memory, while t=2 keeps a
// guess at about the same cost as OWASP's stronger-memory alternatives. p=1 because
// extra lanes buy nothing on two cores already busy with other requests.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// hashSlots caps simultaneous hashes so memory stays bounded under a burst.
var hashSlots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))

// HashPassword makes an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
func HashPassword(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := derive(password, salt, p)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

func derive(password string, salt []byte, p Params) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

var errBadHash = errors.New("accounts: not an argon2id hash")

// CheckPassword compares password with an encoded hash in constant time. stale says
// the hash was made with other parameters than p and should be replaced.
func CheckPassword(encoded, password string, p Params) (ok, stale bool, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, errBadHash
	}
	var got Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &got.Memory, &got.Time, &got.Threads); err != nil ||
		got.Memory == 0 || got.Memory > 1<<22 || got.Time == 0 || got.Time > 16 || got.Threads == 0 {
		return false, false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false, false, errBadHash
	}
	got.KeyLen = uint32(len(want))
	key := derive(password, salt, got)
	ok = subtle.ConstantTimeCompare(key, want) == 1
	stale = got.Memory != p.Memory || got.Time != p.Time || got.Threads != p.Threads || got.KeyLen != p.KeyLen
	return ok, stale, nil
}

// dummyHash is compared against when an account does not exist, so an unknown
// e-mail costs as much time as a wrong password and reveals nothing.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no account has this password", DefaultParams)
	return h
})
