package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"stepperslife/internal/kit/loop"
)

// Revocation timings.
const (
	// RevocationsPath is where the portal lists the token cutoffs of the last
	// AccessTTL: sessions signed out, and users whose roles were taken away.
	RevocationsPath = "/api/auth/revocations"
	// RevocationPoll is how often a service reads them, and so about the longest a
	// revoked session's token still works on a service.
	RevocationPoll = 2 * time.Second
	// maxRevocationBytes bounds one answer (about 100 bytes a cutoff).
	maxRevocationBytes = 4 << 20
)

// Revocation is one cutoff on the wire: tokens of the session whose SessionKey is
// Session, issued before NotBefore, are refused.
type Revocation struct {
	Session   string    `json:"session"`
	NotBefore time.Time `json:"notBefore"`
}

// RevocationList is the portal's answer at RevocationsPath.
type RevocationList struct {
	Items []Revocation `json:"items"`
}

// SessionKey is what the portal publishes of a session id: enough to match a token,
// nothing to learn from.
func SessionKey(sid string) string {
	sum := sha256.Sum256([]byte(sid))
	return hex.EncodeToString(sum[:16])
}

// Revocations keeps the portal's recent cutoffs for a service's verifier, read in the
// background so that checking a token costs one map lookup and no call. While the
// portal cannot be reached the last list stays in force.
type Revocations struct {
	url    string
	client *http.Client
	log    *slog.Logger
	cuts   atomic.Pointer[map[string]time.Time]
	failed atomic.Bool // the last refresh failed: logged once until one succeeds
}

// NewRevocations reads the cutoffs of the portal at portalURL; client nil means a
// client with a timeout.
func NewRevocations(portalURL string, client *http.Client, log *slog.Logger) *Revocations {
	if client == nil {
		client = &http.Client{Timeout: fetchTimeout}
	}
	r := &Revocations{url: portalURL + RevocationsPath, client: client, log: log}
	r.cuts.Store(&map[string]time.Time{})
	return r
}

// Refuses reports whether a token of the session with key sessionKey, issued at
// issuedAt, was cut off.
func (r *Revocations) Refuses(sessionKey string, issuedAt time.Time) bool {
	nb, ok := (*r.cuts.Load())[sessionKey]
	return ok && issuedAt.Before(nb)
}

// Refresh reads the portal's list once.
func (r *Revocations) Refresh(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("revocations: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("revocations: portal answered %s", resp.Status)
	}
	var list RevocationList
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxRevocationBytes)).Decode(&list); err != nil {
		return fmt.Errorf("revocations: unreadable answer: %w", err)
	}
	cuts := make(map[string]time.Time, len(list.Items))
	for _, c := range list.Items {
		if c.NotBefore.After(cuts[c.Session]) {
			cuts[c.Session] = c.NotBefore
		}
	}
	r.cuts.Store(&cuts)
	return nil
}

// Run refreshes every RevocationPoll until ctx ends.
func (r *Revocations) Run(ctx context.Context) {
	loop.Run(ctx, RevocationPoll, loop.Kick{}, func(ctx context.Context) {
		err := r.Refresh(ctx)
		switch {
		case err == nil:
			if r.failed.Swap(false) {
				r.log.Info("revocations: reading the portal's list again")
			}
		case ctx.Err() == nil && !r.failed.Swap(true):
			r.log.Warn("revocations: cannot read the portal's list; keeping the last one", slog.String("error", err.Error()))
		}
	})
}
