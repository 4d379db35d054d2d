package keys

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
)

// Rotation timings.
const (
	// RotateAfter is the age at which a new signing key takes over.
	RotateAfter = 30 * 24 * time.Hour
	// PrePublish is how long a new key is published before it signs: longer than
	// services keep their cached JWKS, so none of them meets an unknown kid.
	PrePublish = auth.DefaultKeysMaxAge + 15*time.Minute
	// KeepRetired is how long a retired key stays published: longer than any token
	// it signed can live.
	KeepRetired = auth.AccessTTL + auth.Leeway + 15*time.Minute
)

// Keyring signs session tokens with the current key and knows every published key.
type Keyring struct {
	db   *db.DB
	aead cipher.AEAD
	log  *slog.Logger
	now  func() time.Time

	mu      sync.RWMutex
	current *signer
	pending bool // a published key waits for its active_from
	public  map[string]ed25519.PublicKey
	order   []string // kids, newest first
}

type signer struct {
	kid        string
	priv       ed25519.PrivateKey
	activeFrom time.Time
}

// Open loads the keys from d, creating the first one when there is none.
func Open(ctx context.Context, d *db.DB, secret []byte, log *slog.Logger) (*Keyring, error) {
	k, err := hkdf.Key(sha256.New, secret, nil, "stepperslife portal signing keys v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	kr := &Keyring{db: d, aead: aead, log: log, now: time.Now}
	if err := kr.Maintain(ctx); err != nil {
		return nil, err
	}
	return kr, nil
}

// Maintain keeps the key schedule: it publishes the next key PrePublish before the
// current one is RotateAfter old, switches to it when its time comes, retires the
// keys it replaces and drops retired keys no token can need any more. The portal
// runs it at start and then periodically.
func (kr *Keyring) Maintain(ctx context.Context) error {
	now := kr.now().UTC()
	if _, err := kr.db.ExecContext(ctx, `DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < $1`,
		now.Add(-KeepRetired)); err != nil {
		return fmt.Errorf("signing keys: drop retired keys: %w", err)
	}
	if err := kr.load(ctx); err != nil {
		return err
	}
	kr.mu.RLock()
	cur, pending := kr.current, kr.pending
	kr.mu.RUnlock()
	if cur == nil {
		// Nothing can sign (a fresh database, or keys sealed under another secret).
		return kr.add(ctx, now, true)
	}
	// Keys older than the current one stop signing now and leave after KeepRetired.
	if _, err := kr.db.ExecContext(ctx, `UPDATE signing_keys SET retired_at = $1
		WHERE retired_at IS NULL AND active_from < $2`, now, cur.activeFrom); err != nil {
		return fmt.Errorf("signing keys: retire keys older than %s: %w", cur.kid, err)
	}
	if !pending && now.Sub(cur.activeFrom) > RotateAfter-PrePublish {
		return kr.add(ctx, now.Add(PrePublish), false)
	}
	return kr.load(ctx)
}

// Rotate makes a new key sign at once and retires the others, for a suspected
// leak. Services learn the new kid on its first token (one JWKS fetch); scheduled
// rotation through Maintain avoids even that.
func (kr *Keyring) Rotate(ctx context.Context) error {
	return kr.add(ctx, kr.now().UTC(), true)
}

// add stores a new key that signs from activeFrom; retireOthers retires every
// other key at once.
func (kr *Keyring) add(ctx context.Context, activeFrom time.Time, retireOthers bool) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	kid := base64.RawURLEncoding.EncodeToString(b[:])
	nonce := make([]byte, kr.aead.NonceSize())
	_, _ = rand.Read(nonce)
	sealed := kr.aead.Seal(nonce, nonce, priv.Seed(), []byte(kid))
	now := kr.now().UTC()
	err = kr.db.InTx(ctx, func(tx *sql.Tx) error {
		if retireOthers {
			if _, err := tx.ExecContext(ctx, `UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL`, now); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO signing_keys (kid, public_key, private_key, created_at, active_from)
			VALUES ($1, $2, $3, $4, $5)`, kid, []byte(pub), sealed, now, activeFrom)
		return err
	})
	if err != nil {
		return fmt.Errorf("signing keys: add: %w", err)
	}
	kr.log.Info("signing key added", slog.String("kid", kid), slog.Time("activeFrom", activeFrom))
	return kr.load(ctx)
}

func (kr *Keyring) load(ctx context.Context) error {
	rows, err := kr.db.QueryContext(ctx, `SELECT kid, public_key, private_key, active_from, retired_at
		FROM signing_keys ORDER BY active_from DESC, kid`)
	if err != nil {
		return fmt.Errorf("signing keys: load: %w", err)
	}
	defer rows.Close()
	now := kr.now()
	public := map[string]ed25519.PublicKey{}
	var order []string
	var current *signer
	pending := false
	for rows.Next() {
		var kid string
		var pub, sealed []byte
		var from time.Time
		var retired sql.NullTime
		if err := rows.Scan(&kid, &pub, &sealed, &from, &retired); err != nil {
			return fmt.Errorf("signing keys: load: %w", err)
		}
		if len(pub) != ed25519.PublicKeySize {
			continue
		}
		public[kid] = ed25519.PublicKey(pub)
		order = append(order, kid)
		if current != nil || retired.Valid {
			continue
		}
		if from.After(now) {
			pending = true
			continue
		}
		seed, err := kr.open(kid, sealed)
		if err != nil {
			// Sealed under another NEXTAUTH_SECRET: it cannot sign; Maintain makes a new one.
			kr.log.Warn("signing key cannot be opened with this NEXTAUTH_SECRET", slog.String("kid", kid))
			continue
		}
		current = &signer{kid: kid, priv: ed25519.NewKeyFromSeed(seed), activeFrom: from}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("signing keys: load: %w", err)
	}
	kr.mu.Lock()
	kr.current, kr.pending, kr.public, kr.order = current, pending, public, order
	kr.mu.Unlock()
	return nil
}

func (kr *Keyring) open(kid string, sealed []byte) ([]byte, error) {
	n := kr.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed key too short")
	}
	seed, err := kr.aead.Open(nil, sealed[:n], sealed[n:], []byte(kid))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("sealed key does not open")
	}
	return seed, nil
}

// Sign signs claims with the current key, naming it in the kid header.
func (kr *Keyring) Sign(claims *auth.Claims) (string, error) {
	kr.mu.RLock()
	cur := kr.current
	kr.mu.RUnlock()
	if cur == nil {
		return "", errors.New("signing keys: no current key")
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["kid"] = cur.kid
	return tok.SignedString(cur.priv)
}

// CurrentKID names the key new tokens are signed with.
func (kr *Keyring) CurrentKID() string {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	if kr.current == nil {
		return ""
	}
	return kr.current.kid
}

// PublicKey makes the keyring a KeySource: the portal verifies its own tokens
// without fetching its own JWKS.
func (kr *Keyring) PublicKey(_ context.Context, kid string) (ed25519.PublicKey, error) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	if k, ok := kr.public[kid]; ok {
		return k, nil
	}
	return nil, auth.ErrUnknownKey
}

// JWKS is the published document: the signing key first, then the others newest
// first (the next key, then retired ones).
func (kr *Keyring) JWKS() auth.JWKS {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	doc := auth.JWKS{Keys: []auth.JWK{}}
	if kr.current != nil {
		doc.Keys = append(doc.Keys, auth.PublicJWK(kr.current.kid, kr.public[kr.current.kid]))
	}
	for _, kid := range kr.order {
		if kr.current == nil || kid != kr.current.kid {
			doc.Keys = append(doc.Keys, auth.PublicJWK(kid, kr.public[kid]))
		}
	}
	return doc
}
