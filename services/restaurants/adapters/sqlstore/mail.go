package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"stepperslife/internal/kit/mail"
	"stepperslife/internal/kit/outbox"
)

// InTx runs fn with the store bound to one new transaction: what fn writes through
// it, e-mail included, commits together or not at all. On a store already bound to a
// transaction fn simply runs inside that one.
func (s *Store) InTx(ctx context.Context, fn func(st *Store) error) error {
	if s.scope.Tx != nil {
		return fn(s)
	}
	return s.scope.DB.InTx(ctx, func(tx *sql.Tx) error { return fn(s.WithTx(tx)) })
}

// EnqueueMail puts m in the kit's outbox. On a store bound to a transaction it is
// enqueued inside it, so it is sent only if what it announces commits.
func (s *Store) EnqueueMail(ctx context.Context, m mail.Message) error {
	return wrap("enqueue mail", strconv.Quote(m.Subject), outbox.Enqueue(ctx, s.scope.Q(), m))
}
