package hosttest

import (
	"net/http"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
)

// Kept checks that a signed-out GET of path (headers are name, value pairs) is a
// public answer with validators, answered 304 to its ETag while nothing changes, and
// returns that ETag. An answer stamped with the clock's 30 s window may cross the
// window's edge between the two reads, so it is tried once more: a second try is
// never on an edge again.
func (s *Server) Kept(path string, headers ...string) string {
	s.T.Helper()
	for try := 1; ; try++ {
		res := s.Must(http.StatusOK, "GET", path, nil, nil, headers...)
		etag := res.Header.Get("ETag")
		if etag == "" || res.Header.Get("Last-Modified") == "" || res.Header.Get("Cache-Control") != cache.Public {
			s.T.Fatalf("GET %s: headers %v", path, res.Header)
		}
		nm := s.Do("GET", path, nil, nil, append([]string{"If-None-Match", etag}, headers...)...)
		if nm.Status == http.StatusNotModified && len(nm.Body) == 0 {
			return etag
		}
		if try == 2 {
			s.T.Fatalf("GET %s with its ETag: %d %s", path, nm.Status, nm.Body)
		}
	}
}

// KeptAll is Kept for each of paths, asked with the same headers: it holds each
// path's ETag in etags, for the test to revalidate with after a write.
func (s *Server) KeptAll(etags map[string]string, paths []string, headers ...string) {
	s.T.Helper()
	for _, path := range paths {
		etags[path] = s.Kept(path, headers...)
	}
}

// ChangedAll is Changed for each of paths with the ETag etags holds for it, and holds
// the new ETag in its place.
func (s *Server) ChangedAll(etags map[string]string, paths []string, want string, headers ...string) {
	s.T.Helper()
	for _, path := range paths {
		etags[path] = s.Changed(path, etags[path], want, headers...).Header.Get("ETag")
	}
}

// Changed checks that a signed-out GET of path with etag, taken before a write, is
// answered in full and shows want (when set), and returns the answer.
func (s *Server) Changed(path, etag, want string, headers ...string) Response {
	s.T.Helper()
	res := s.Do("GET", path, nil, nil, append([]string{"If-None-Match", etag}, headers...)...)
	if res.Status != http.StatusOK || res.Header.Get("ETag") == etag || !strings.Contains(string(res.Body), want) {
		s.T.Fatalf("GET %s after a write: %d, ETag %q (was %q), want %q in:\n%s", path, res.Status,
			res.Header.Get("ETag"), etag, want, res.Body)
	}
	return res
}

// Private checks that u's GET of path is answered as theirs alone, never kept by a
// shared cache, and returns the answer.
func (s *Server) Private(path string, u *auth.User, headers ...string) Response {
	s.T.Helper()
	res := s.Must(http.StatusOK, "GET", path, u, nil, headers...)
	if cc := res.Header.Get("Cache-Control"); cc != cache.Private {
		s.T.Fatalf("GET %s as %s: Cache-Control %q", path, u.Email, cc)
	}
	return res
}
