package notify

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// ApplicationName marks the LISTEN connections in pg_stat_activity.
const ApplicationName = "stepperslife-notify"

// Backoff bounds the wait between reconnection attempts.
var (
	MinBackoff = 100 * time.Millisecond
	MaxBackoff = 5 * time.Second
)

// listener holds the one LISTEN connection of a process.
type listener struct {
	bus       *Bus
	url       string
	ready     chan struct{}
	readyOnce sync.Once
}

// run listens until ctx ends. After every connection but the first, subscribers are
// told to reload: notifications sent while no connection listened are gone.
func (l *listener) run(ctx context.Context) {
	backoff := MinBackoff
	first := true
	for ctx.Err() == nil {
		conn, err := l.connect(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			l.bus.log.Warn("notify: cannot listen", slog.String("channel", l.bus.channel), slog.String("error", err.Error()))
			wait := backoff/2 + rand.N(backoff/2+1)
			backoff = min(backoff*2, MaxBackoff)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			continue
		}
		backoff = MinBackoff
		l.readyOnce.Do(func() { close(l.ready) })
		if !first {
			l.bus.log.Info("notify: listening again", slog.String("channel", l.bus.channel))
			l.bus.reloadAll()
		}
		first = false
		err = l.receive(ctx, conn)
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		_ = conn.Close(closeCtx)
		cancel()
		if ctx.Err() == nil {
			l.bus.log.Warn("notify: connection lost", slog.String("channel", l.bus.channel), slog.String("error", err.Error()))
		}
	}
}

// connect opens a connection of its own (not one of the pool's, which are shared and
// recycled) and listens on the bus's channel.
func (l *listener) connect(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(l.url)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = ApplicationName
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(cctx, "LISTEN "+pgx.Identifier{l.bus.channel}.Sanitize()); err != nil {
		_ = conn.Close(cctx)
		return nil, err
	}
	return conn, nil
}

// IdleCheck is how long a quiet connection waits before it is pinged: a connection
// cut without a word (a failover, a dropped route) is noticed within it.
var IdleCheck = 30 * time.Second

// receive delivers notifications until the connection fails or ctx ends.
func (l *listener) receive(ctx context.Context, conn *pgx.Conn) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, IdleCheck)
		n, err := conn.WaitForNotification(wctx)
		timedOut := wctx.Err() != nil
		cancel()
		if err != nil {
			if ctx.Err() == nil && timedOut {
				// A read timeout leaves the connection usable; ask it whether it lives.
				pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				err = conn.Ping(pctx)
				cancel()
				if err == nil {
					continue
				}
			}
			return err
		}
		l.bus.received(n.Payload)
	}
}
