package web

import (
	"net/http"
	"time"

	"stepperslife/internal/kit/errs"
)

// ReadyTimeout bounds each readiness check.
const ReadyTimeout = 2 * time.Second

// JSONFallback answers what mux does not route (404, 405) in the contract's shape
// instead of the mux's plain text.
func JSONFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			setRoute(r.Context(), pattern)
			mux.ServeHTTP(w, r)
			return
		}
		probe := &headerProbe{header: http.Header{}}
		mux.ServeHTTP(probe, r)
		switch probe.status {
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", probe.header.Get("Allow"))
			WriteError(w, r, errs.Errorf(errs.CodeMethodNotAllowed, "This address does not accept "+r.Method+"."))
		case http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			w.Header().Set("Location", probe.header.Get("Location"))
			w.WriteHeader(probe.status)
		default:
			WriteError(w, r, errs.Errorf(errs.CodeNotFound, "Nothing here."))
		}
	})
}

// headerProbe captures what the mux would have answered, without writing it.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(code int)        { p.status = code }
