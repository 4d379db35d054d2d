package cache

import (
	"net/http"
	"strconv"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// VersionPath is where a service tells whoever keeps its answers (the portal's item
// pages) that its data changed, so they need not ask it on every visit.
const VersionPath = "/api/data-version"

// VersionAnswer is VersionPath's answer.
type VersionAnswer struct {
	// Version is opaque: it differs whenever any answer of the service may differ
	// (its data or its build).
	Version string `json:"version"`
}

// versionWait is how long an unchanged version is waited on before it is answered
// anyway: under the portal's 15 s wait for an answer to begin, so a quiet service
// never looks like a stuck one.
const versionWait = 10 * time.Second

// Checking for a change costs a few memory loads on SQLite (the file's commit mark)
// and a small read on PostgreSQL, where a change another replica made is heard
// through the database.
const (
	markedCheckEvery = 2 * time.Millisecond
	readCheckEvery   = 25 * time.Millisecond
)

// ServeVersion answers the data's version at once when it differs from ?after=, and
// otherwise as soon as it changes, or unchanged after a while.
func (c *Cache) ServeVersion(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	if len(after) > 64 {
		web.WriteError(w, r, errs.Invalid(map[string]string{"after": "at most 64 characters"}))
		return
	}
	every := readCheckEvery
	if _, marked := c.db.CommitMark(); marked {
		every = markedCheckEvery
	}
	ctx := r.Context()
	check := time.NewTicker(every)
	defer check.Stop()
	giveUp := time.NewTimer(versionWait)
	defer giveUp.Stop()
	for {
		v, err := c.readVersion(ctx)
		if err != nil {
			web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable, "the data's version cannot be read"))
			return
		}
		now := build + "." + strconv.FormatInt(v.N, 36)
		if now != after {
			w.Header().Set("Cache-Control", "no-store")
			web.WriteJSON(w, http.StatusOK, VersionAnswer{Version: now})
			return
		}
		select {
		case <-check.C:
		case <-giveUp.C:
			after = "" // answer what stands
		case <-web.Stopping(ctx):
			after = ""
		case <-ctx.Done():
			return
		}
	}
}
