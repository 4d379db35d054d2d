// Package gateway is how the portal talks to the six services: one shared HTTP client,
// a circuit breaker per service, errors turned into the contract's shape, and the
// /api/{service}/… reverse proxy.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/tracing"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/platform"
)

// Options tune the portal's calls to services; zero values take the defaults.
type Options struct {
	// DialTimeout bounds connecting to a service (default 1s).
	DialTimeout time.Duration
	// HeaderTimeout bounds waiting for a forwarded request's answer to begin
	// (default 15s); bodies then stream without a deadline.
	HeaderTimeout time.Duration
	// BreakerThreshold consecutive failures open a service's breaker (default 3).
	BreakerThreshold int
	// BreakerCooldown is how long an open breaker refuses calls before one probe
	// (default 5s).
	BreakerCooldown time.Duration
}

func (o Options) withDefaults() Options {
	if o.DialTimeout <= 0 {
		o.DialTimeout = time.Second
	}
	if o.HeaderTimeout <= 0 {
		o.HeaderTimeout = 15 * time.Second
	}
	if o.BreakerThreshold <= 0 {
		o.BreakerThreshold = 3
	}
	if o.BreakerCooldown <= 0 {
		o.BreakerCooldown = 5 * time.Second
	}
	return o
}

// Upstreams are the services the portal reaches, with their breakers.
type Upstreams struct {
	// Client is shared by every call and every forwarded request, so connections
	// to each service are pooled and bounded in one place.
	Client *http.Client
	// transport is the pool, wrapped so a traced request's calls carry traceparent.
	transport http.RoundTripper
	names     []string
	bases     map[string]*url.URL
	breakers  map[string]*Breaker
}

// NewUpstreams reaches each service at urls[name] (config.Service.ServiceURLs).
// Only the six services of internal/platform are known.
func NewUpstreams(urls map[string]string, o Options) (*Upstreams, error) {
	o = o.withDefaults()
	tr := tracing.Transport(NewTransport(o))
	u := &Upstreams{
		Client: &http.Client{Transport: tr,
			// An API answer is used as it is; a redirect is not followed behind the
			// caller's back.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		transport: tr, bases: map[string]*url.URL{}, breakers: map[string]*Breaker{}}
	for _, s := range platform.Verticals() {
		raw, ok := urls[s.Name]
		if !ok || raw == "" {
			continue
		}
		base, err := url.Parse(strings.TrimRight(raw, "/"))
		if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
			return nil, fmt.Errorf("gateway: %s: %q is not an http(s) address", s.URLVar, raw)
		}
		u.names = append(u.names, s.Name)
		u.bases[s.Name] = base
		u.breakers[s.Name] = NewBreaker(o.BreakerThreshold, o.BreakerCooldown)
	}
	return u, nil
}

// NewTransport is the portal's connection pool: bounded per service, keep-alive,
// short connect and answer-start timeouts, no environment proxy. It asks for no
// compression of its own: services sit beside the portal, where compressing costs
// more than the bytes it saves (a browser's Accept-Encoding still passes through the
// API gateway untouched).
func NewTransport(o Options) *http.Transport {
	o = o.withDefaults()
	return &http.Transport{
		DialContext:           (&net.Dialer{Timeout: o.DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          512,
		MaxIdleConnsPerHost:   64,
		MaxConnsPerHost:       256,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: o.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		DisableCompression:    true,
	}
}

// Names lists the reachable services in platform order.
func (u *Upstreams) Names() []string { return u.names }

// Known reports whether name is a service the portal reaches.
func (u *Upstreams) Known(name string) bool { _, ok := u.bases[name]; return ok }

// Breaker is service name's circuit breaker (nil for an unknown name).
func (u *Upstreams) Breaker(name string) *Breaker { return u.breakers[name] }

// Base is service name's address.
func (u *Upstreams) Base(name string) *url.URL { return u.bases[name] }

// NewRequest prepares a call to service name at pathAndQuery ("/api/…"), carrying the
// request id of ctx and, when token is set, the caller's identity as a Bearer token.
func (u *Upstreams) NewRequest(ctx context.Context, name, method, pathAndQuery string, body io.Reader, token string) (*http.Request, error) {
	base, ok := u.bases[name]
	if !ok {
		return nil, errs.NotFound("Service " + name)
	}
	req, err := http.NewRequestWithContext(ctx, method, base.String()+pathAndQuery, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if id := web.RequestID(ctx); id != "" {
		req.Header.Set(web.RequestIDHeader, id)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, nil
}

// Do sends req to service name through its breaker. A refused call comes back as
// ErrOpen; an answer of 500 or more counts against the service but is returned.
func (u *Upstreams) Do(name string, req *http.Request) (*http.Response, error) {
	return u.send(name, req, u.Client.Do)
}

// RoundTrip is Do for a request the reverse proxy prepared.
func (u *Upstreams) RoundTrip(name string, req *http.Request) (*http.Response, error) {
	return u.send(name, req, u.transport.RoundTrip)
}

func (u *Upstreams) send(name string, req *http.Request, send func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	b := u.breakers[name]
	if b == nil {
		return nil, errs.NotFound("Service " + name)
	}
	if !b.Allow() {
		return nil, &OpenError{Service: name}
	}
	if tracing.Enabled() {
		req = req.WithContext(tracing.WithPeer(req.Context(), name))
	}
	resp, err := send(req)
	b.Record(outcome(req.Context(), resp, err))
	return resp, err
}

// outcome judges a call for the breaker: the caller leaving is no fault of the
// service; a transport error, a timeout or a 5xx answer is.
func outcome(ctx context.Context, resp *http.Response, err error) Outcome {
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			return Ignored
		}
		return Failure
	}
	if resp.StatusCode >= 500 {
		return Failure
	}
	return Success
}

// OpenError is a call the breaker refused.
type OpenError struct{ Service string }

func (e *OpenError) Error() string { return "gateway: " + e.Service + ": circuit open" }

// Token is the caller's raw session token (Bearer header, else the session cookie),
// which travels on to services as a Bearer token; the portal keeps no copy. Only a
// session the portal itself accepted travels: the portal knows at once when a session
// is revoked, a service only when its token expires.
func Token(r *http.Request) string {
	if _, ok := auth.FromContext(r.Context()); !ok {
		return ""
	}
	tok, _ := auth.TokenFromRequest(r)
	return tok
}

// Problem turns a failed call to service name into the contract's error: 503 when
// the service refuses connections or its breaker is open, 504 when it is too slow,
// 502 for anything else.
func Problem(name string, err error) *errs.Error {
	var open *OpenError
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &open):
		return errs.Errorf(errs.CodeUnavailable, "The "+name+" service is not answering right now. Please try again in a moment.").
			With(map[string]any{"service": name})
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return errs.Errorf(errs.CodeGatewayTimeout, "The "+name+" service took too long to answer. Please try again.").
			With(map[string]any{"service": name})
	case errors.As(err, &oe) && oe.Op == "dial":
		return errs.Errorf(errs.CodeUnavailable, "The "+name+" service is not answering right now. Please try again in a moment.").
			With(map[string]any{"service": name})
	}
	return errs.Errorf(errs.CodeBadGateway, "The "+name+" service gave an answer we could not use. Please try again.").
		With(map[string]any{"service": name})
}
