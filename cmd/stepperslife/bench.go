package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"stepperslife/internal/bench"
)

// benchCmd drives a running platform (scripts/bench.sh starts one) and prints each
// path's rate beside a trivial handler's, measured in the same run.
func benchCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stdout)
	var p bench.Platform
	fs.StringVar(&p.Portal, "portal", "http://127.0.0.1:3001", "the portal's address")
	fs.StringVar(&p.Events, "events", "http://127.0.0.1:3004", "the events service's address")
	fs.StringVar(&p.Restaurants, "restaurants", "http://127.0.0.1:3010", "the restaurants service's address")
	fs.StringVar(&p.Password, "password", "steppin-demo-2026", "the demo accounts' password")
	conns := fs.Int("conns", 32, "concurrent connections")
	dur := fs.Duration("duration", 5*time.Second, "how long each path is driven")
	buy := fs.Bool("purchase", true, "also race ticket purchases (writes to the events database)")
	only := fs.String("only", "", "drive only the paths named here, comma-separated (\"event page,feed\"), to profile one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *conns < 1 || *dur <= 0 {
		return errors.New("usage: stepperslife bench [--portal URL] [--events URL] [--restaurants URL] [--conns N] [--duration D] [--purchase=false] [--only NAMES]")
	}
	for _, u := range []string{p.Portal, p.Events, p.Restaurants} {
		if !strings.HasPrefix(u, "http://") {
			return fmt.Errorf("bench: %s: the load is driven over plain http:// to the services themselves", u)
		}
	}
	// The generator shares the machine with what it measures: collected less often,
	// its own garbage takes less of the CPU the platform answers with. A short run's
	// memory does not matter; the trivial handler beside it gains the same.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	c := bench.NewClient(*conns)
	trivial, stop, err := bench.Trivial()
	if err != nil {
		return err
	}
	defer stop()
	targets, err := bench.Reads(ctx, c, p)
	if err != nil {
		return err
	}
	if *only != "" {
		var names []string
		for name := range strings.SplitSeq(*only, ",") {
			name = strings.TrimSpace(name)
			if name != "purchase" && !slices.ContainsFunc(targets, func(t bench.Target) bool { return t.Name == name }) {
				return fmt.Errorf("bench: no path is named %q", name)
			}
			names = append(names, name)
		}
		targets = slices.DeleteFunc(targets, func(t bench.Target) bool { return !slices.Contains(names, t.Name) })
		*buy = *buy && slices.Contains(names, "purchase")
	}
	targets = append([]bench.Target{{Name: "trivial handler", URL: trivial}}, targets...)
	var purchase *bench.Purchase
	if *buy {
		if purchase, err = bench.NewPurchase(ctx, c, p, 100_000); err != nil {
			return err
		}
		targets = append(targets, purchase.Target)
	}
	fmt.Fprintf(stdout, "%d connections, %s per path\n\n", *conns, *dur)
	var results []bench.Result
	for _, t := range targets {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		results = append(results, bench.Run(ctx, t, *conns, *dur))
	}
	if err := bench.Print(stdout, results); err != nil {
		return err
	}
	if purchase != nil {
		over, err := purchase.Oversold(ctx, c, results[len(results)-1].OK)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "purchase: %d seats taken beyond the orders made\n", over)
		if over != 0 {
			return fmt.Errorf("oversold by %d", over)
		}
	}
	return nil
}
