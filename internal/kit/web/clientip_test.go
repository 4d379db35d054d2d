package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"stepperslife/internal/kit/web"
)

func TestRealClient(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		name, peer string
		xff        []string
		trusted    []netip.Prefix
		want       string
	}{
		{"no proxies configured: the header is ignored", "10.1.2.3:5000", []string{"203.0.113.9"}, nil, "10.1.2.3"},
		{"untrusted peer: the header is ignored", "198.51.100.7:5000", []string{"203.0.113.9"}, trusted, "198.51.100.7"},
		{"trusted proxy: the client it saw", "10.1.2.3:5000", []string{"203.0.113.9"}, trusted, "203.0.113.9"},
		{"a client's own forged hop is skipped", "10.1.2.3:5000", []string{"1.1.1.1, 203.0.113.9"}, trusted, "203.0.113.9"},
		{"a chain of trusted proxies", "10.1.2.3:5000", []string{"203.0.113.9, 10.9.9.9", "10.8.8.8"}, trusted, "203.0.113.9"},
		{"only proxies in the header: the peer stays", "10.1.2.3:5000", []string{"10.9.9.9"}, trusted, "10.1.2.3"},
		{"garbage hop: the peer stays", "10.1.2.3:5000", []string{"203.0.113.9, not-an-ip"}, trusted, "10.1.2.3"},
		{"no header: the peer stays", "10.1.2.3:5000", nil, trusted, "10.1.2.3"},
		{"IPv6 proxy and client", "[fd00::1]:5000", []string{"2001:db8::5"}, trusted, "2001:db8::5"},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:5000", []string{"203.0.113.9"}, trusted, "203.0.113.9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got string
			h := web.RealClient(c.trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = web.ClientIP(r)
			}))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != c.want {
				t.Errorf("client = %q, want %q", got, c.want)
			}
		})
	}
}
