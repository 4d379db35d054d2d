// Package notify broadcasts small messages to every process of a service. On
// PostgreSQL it rides on the service's own database (pg_notify to send, one LISTEN
// connection per process to hear), so replicas of a service hear each other without
// another component; on the embedded SQLite database there is only one process, and
// messages go straight to its subscribers.
package notify

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"

	"stepperslife/internal/kit/db"
)

// MaxPayload is the most a message may carry: PostgreSQL refuses NOTIFY payloads of
// 8000 bytes or more, and the topic travels in the same payload.
const MaxPayload = 7000

// Message is what a subscriber hears.
type Message struct {
	Payload []byte
	// Reload says messages may have been missed (the process lost its LISTEN
	// connection for a while): whoever shows live data should read it afresh.
	Reload bool
}

// Bus sends messages on topics and hands them to the topics' subscribers.
type Bus struct {
	d       *db.DB
	channel string
	log     *slog.Logger

	mu   sync.RWMutex
	subs map[string]map[*sub]struct{}

	// listener is the PostgreSQL side, nil on SQLite.
	listener *listener
}

type sub struct{ fn func(Message) }

// ErrTooLarge refuses a payload over MaxPayload.
var ErrTooLarge = errors.New("notify: payload too large")

// New makes a bus for a service whose database is d. On PostgreSQL, databaseURL is
// where the LISTEN connection goes and channel names the service's PostgreSQL
// channel; Run must then be running for anything to be heard. On SQLite both are
// ignored.
func New(d *db.DB, databaseURL, channel string, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.Default()
	}
	b := &Bus{d: d, channel: channel, log: log, subs: map[string]map[*sub]struct{}{}}
	if d.Dialect == db.Postgres {
		b.listener = &listener{bus: b, url: databaseURL, ready: make(chan struct{})}
	}
	return b
}

// Local is a bus within this process only, for use cases assembled without a
// database (and tests of them).
func Local() *Bus {
	return &Bus{channel: "local", log: slog.Default(), subs: map[string]map[*sub]struct{}{}}
}

// Subscribe calls fn with every message on topic (and every Reload) until cancel is
// called. fn runs on the bus's delivery goroutine (or the sender's, on SQLite): it
// must not block.
func (b *Bus) Subscribe(topic string, fn func(Message)) (cancel func()) {
	s := &sub{fn: fn}
	b.mu.Lock()
	if b.subs[topic] == nil {
		b.subs[topic] = map[*sub]struct{}{}
	}
	b.subs[topic][s] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs[topic], s)
			if len(b.subs[topic]) == 0 {
				delete(b.subs, topic)
			}
			b.mu.Unlock()
		})
	}
}

// Subscribers counts this process's subscriptions to topic, for tests and metrics.
func (b *Bus) Subscribers(topic string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.subs[topic])
}

// Publish sends payload on topic to every process of the service, this one included.
// On PostgreSQL it is sent once the caller's writes are committed: a reader told of
// a change must find it.
func (b *Bus) Publish(ctx context.Context, topic string, payload []byte) error {
	if len(topic)+1+len(payload) > MaxPayload || strings.ContainsRune(topic, '\n') {
		return ErrTooLarge
	}
	if b.listener == nil {
		b.deliver(topic, Message{Payload: payload})
		return nil
	}
	// This process hears its own notification through its LISTEN connection like
	// every other replica, so each subscriber gets it exactly once.
	_, err := b.d.ExecContext(ctx, "SELECT pg_notify($1, $2)", b.channel, topic+"\n"+string(payload))
	return err
}

// Run keeps the LISTEN connection on PostgreSQL until ctx ends (reconnecting with
// backoff); on SQLite it returns at once.
func (b *Bus) Run(ctx context.Context) {
	if b.listener != nil {
		b.listener.run(ctx)
	}
}

// Ready is closed once the bus hears other processes: at once on SQLite, after the
// first LISTEN on PostgreSQL.
func (b *Bus) Ready() <-chan struct{} {
	if b.listener == nil {
		c := make(chan struct{})
		close(c)
		return c
	}
	return b.listener.ready
}

// deliver hands m to topic's subscribers.
func (b *Bus) deliver(topic string, m Message) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for s := range b.subs[topic] {
		s.fn(m)
	}
}

// reloadAll tells every subscriber that messages may have been missed.
func (b *Bus) reloadAll() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, subs := range b.subs {
		for s := range subs {
			s.fn(Message{Reload: true})
		}
	}
}

// received splits a notification into topic and payload and delivers it.
func (b *Bus) received(raw string) {
	topic, payload, ok := strings.Cut(raw, "\n")
	if !ok {
		return
	}
	b.deliver(topic, Message{Payload: []byte(payload)})
}
