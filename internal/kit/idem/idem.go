// Package idem makes POST handlers idempotent under the Idempotency-Key header: the
// same key with the same body gets the first answer and the work is done once, even
// when the copies arrive at the same moment; the same key with another body is
// refused with IDEMPOTENCY_KEY_REUSED.
package idem

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// Header is the request header that carries the key.
const Header = "Idempotency-Key"

// Keys are kept this long; a retry after that is a new request.
const Retention = 24 * time.Hour

// abandonAfter is how long an unfinished first request holds its key before a retry
// may take over (the first process may have died mid-request).
const abandonAfter = 2 * time.Minute

// waitFor bounds how long a copy waits for the first request to finish.
const waitFor = 30 * time.Second

var (
	errReused     = errs.Errorf(errs.CodeIdempotencyReused, "This Idempotency-Key was already used with a different request.")
	errInProgress = errs.Errorf(errs.CodeConflict, "A request with this Idempotency-Key is still being processed; retry shortly.")
	errBadKey     = errs.Errorf(errs.CodeValidation, "Idempotency-Key must be 1 to 255 printable characters.")
)

// Wrap returns h guarded by the key store in d. Requests without the header pass
// straight through.
func Wrap(d *db.DB, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(Header)
		if key == "" {
			h(w, r)
			return
		}
		if len(key) > 255 || !printable(key) {
			web.WriteError(w, r, errBadKey)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		scope := scopeOf(r)
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
		hash := hex.EncodeToString(sum[:])

		deadline := time.Now().Add(waitFor)
		for delay := 10 * time.Millisecond; ; delay = min(delay*2, 250*time.Millisecond) {
			owner, err := claim(r.Context(), d, scope, key, hash)
			if err != nil {
				web.WriteError(w, r, err)
				return
			}
			if owner {
				serveAndStore(w, r, d, scope, key, h)
				return
			}
			done, err := replay(w, r, d, scope, key, hash)
			if err != nil {
				web.WriteError(w, r, err)
				return
			}
			if done {
				return
			}
			if time.Now().After(deadline) {
				web.WriteError(w, r, errInProgress)
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(delay):
			}
		}
	}
}

// scopeOf keeps one caller's keys apart from another's: the same key from two users
// is two requests.
func scopeOf(r *http.Request) string {
	who := "anonymous"
	if u, ok := auth.FromContext(r.Context()); ok {
		who = "user:" + u.ID
	}
	return who + " " + r.Method + " " + r.URL.Path
}

// claim inserts an unfinished row for the key; whoever inserts it does the work.
func claim(ctx context.Context, d *db.DB, scope, key, hash string) (bool, error) {
	now := time.Now().UTC()
	// An abandoned unfinished row is released so this request can take it.
	if _, err := d.ExecContext(ctx, `DELETE FROM idempotency_keys
		WHERE scope = $1 AND idem_key = $2 AND status = 0 AND created_at < $3`,
		scope, key, now.Add(-abandonAfter)); err != nil {
		return false, err
	}
	res, err := d.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at)
		VALUES ($1, $2, $3, 0, $4) ON CONFLICT (scope, idem_key) DO NOTHING`, scope, key, hash, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// replay answers with the stored first answer, if there is one yet.
func replay(w http.ResponseWriter, r *http.Request, d *db.DB, scope, key, hash string) (bool, error) {
	var storedHash, contentType string
	var status int
	var body []byte
	err := d.QueryRowContext(r.Context(), `SELECT request_hash, status, content_type, body
		FROM idempotency_keys WHERE scope = $1 AND idem_key = $2`, scope, key).
		Scan(&storedHash, &status, &contentType, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // the first request failed and let go; try to claim again
	}
	if err != nil {
		return false, err
	}
	if storedHash != hash {
		return false, errReused
	}
	if status == 0 {
		return false, nil
	}
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return true, nil
}

// serveAndStore runs the handler, keeps its answer for later copies and sends it.
// A 5xx answer is not kept: the key is released so the client may retry.
func serveAndStore(w http.ResponseWriter, r *http.Request, d *db.DB, scope, key string, h http.HandlerFunc) {
	rec := &capture{header: w.Header(), status: http.StatusOK}
	func() {
		defer func() {
			if p := recover(); p != nil {
				release(d, scope, key)
				panic(p)
			}
		}()
		h(rec, r)
	}()
	ctx := context.WithoutCancel(r.Context())
	if rec.status >= 500 {
		release(d, scope, key)
	} else if _, err := d.ExecContext(ctx, `UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5
		WHERE scope = $1 AND idem_key = $2`, scope, key, rec.status, rec.header.Get("Content-Type"), rec.body.Bytes()); err != nil {
		web.LoggerFrom(ctx).Error("idempotency: storing the answer failed", "error", err.Error())
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

func release(d *db.DB, scope, key string) {
	_, _ = d.ExecContext(context.Background(), `DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND status = 0`, scope, key)
}

// Purge forgets keys older than Retention.
func Purge(ctx context.Context, d *db.DB) error {
	_, err := d.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, time.Now().UTC().Add(-Retention))
	return err
}

type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (c *capture) Header() http.Header { return c.header }
func (c *capture) WriteHeader(code int) {
	if !c.wrote {
		c.status, c.wrote = code, true
	}
}
func (c *capture) Write(b []byte) (int, error) {
	c.wrote = true
	return c.body.Write(b)
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
