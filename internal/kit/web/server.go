package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Server timeouts: slow clients cannot hold connections open, and a stop drains
// in-flight requests for at most ShutdownGrace.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	ShutdownGrace     = 15 * time.Second
)

// Serve answers on ln until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// In-flight requests drain rather than being cancelled; long-lived streams watch
	// Stopping instead, so they end as soon as the stop begins.
	stopping := make(chan struct{})
	base := context.WithValue(context.WithoutCancel(ctx), stoppingKey, (<-chan struct{})(stopping))
	srv.BaseContext = func(net.Listener) context.Context { return base }
	srv.RegisterOnShutdown(func() { close(stopping) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", slog.Duration("grace", ShutdownGrace))
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}

type stopKey struct{}

var stoppingKey stopKey

// Stopping is closed when the server begins to shut down; server-sent event streams
// and other long-lived answers end when it closes.
func Stopping(ctx context.Context) <-chan struct{} {
	if c, ok := ctx.Value(stoppingKey).(<-chan struct{}); ok {
		return c
	}
	return nil
}
