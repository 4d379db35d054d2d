package web

import (
	"net/http"
	"strings"
	"time"
)

// NotModified sets the validators of an answer about to be written — a weak ETag
// made of version, and Last-Modified when modified is known — and answers 304 when
// the caller already holds it. It reports whether it answered; the handler then
// writes nothing more. The ETag is weak because Compress may send the same
// representation in different bytes.
func NotModified(w http.ResponseWriter, r *http.Request, version string, modified time.Time) bool {
	etag := `W/"` + strings.Trim(version, `"`) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	if !modified.IsZero() {
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if !etagMatches(inm, etag) {
			return false
		}
	} else if since := r.Header.Get("If-Modified-Since"); since == "" || modified.IsZero() {
		return false // most requests: nothing to parse
	} else if ims, err := http.ParseTime(since); err != nil || modified.Truncate(time.Second).After(ims) {
		return false
	}
	// A 304 carries the validators and caching headers but no body headers.
	h.Del("Content-Type")
	h.Del("Content-Length")
	w.WriteHeader(http.StatusNotModified)
	return true
}

// etagMatches is RFC 9110's weak comparison of etag against an If-None-Match list.
func etagMatches(list, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(list, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}
