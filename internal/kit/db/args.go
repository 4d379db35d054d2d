package db

import (
	"strconv"
	"strings"
)

// Args collects a query's arguments and hands out their numbered placeholders ($1,
// $2, …), which both PostgreSQL and SQLite read. It is the one way stores build
// queries whose conditions depend on the input.
type Args struct{ values []any }

// Add appends v and returns its placeholder.
func (a *Args) Add(v any) string {
	a.values = append(a.values, v)
	return "$" + strconv.Itoa(len(a.values))
}

// List appends each of vs and returns their placeholders joined by commas, for IN (…)
// and for the rows of a multi-row VALUES.
func (a *Args) List(vs ...any) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(a.Add(v))
	}
	return b.String()
}

// Values are the arguments in placeholder order.
func (a *Args) Values() []any { return a.values }
