// Command stepperslife runs the SteppersLife platform: every service at once (up),
// one service (serve NAME), and the operator's tasks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `stepperslife — the SteppersLife platform

  stepperslife up [--demo]                 run the portal and the six services, each its own process
  stepperslife up --stack --admin-url URL [--minio PATH] [--minio-port 9001]
                                           the same on provisioned PostgreSQL, with one MinIO per service
  stepperslife serve NAME                  run one service in the foreground
  stepperslife migrate NAME                apply NAME's database migrations and exit
  stepperslife admin grant|revoke EMAIL ROLE
                                           give or take a role in the portal's database
  stepperslife provision --admin-url URL   create the seven databases and their login roles
  stepperslife bench [--conns N] [--duration D]
                                           drive a running platform and compare each path with a trivial handler
  stepperslife healthcheck [--ready] [NAME]
                                           exit 0 when the service on PORT is alive (ready)
  stepperslife version                     print the version

NAME is one of: portal restaurants events store classes magazine services
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal starts a graceful stop; restoring the default handling then
	// lets a second Ctrl-C end the process at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "stepperslife:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("a command is required")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "up":
		return up(ctx, rest, stderr)
	case "serve":
		if len(rest) != 1 {
			return errors.New("usage: stepperslife serve NAME")
		}
		svc, err := lookup(rest[0])
		if err != nil {
			return err
		}
		return serve(ctx, svc)
	case "migrate":
		if len(rest) != 1 {
			return errors.New("usage: stepperslife migrate NAME")
		}
		return migrate(ctx, rest[0], stdout)
	case "admin":
		return admin(ctx, rest, stdout)
	case "provision":
		return provisionCmd(ctx, rest, stdout)
	case "bench":
		return benchCmd(ctx, rest, stdout)
	case "healthcheck":
		return healthcheck(ctx, rest, os.Getenv, stdout)
	case "version":
		fmt.Fprintln(stdout, "stepperslife", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func init() {
	// Until a service sets its own, tooling commands log plainly to stderr.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
}
