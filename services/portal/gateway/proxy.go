package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"strings"

	"stepperslife/internal/kit/web"
)

// Gateway forwards /api/{service}/… on the portal to /api/… of that service. Bodies
// stream through in both directions and nothing is stored.
type Gateway struct {
	up    *Upstreams
	proxy *httputil.ReverseProxy
}

type serviceKey struct{}

// New forwards through up's client and breakers.
func New(up *Upstreams) *Gateway {
	g := &Gateway{up: up}
	g.proxy = &httputil.ReverseProxy{
		Rewrite:        g.rewrite,
		Transport:      breakerTransport{up: up},
		ModifyResponse: modifyResponse,
		ErrorHandler:   g.fail,
		// Streams (server-sent events) reach the browser as they come.
		FlushInterval: -1,
	}
	return g
}

// Mount registers /api/{service}/ for each of the six services. Other /api/ paths
// are not the gateway's: the kit's fallback answers them 404 in the contract's shape.
func (g *Gateway) Mount(mux *http.ServeMux) {
	for _, name := range g.up.Names() {
		mux.Handle("/api/"+name+"/", g.handler(name))
	}
}

// Handler forwards every request it gets to service name, stripping /api/{name}.
func (g *Gateway) handler(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), serviceKey{}, name))
		g.proxy.ServeHTTP(w, r)
	})
}

func (g *Gateway) rewrite(pr *httputil.ProxyRequest) {
	name, _ := pr.In.Context().Value(serviceKey{}).(string)
	base := g.up.Base(name)
	prefix := "/api/" + name
	out := pr.Out
	out.URL.Scheme, out.URL.Host = base.Scheme, base.Host
	out.Host = base.Host
	out.URL.Path = base.Path + "/api" + strings.TrimPrefix(pr.In.URL.Path, prefix)
	if pr.In.URL.RawPath != "" {
		out.URL.RawPath = base.Path + "/api" + strings.TrimPrefix(pr.In.URL.RawPath, prefix)
	} else {
		out.URL.RawPath = ""
	}
	pr.SetXForwarded()
	// Identity travels as a Bearer token the service verifies itself; the browser's
	// cookies (session, refresh, CSRF) stay with the portal.
	tok := Token(pr.In)
	out.Header.Del("Cookie")
	out.Header.Del("Authorization")
	out.Header.Del("X-Csrf-Token")
	if tok != "" {
		out.Header.Set("Authorization", "Bearer "+tok)
	}
	if id := web.RequestID(pr.In.Context()); id != "" {
		out.Header.Set(web.RequestIDHeader, id)
	}
	// Idempotency-Key and the other end-to-end headers pass as they are; Rewrite has
	// already dropped the hop-by-hop ones.
}

// modifyResponse keeps services from setting cookies on the portal's address: the
// portal alone decides what the browser keeps for it.
func modifyResponse(resp *http.Response) error {
	resp.Header.Del("Set-Cookie")
	return nil
}

func (g *Gateway) fail(w http.ResponseWriter, r *http.Request, err error) {
	name, _ := r.Context().Value(serviceKey{}).(string)
	if errors.Is(r.Context().Err(), context.Canceled) {
		// The caller left; nobody reads this answer.
		w.WriteHeader(499)
		return
	}
	p := Problem(name, err)
	web.LoggerFrom(r.Context()).LogAttrs(r.Context(), slog.LevelWarn, "gateway: service call failed",
		slog.String("service", name), slog.String("error", err.Error()), slog.String("code", string(p.Code)))
	web.WriteError(w, r, p)
}

// breakerTransport sends forwarded requests through the service's breaker.
type breakerTransport struct{ up *Upstreams }

func (t breakerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	name, _ := req.Context().Value(serviceKey{}).(string)
	return t.up.RoundTrip(name, req)
}
