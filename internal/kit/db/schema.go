package db

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
)

// Schema is what a binary's migrations leave in its database: every migration it
// applies and every table they create. Readiness checks it, so a database that lost a
// table or missed a migration is not reported ready.
type Schema struct {
	Migrations []string
	Tables     []string
	// onlyOn names the tables a file for one database creates (….postgres.sql,
	// ….sqlite.sql): the other database is not expected to have them.
	onlyOn map[string]Dialect
}

var (
	createTable = regexp.MustCompile(`(?i)\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)`)
	dropTable   = regexp.MustCompile(`(?i)\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?"?([A-Za-z_][A-Za-z0-9_]*)`)
	renameTable = regexp.MustCompile(`(?i)\bALTER\s+TABLE\s+"?([A-Za-z_][A-Za-z0-9_]*)"?\s+RENAME\s+TO\s+"?([A-Za-z_][A-Za-z0-9_]*)`)
)

// SchemaOf reads the schema that sets leave, in the order Migrate applies them.
func SchemaOf(sets ...Migrations) (Schema, error) {
	s := Schema{Tables: []string{"schema_migrations"}, onlyOn: map[string]Dialect{}}
	for _, set := range sets {
		names, err := fs.Glob(set.FS, path.Join(set.Dir, "*.sql"))
		if err != nil {
			return Schema{}, err
		}
		sort.Strings(names)
		for _, name := range names {
			body, err := fs.ReadFile(set.FS, name)
			if err != nil {
				return Schema{}, err
			}
			s.Migrations = append(s.Migrations, set.Owner+"/"+path.Base(name))
			before := slices.Clone(s.Tables)
			for _, stmt := range splitStatements(string(body)) {
				s.Tables = applyDDL(s.Tables, stmt)
			}
			if only, ok := fileDialect(path.Base(name)); ok {
				for _, t := range s.Tables {
					if !slices.Contains(before, t) {
						s.onlyOn[t] = only
					}
				}
			}
		}
	}
	return s, nil
}

// fileDialect names the one database a migration file is for, if it is for one.
func fileDialect(file string) (Dialect, bool) {
	switch {
	case !SQLite.takes(file):
		return Postgres, true
	case !Postgres.takes(file):
		return SQLite, true
	}
	return SQLite, false
}

func applyDDL(tables []string, stmt string) []string {
	if m := createTable.FindStringSubmatch(stmt); m != nil && !slices.Contains(tables, m[1]) {
		return append(tables, m[1])
	}
	if m := dropTable.FindStringSubmatch(stmt); m != nil {
		return slices.DeleteFunc(tables, func(t string) bool { return t == m[1] })
	}
	if m := renameTable.FindStringSubmatch(stmt); m != nil {
		tables = slices.DeleteFunc(tables, func(t string) bool { return t == m[1] })
		return append(tables, m[2])
	}
	return tables
}

// CheckSchema answers nil when every migration of s for this database is recorded
// (a file named for the other database is not expected) and every table of s
// exists, else an error naming what is missing.
func (d *DB) CheckSchema(ctx context.Context, s Schema) error {
	mine := slices.DeleteFunc(slices.Clone(s.Migrations), func(id string) bool { return !d.Dialect.takes(path.Base(id)) })
	var a Args
	applied, err := d.count(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE id IN ("+a.List(Strings(mine)...)+")", a.Values())
	if err != nil {
		return fmt.Errorf("schema: reading applied migrations: %w", err)
	}
	if applied != len(mine) {
		return fmt.Errorf("schema: %d of %d migrations applied", applied, len(mine))
	}
	tables := slices.DeleteFunc(slices.Clone(s.Tables), func(t string) bool {
		only, ok := s.onlyOn[t]
		return ok && only != d.Dialect
	})
	var b Args
	in := b.List(Strings(tables)...)
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (" + in + ")"
	if d.Dialect == Postgres {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN (" + in + ")"
	}
	present, err := d.count(ctx, q, b.Values())
	if err != nil {
		return fmt.Errorf("schema: reading tables: %w", err)
	}
	if present != len(tables) {
		return fmt.Errorf("schema: %d of %d tables present", present, len(tables))
	}
	return nil
}

func (d *DB) count(ctx context.Context, q string, args []any) (int, error) {
	if len(args) == 0 {
		return 0, nil
	}
	var n int
	err := d.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}
