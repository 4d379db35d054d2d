package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/host"
	"stepperslife/internal/kit/web"
)

// GoPrefix starts the portal's links to the services' pages: /go/{service}/{path}.
const GoPrefix = "/go/"

// Links send browsers on from the portal to a page of a service. A page on one
// service knows only its own address and the portal's, so its links to another
// service's tools go through here. The portal reaches services at internal
// addresses a browser may not; each service tells its public address at
// host.SitePath, which is read when first needed and kept for a short while, so a
// service that stopped answering is noticed within that while.
type Links struct {
	up     *Upstreams
	policy auth.Policy
	// Keep is how long a public address is used without asking again (default 1
	// minute); Timeout bounds asking (default 2s).
	Keep, Timeout time.Duration
	now           func() time.Time

	mu    sync.Mutex
	known map[string]publicAddress
}

type publicAddress struct {
	url string
	at  time.Time
}

// NewLinks sends browsers to the services of up; policy says which addresses are
// ours, so a service can never send browsers elsewhere.
func NewLinks(up *Upstreams, policy auth.Policy) *Links {
	return &Links{up: up, policy: policy, Keep: time.Minute, Timeout: 2 * time.Second, now: time.Now,
		known: map[string]publicAddress{}}
}

// Mount registers GET /go/{service}/{path...}.
func (l *Links) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET "+GoPrefix+"{service}", l.serve)
	mux.HandleFunc("GET "+GoPrefix+"{service}/{path...}", l.serve)
}

// serve redirects to path (with the query) at the service's public address: 404
// for a service the portal does not know, 503 while it does not answer.
func (l *Links) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("service")
	if !l.up.Known(name) {
		web.WriteError(w, r, errs.NotFound("Page"))
		return
	}
	base, err := l.publicURL(r.Context(), name)
	if err != nil {
		web.LoggerFrom(r.Context()).LogAttrs(r.Context(), slog.LevelWarn, "go link: no public address",
			slog.String("service", name), slog.String("error", err.Error()))
		web.WriteError(w, r, errs.Errorf(errs.CodeUnavailable,
			"This part of SteppersLife is not answering right now. Please try again in a moment.").
			With(map[string]any{"service": name}))
		return
	}
	rest := strings.TrimPrefix(r.URL.EscapedPath(), GoPrefix+url.PathEscape(name))
	if rest == "" {
		rest = "/"
	}
	target := base + rest
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusFound)
}

// publicURL is service name's public address, asked of the service unless known
// since less than Keep; a service whose breaker is open is not asked.
func (l *Links) publicURL(ctx context.Context, name string) (string, error) {
	if l.up.Breaker(name).State() == Open {
		return "", &OpenError{Service: name}
	}
	l.mu.Lock()
	k, ok := l.known[name]
	l.mu.Unlock()
	if ok && l.now().Sub(k.at) < l.Keep {
		return k.url, nil
	}
	addr, err := l.ask(ctx, name)
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	l.known[name] = publicAddress{url: addr, at: l.now()}
	l.mu.Unlock()
	return addr, nil
}

// ask reads the service's public address and checks that it is one of ours.
func (l *Links) ask(ctx context.Context, name string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, l.Timeout)
	defer cancel()
	req, err := l.up.NewRequest(ctx, name, http.MethodGet, host.SitePath, nil, "")
	if err != nil {
		return "", err
	}
	resp, err := l.up.Do(name, req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s answered %d", host.SitePath, resp.StatusCode)
	}
	var info host.SiteInfo
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&info); err != nil {
		return "", fmt.Errorf("%s: %w", host.SitePath, err)
	}
	u, err := url.Parse(strings.TrimRight(info.PublicURL, "/"))
	if err != nil || info.Service != name || u.RawQuery != "" || u.Fragment != "" || !l.policy.OwnURL(u) {
		return "", fmt.Errorf("%s: %q of %q is not one of our addresses", host.SitePath, info.PublicURL, info.Service)
	}
	return u.String(), nil
}
