package provision

import (
	"net/url"
	"strings"
	"testing"
)

func TestValidatePrefix(t *testing.T) {
	for _, ok := range []string{"stepperslife_", "sl", "_x", "t1_", "a_b_c"} {
		if err := ValidatePrefix(ok); err != nil {
			t.Errorf("ValidatePrefix(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "1abc", "Step_", "a-b", "a b", `a"; DROP ROLE x; --`, "pg_x", "é_", strings.Repeat("a", maxPrefix+1)} {
		if err := ValidatePrefix(bad); err == nil {
			t.Errorf("ValidatePrefix(%q) = nil, want an error", bad)
		}
	}
}

func TestTargetsFollowTheContract(t *testing.T) {
	def, err := Targets(DefaultPrefix)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"portal":      {"stepperslife_main", "stepperslife_portal_app"},
		"restaurants": {"stepperslife_restaurants", "stepperslife_restaurants_app"},
		"events":      {"stepperslife_events", "stepperslife_events_app"},
		"store":       {"stepperslife_store", "stepperslife_store_app"},
		"classes":     {"stepperslife_classes", "stepperslife_classes_app"},
		"magazine":    {"stepperslife_magazine", "stepperslife_magazine_app"},
		"services":    {"stepperslife_services", "stepperslife_services_app"},
	}
	if len(def) != len(want) {
		t.Fatalf("%d targets, want %d", len(def), len(want))
	}
	for _, tg := range def {
		w := want[tg.Service.Name]
		if tg.Database != w[0] || tg.Role != w[1] {
			t.Errorf("%s: database %q role %q, want %q %q", tg.Service.Name, tg.Database, tg.Role, w[0], w[1])
		}
	}
	other, err := Targets("t9_")
	if err != nil {
		t.Fatal(err)
	}
	if other[0].Database != "t9_main" || other[1].Role != "t9_restaurants_app" {
		t.Errorf("prefix not applied: %+v %+v", other[0], other[1])
	}
	long, _ := Targets(strings.Repeat("a", maxPrefix))
	for _, tg := range long {
		if len(tg.Role) > 63 || len(tg.Database) > 63 {
			t.Errorf("%s exceeds PostgreSQL's 63-byte names", tg.Role)
		}
	}
	if _, err := Targets("Bad"); err == nil {
		t.Error("Targets accepted an invalid prefix")
	}
}

func TestServiceURL(t *testing.T) {
	admin, err := parseAdminURL("postgres://postgres:s3cret@db.internal:6432/postgres?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/admin.crt&application_name=x")
	if err != nil {
		t.Fatal(err)
	}
	raw := serviceURL(admin, "sl_events_app", "p@ss/w:rd?#", "sl_events")
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	if u.User.Username() != "sl_events_app" || pw != "p@ss/w:rd?#" {
		t.Errorf("credentials did not survive the URL: %q", raw)
	}
	if u.Host != "db.internal:6432" || u.Path != "/sl_events" {
		t.Errorf("host/path: %q", raw)
	}
	q := u.Query()
	if q.Get("sslmode") != "verify-full" || q.Get("sslrootcert") != "/ca.pem" {
		t.Errorf("server parameters not carried: %q", raw)
	}
	if q.Has("sslcert") || q.Has("application_name") || strings.Contains(raw, "s3cret") {
		t.Errorf("admin-only parameters leaked into a service URL: %q", raw)
	}
	if got := adminURLFor(admin, "sl_store"); !strings.Contains(got, "@db.internal:6432/sl_store?") {
		t.Errorf("adminURLFor = %q", got)
	}
}

func TestParseAdminURLNeverEchoesIt(t *testing.T) {
	for _, bad := range []string{"", "mysql://root:hunter2@x/db", "host=x password=hunter2", "postgres://u:hunter2@[::1"} {
		_, err := parseAdminURL(bad)
		if err == nil {
			t.Errorf("parseAdminURL(%q) accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error repeats the password: %v", err)
		}
	}
}
