package deploy_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// services mirrors the main module's internal/platform table, which this module
// cannot import; TestPlatformTableMatches keeps the two in step.
var services = []struct {
	Name, Database, Bucket string
	Port, MinioPort        int
}{
	{"portal", "stepperslife_main", "", 3001, 0},
	{"restaurants", "stepperslife_restaurants", "restaurants", 3010, 9001},
	{"events", "stepperslife_events", "events", 3004, 9002},
	{"store", "stepperslife_store", "store", 3008, 9003},
	{"classes", "stepperslife_classes", "classes", 3009, 9004},
	{"magazine", "stepperslife_magazine", "magazine", 3007, 9005},
	{"services", "stepperslife_services", "services", 3011, 9006},
}

func TestPlatformTableMatches(t *testing.T) {
	b, err := os.ReadFile("../internal/platform/registry.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range services {
		want := fmt.Sprintf(`{Name: %q, Port: %d, Database: %q`, s.Name, s.Port, s.Database)
		if s.Bucket != "" {
			want += fmt.Sprintf(`, Bucket: %q`, s.Bucket)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("internal/platform no longer says %s", want)
		}
	}
	if n := strings.Count(string(b), "{Name: "); n != len(services) {
		t.Errorf("internal/platform lists %d services, this module %d", n, len(services))
	}
}
