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
// runs it at start and then periodically, in every replica: the schedule is read
// and changed in one transaction under a lock, so of replicas maintaining at once
// one adds the next key and the others find it there.
func (kr *Keyring) Maintain(ctx context.Context) error {
	now := kr.now().UTC()
	var added *signer
	err := kr.db.InTx(ctx, func(tx *sql.Tx) error {
		added = nil
		if err := lockKeys(ctx, kr.db, tx); err != nil {
			return fmt.Errorf("signing keys: lock: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < $1`,
			now.Add(-KeepRetired)); err != nil {
			return fmt.Errorf("signing keys: drop retired keys: %w", err)
		}
		st, err := kr.read(ctx, tx)
		if err != nil {
			return err
		}
		if st.current == nil {
			// Nothing can sign (a fresh database, or keys sealed under another secret).
			added, err = kr.insert(ctx, tx, now, true)
			return err
		}
		// Keys older than the current one stop signing now and leave after KeepRetired.
		if _, err := tx.ExecContext(ctx, `UPDATE signing_keys SET retired_at = $1
			WHERE retired_at IS NULL AND active_from < $2`, now, st.current.activeFrom); err != nil {
			return fmt.Errorf("signing keys: retire keys older than %s: %w", st.current.kid, err)
		}
		if !st.pending && now.Sub(st.current.activeFrom) > RotateAfter-PrePublish {
			added, err = kr.insert(ctx, tx, now.Add(PrePublish), false)
		}
		return err
	})
	if err != nil {
		return err
	}
	kr.logAdded(added)
	return kr.load(ctx)
}

// Rotate makes a new key sign at once and retires the others, for a suspected
// leak. Services learn the new kid on its first token (one JWKS fetch); scheduled
// rotation through Maintain avoids even that.
func (kr *Keyring) Rotate(ctx context.Context) error {
	var added *signer
	err := kr.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := lockKeys(ctx, kr.db, tx); err != nil {
			return fmt.Errorf("signing keys: lock: %w", err)
		}
		var err error
		added, err = kr.insert(ctx, tx, kr.now().UTC(), true)
		return err
	})
	if err != nil {
		return err
	}
	kr.logAdded(added)
	return kr.load(ctx)
}

// keysLock is the advisory lock that serialises key maintenance across portal
// replicas on PostgreSQL (migrations hold 7261, provisioning 7262).
const keysLock = 7263

// lockKeys holds keysLock until tx ends; a replica that dies mid-maintenance loses
// it with its connection, so the next one goes on. SQLite's immediate transactions
// already run one at a time. The wait is short and wanted: a replica starting beside
// another must find the key the other is adding, not add a second one.
func lockKeys(ctx context.Context, d *db.DB, tx *sql.Tx) error {
	if d.Dialect != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, keysLock)
	return err
}

// insert stores a new key that signs from activeFrom; retireOthers retires every
// other key at once.
func (kr *Keyring) insert(ctx context.Context, tx *sql.Tx, activeFrom time.Time, retireOthers bool) (*signer, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	kid := base64.RawURLEncoding.EncodeToString(b[:])
	nonce := make([]byte, kr.aead.NonceSize())
	_, _ = rand.Read(nonce)
	sealed := kr.aead.Seal(nonce, nonce, priv.Seed(), []byte(kid))
	now := kr.now().UTC()
	if retireOthers {
		if _, err := tx.ExecContext(ctx, `UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL`, now); err != nil {
			return nil, fmt.Errorf("signing keys: add: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO signing_keys (kid, public_key, private_key, created_at, active_from)
		VALUES ($1, $2, $3, $4, $5)`, kid, []byte(pub), sealed, now, activeFrom); err != nil {
		return nil, fmt.Errorf("signing keys: add: %w", err)
	}
	return &signer{kid: kid, activeFrom: activeFrom}, nil
}

// logAdded tells, once committed, which key was added.
func (kr *Keyring) logAdded(k *signer) {
	if k != nil {
		kr.log.Info("signing key added", slog.String("kid", k.kid), slog.Time("activeFrom", k.activeFrom))
	}
}

// keyState is the schedule as stored: the key that signs now, whether a published
// one waits for its turn, and every published key.
type keyState struct {
	current *signer
	pending bool
	public  map[string]ed25519.PublicKey
	order   []string // kids, newest first
}

// load reads the schedule and makes it the one this process signs and verifies with.
func (kr *Keyring) load(ctx context.Context) error {
	st, err := kr.read(ctx, kr.db)
	if err != nil {
		return err
	}
	kr.mu.Lock()
	kr.current, kr.pending, kr.public, kr.order = st.current, st.pending, st.public, st.order
	kr.mu.Unlock()
	return nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (kr *Keyring) read(ctx context.Context, q querier) (keyState, error) {
	st := keyState{public: map[string]ed25519.PublicKey{}}
	rows, err := q.QueryContext(ctx, `SELECT kid, public_key, private_key, active_from, retired_at
		FROM signing_keys ORDER BY active_from DESC, kid`)
	if err != nil {
		return st, fmt.Errorf("signing keys: load: %w", err)
	}
	defer rows.Close()
	now := kr.now()
	for rows.Next() {
		var kid string
		var pub, sealed []byte
		var from time.Time
		var retired sql.NullTime
		if err := rows.Scan(&kid, &pub, &sealed, &from, &retired); err != nil {
			return st, fmt.Errorf("signing keys: load: %w", err)
		}
		if len(pub) != ed25519.PublicKeySize {
			continue
		}
		st.public[kid] = ed25519.PublicKey(pub)
		st.order = append(st.order, kid)
		if st.current != nil || retired.Valid {
			continue
		}
		if from.After(now) {
			st.pending = true
			continue
		}
		seed, err := kr.open(kid, sealed)
		if err != nil {
			// Sealed under another NEXTAUTH_SECRET: it cannot sign; Maintain makes a new one.
			kr.log.Warn("signing key cannot be opened with this NEXTAUTH_SECRET", slog.String("kid", kid))
			continue
		}
		st.current = &signer{kid: kid, priv: ed25519.NewKeyFromSeed(seed), activeFrom: from}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("signing keys: load: %w", err)
	}
	return st, nil
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
