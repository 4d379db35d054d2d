package db_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"stepperslife/internal/kit/db"
	"stepperslife/internal/kit/dbtest"
)

func TestSchemaOfFollowsCreatesDropsAndRenames(t *testing.T) {
	later := db.Migrations{Owner: "later", Dir: "m", FS: fstest.MapFS{
		"m/0001_a.sql": {Data: []byte("CREATE TABLE IF NOT EXISTS old_outbox (id TEXT);\nCREATE TABLE gone (id TEXT);")},
		"m/0002_b.sql": {Data: []byte("DROP TABLE gone;\nALTER TABLE old_outbox RENAME TO outbox;")},
	}}
	s, err := db.SchemaOf(set, later)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Tables, ","); got != "schema_migrations,tickets,scans,outbox" {
		t.Fatalf("tables %s", got)
	}
	if got := strings.Join(s.Migrations, ","); got != "test/0001_tickets.sql,test/0002_scans.sql,later/0001_a.sql,later/0002_b.sql" {
		t.Fatalf("migrations %s", got)
	}
}

func TestCheckSchemaFindsWhatIsMissing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		schema, err := db.SchemaOf(set)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.CheckSchema(ctx, schema); err == nil {
			t.Fatal("an unmigrated database passed")
		}
		if err := db.Migrate(ctx, d, set); err != nil {
			t.Fatal(err)
		}
		if err := d.CheckSchema(ctx, schema); err != nil {
			t.Fatalf("migrated database: %v", err)
		}
		if _, err := d.ExecContext(ctx, "DROP TABLE scans"); err != nil {
			t.Fatal(err)
		}
		if err := d.CheckSchema(ctx, schema); err == nil || !strings.Contains(err.Error(), "tables") {
			t.Fatalf("a dropped table passed: %v", err)
		}
	})
}
