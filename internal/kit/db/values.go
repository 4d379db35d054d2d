package db

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// NoRows answers notFound (a service's own ErrNotFound) for sql.ErrNoRows, and err
// otherwise.
func NoRows(err, notFound error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return err
}

// OneRow answers notFound when a write (res, err from ExecContext) changed no row.
func OneRow(res sql.Result, err, notFound error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// Unique answers duplicate (a service's own ErrDuplicate) for a unique-key conflict.
func Unique(err, duplicate error) error {
	if IsUniqueViolation(err) {
		return duplicate
	}
	return err
}

// NullTime is t in UTC as a query argument, or NULL for nil.
func NullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// TimeOf is a scanned nullable time in UTC, or nil for NULL.
func TimeOf(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// NullString is s as a query argument, or NULL for "".
func NullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// IDs runs a query that selects one text column and answers its values.
func IDs(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
