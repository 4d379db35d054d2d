package deploy_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

type ruleFile struct {
	Groups []struct {
		Name  string `json:"name"`
		Rules []struct {
			Alert       string            `json:"alert"`
			Expr        string            `json:"expr"`
			For         string            `json:"for"`
			Labels      map[string]string `json:"labels"`
			Annotations map[string]string `json:"annotations"`
		} `json:"rules"`
	} `json:"groups"`
}

// Every alert names only metrics the platform exports, and the operations guide
// explains every alert.
func TestAlertsUseExportedMetricsAndAreDocumented(t *testing.T) {
	b, err := os.ReadFile("prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f ruleFile
	if err := yaml.UnmarshalStrict(b, &f); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	doc, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{"up": true}
	for _, src := range []string{"../internal/kit/web/middleware.go", "../services/events/ports/httpapi/metrics.go", "../services/portal/gateway/metrics.go"} {
		code, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`Name: +"([a-z_]+)"`).FindAllSubmatch(code, -1) {
			exported[string(m[1])] = true
		}
	}
	metric := regexp.MustCompile(`\b([a-z_]+)\s*[{\[]`)
	n := 0
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			n++
			if r.Alert == "" || r.For == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("rule %+v is incomplete", r)
			}
			for _, m := range metric.FindAllStringSubmatch(r.Expr, -1) {
				name := strings.TrimSuffix(m[1], "_bucket")
				if m[1] == "by" || name == "rate" || name == "sum" {
					continue
				}
				if !exported[name] {
					t.Errorf("%s uses %s, which no service exports", r.Alert, m[1])
				}
			}
			if !strings.Contains(string(doc), "`"+r.Alert+"`") {
				t.Errorf("docs/operations.md does not explain %s", r.Alert)
			}
		}
	}
	if n == 0 {
		t.Error("no alerts")
	}
}
