package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"stepperslife/internal/kit/errs"
)

// Problem is a failed request as an error page shows it: the status, the contract
// code and the message meant for a person (never an internal error's text), and
// the request id for support.
type Problem struct {
	Status    int
	Code      errs.Code
	Message   string
	RequestID string
}

// ErrorPage writes p as a whole HTML answer with status p.Status. It must not call
// WriteError: it is what WriteError calls.
type ErrorPage func(w http.ResponseWriter, r *http.Request, p Problem)

// WithErrorPage has WriteError answer a browser (WantsHTML) with page instead of
// the JSON error; API clients keep the JSON. The page travels in the request's
// context rather than as a setting of this package because the pages are drawn by
// package ui, which imports web: the host, which knows both, installs it once,
// outside Middleware, so that the panic recovery and the body cap reach it too.
func WithErrorPage(page ErrorPage, next http.Handler) http.Handler {
	if page == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The page goes in the record Middleware keeps of the request, made here for
		// Middleware to take up: one copy of the request serves both.
		rq := &request{page: page}
		if outer := requestFrom(r.Context()); outer != nil { // inside another's: keep what it knows
			rq = &request{id: outer.id, traceID: outer.traceID, log: outer.log, page: page}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey, rq)))
	})
}

func errorPageFrom(ctx context.Context) ErrorPage {
	if rq := requestFrom(ctx); rq != nil {
		return rq.page
	}
	return nil
}

// WantsHTML reports whether the caller asks for a page: its Accept header names
// text/html (or XHTML) and prefers it to JSON. Browsers navigating send
// "text/html,…,*/*;q=0.8"; fetch(), scripts and API clients send */*,
// application/json or nothing, and get JSON.
func WantsHTML(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	html := Quality(accept, "text/html", "application/xhtml+xml")
	return html > 0 && html > Quality(accept, "application/json", "application/*")
}

// Quality is the highest weight (q, 1 when unstated) that a negotiation header —
// Accept, Accept-Encoding — gives any of names; 0 when it names none of them.
func Quality(header string, names ...string) float64 {
	best := 0.0
	// Read in place: it runs for every answer a negotiation picks (a page's error
	// form, a kept answer's encoding), so it allocates nothing.
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) {
			continue
		}
		q := 1.0
		for params != "" {
			var param string
			param, params, _ = strings.Cut(params, ";")
			key, value, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(key), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 1
				}
			}
		}
		best = max(best, q)
	}
	return best
}
