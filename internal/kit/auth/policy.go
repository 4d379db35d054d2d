package auth

import (
	"net/url"
	"strings"

	"stepperslife/internal/kit/config"
)

// Policy says which addresses are our own: where a browser may be sent back to after
// signing in, and which origins may make cookie-authenticated changes.
type Policy struct {
	PortalURL    string   // NEXTAUTH_URL
	PublicURL    string   // this service's own address
	CookieDomain string   // e.g. .stepperslife.com; every host under it is ours
	Hosts        []string // further own addresses (the portal's service URLs)
	// Dev accepts plain http, and takes localhost, 127.0.0.1 and [::1] for one
	// another on the configured ports (a browser may use any of them).
	Dev bool
}

// PolicyFrom reads a service's policy from its configuration.
func PolicyFrom(cfg config.Service) Policy {
	p := Policy{PortalURL: cfg.NextAuthURL, PublicURL: strings.TrimRight(cfg.PublicURL, "/"),
		CookieDomain: cfg.CookieDomain, Dev: cfg.Dev}
	for _, u := range cfg.ServiceURLs {
		p.Hosts = append(p.Hosts, u)
	}
	return p
}

// OwnURL reports whether u (absolute) points at one of our own sites.
func (p Policy) OwnURL(u *url.URL) bool {
	if u == nil || u.User != nil || u.Host == "" {
		return false
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !p.Dev && !p.plainHTTPListed(u.Host)) {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, s := range p.listed() {
		if l, err := url.Parse(s); err == nil && l.Scheme == u.Scheme && p.sameHost(l, u) {
			return true
		}
	}
	if d := strings.ToLower(strings.TrimPrefix(p.CookieDomain, ".")); d != "" && u.Scheme == "https" {
		return host == d || strings.HasSuffix(host, "."+d)
	}
	return false
}

// sameHost compares host and port; in development every loopback name is the same
// machine, but another port is another program.
func (p Policy) sameHost(listed, u *url.URL) bool {
	if strings.EqualFold(listed.Host, u.Host) {
		return true
	}
	return p.Dev && loopback(listed.Hostname()) && loopback(u.Hostname()) && listed.Port() == u.Port()
}

func loopback(host string) bool {
	host = strings.ToLower(host)
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// OwnOrigin reports whether an Origin or Referer header value names our own site.
func (p Policy) OwnOrigin(origin string) bool {
	u, err := url.Parse(origin)
	return err == nil && p.OwnURL(u)
}

func (p Policy) listed() []string {
	return append([]string{p.PortalURL, p.PublicURL}, p.Hosts...)
}

// plainHTTPListed allows an explicitly configured http:// address outside dev.
func (p Policy) plainHTTPListed(host string) bool {
	for _, s := range p.listed() {
		if l, err := url.Parse(s); err == nil && l.Scheme == "http" && strings.EqualFold(l.Host, host) {
			return true
		}
	}
	return false
}

// SafeNext checks a ?next= target: a path on this site, or an absolute address on one
// of our own sites. Anything else (other hosts, scheme-relative //x, javascript:)
// gives fallback, so sign-in can never become an open redirect.
func (p Policy) SafeNext(next, fallback string) string {
	if next == "" || len(next) > 2048 || strings.ContainsAny(next, "\\\r\n\t\x00") {
		return fallback
	}
	if strings.HasPrefix(next, "/") {
		if strings.HasPrefix(next, "//") {
			return fallback
		}
		u, err := url.Parse(next)
		if err != nil || u.Host != "" || u.Scheme != "" {
			return fallback
		}
		return next
	}
	u, err := url.Parse(next)
	if err != nil || !u.IsAbs() || !p.OwnURL(u) {
		return fallback
	}
	return u.String()
}
