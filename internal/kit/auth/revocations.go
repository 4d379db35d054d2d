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
	"stepperslife/internal/kit/tracing"
)

// Revocation timings.
const (
	// RevocationsPath is where the portal lists the token cutoffs of the last
	// AccessTTL: sessions signed out, and users an admin took a role from.
	RevocationsPath = "/api/auth/revocations"
	// RevocationPoll is how often a service reads them, and so about the longest a
	// revoked session's token still works on a service.
	RevocationPoll = 2 * time.Second
	// maxRevocationBytes bounds one answer (about 100 bytes a cutoff).
	maxRevocationBytes = 4 << 20
)

// Revocation is one session cutoff on the wire: tokens of the session whose
// RevocationKey is Session, issued before NotBefore, are refused.
type Revocation struct {
	Session   string    `json:"session"`
	NotBefore time.Time `json:"notBefore"`
}

// RoleRevocation is one role cut on the wire: tokens of the session whose
// RevocationKey is Session, issued before NotBefore, grant only Roles (an admin took
// one from its user).
type RoleRevocation struct {
	Session   string    `json:"session"`
	NotBefore time.Time `json:"notBefore"`
	Roles     []string  `json:"roles"`
}

// RevocationList is the portal's answer at RevocationsPath.
type RevocationList struct {
	Items []Revocation     `json:"items"`
	Roles []RoleRevocation `json:"roles"`
}

// RevocationKey is what the portal publishes of a session id: enough to match a token,
// nothing to learn from — session ids travel only inside their tokens.
func RevocationKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// Revocations keeps the portal's recent cutoffs for a service's verifier, read in the
// background so that checking a token costs one map lookup and no call. While the
// portal cannot be reached the last list stays in force.
type Revocations struct {
	url    string
	client *http.Client
	log    *slog.Logger
	cuts   atomic.Pointer[cutoffs]
	failed atomic.Bool // the last refresh failed: logged once until one succeeds
}

// cutoffs are one reading of the portal's list, by revocation key.
type cutoffs struct {
	sessions map[string]time.Time
	roles    map[string]RoleRevocation
}

// NewRevocations reads the cutoffs of the portal at portalURL; client nil means a
// client with a timeout.
func NewRevocations(portalURL string, client *http.Client, log *slog.Logger) *Revocations {
	if client == nil {
		client = &http.Client{Timeout: fetchTimeout, Transport: tracing.Transport(nil)}
	}
	r := &Revocations{url: portalURL + RevocationsPath, client: client, log: log}
	r.cuts.Store(&cutoffs{})
	return r
}

// Check refuses a token of a revoked session, and returns the roles a token still
// grants when its user lost one since it was issued (nil: all of its own). It is a
// TokenVerifier's Check.
func (r *Revocations) Check(_ context.Context, t Issued) ([]string, error) {
	c := r.cuts.Load()
	if nb, ok := c.sessions[t.SessionKey]; ok && t.At.Before(nb) {
		return nil, ErrSessionEnded
	}
	if cut, ok := c.roles[t.SessionKey]; ok && t.At.Before(cut.NotBefore) {
		return cut.Roles, nil
	}
	return nil, nil
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
	cuts := cutoffs{sessions: make(map[string]time.Time, len(list.Items)), roles: make(map[string]RoleRevocation, len(list.Roles))}
	for _, c := range list.Items {
		if c.NotBefore.After(cuts.sessions[c.Session]) {
			cuts.sessions[c.Session] = c.NotBefore
		}
	}
	for _, c := range list.Roles {
		if c.NotBefore.After(cuts.roles[c.Session].NotBefore) {
			if c.Roles == nil {
				c.Roles = []string{} // a cut with no roles left grants none
			}
			cuts.roles[c.Session] = c
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
