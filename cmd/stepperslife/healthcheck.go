package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"stepperslife/internal/platform"
)

// healthTimeout is well inside Docker's default 30-second health check timeout, so a
// hung service is reported as unhealthy by this command rather than killed by the engine.
const healthTimeout = 5 * time.Second

// healthcheck asks the service listening on PORT (or NAME's default port) whether it is
// alive (/healthz) or ready (/readyz), for container engines whose images have no curl:
// the exit status is the answer.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stdout)
	ready := fs.Bool("ready", false, "ask /readyz (database and blobs answer) instead of /healthz (the process serves)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return errors.New("usage: stepperslife healthcheck [--ready] [NAME]")
	}
	port, err := healthPort(fs.Arg(0), getenv)
	if err != nil {
		return err
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	url := "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", url, resp.Status)
	}
	fmt.Fprintf(stdout, "%s: %s\n", url, resp.Status)
	return nil
}

// healthPort is PORT when set (the service reads the same variable), else the default
// port of the service named.
func healthPort(name string, getenv func(string) string) (int, error) {
	if v := getenv("PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return 0, fmt.Errorf("PORT: must be a port number from 1 to 65535, got %q", v)
		}
		return p, nil
	}
	if name == "" {
		return 0, errors.New("healthcheck: PORT is not set; name the service (stepperslife healthcheck NAME) to use its default port")
	}
	spec, ok := platform.Lookup(name)
	if !ok {
		return 0, fmt.Errorf("unknown service %q", name)
	}
	return spec.Port, nil
}
