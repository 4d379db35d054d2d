package host

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveProfiles serves Go's runtime profiles (net/http/pprof) on addr, apart from
// the service's own port: an operator sets PPROF_ADDR to see where a running
// service spends its time and memory. Profiles show a service's insides, so only a
// loopback address is taken ("127.0.0.1:0" picks a free port, which is logged).
func serveProfiles(ctx context.Context, addr string, log *slog.Logger) error {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("PPROF_ADDR: %w", err)
	}
	if ip := net.ParseIP(h); h != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("PPROF_ADDR must be a loopback address (127.0.0.1:PORT): profiles show the service's insides")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("PPROF_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	log.Info("profiles served", slog.String("addr", "http://"+ln.Addr().String()+"/debug/pprof/"))
	return nil
}
