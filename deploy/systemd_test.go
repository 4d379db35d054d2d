package deploy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// unitDirectives reads a unit file's Key=Value lines of section.
func unitDirectives(t *testing.T, path, section string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	cur := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			cur = strings.Trim(line, "[]")
		case cur == section:
			k, v, _ := strings.Cut(line, "=")
			out[k] = append(out[k], v)
		}
	}
	return out
}

func TestSystemdUnitIsHardened(t *testing.T) {
	svc := unitDirectives(t, "systemd/stepperslife@.service", "Service")
	for key, want := range map[string]string{
		"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes", "ProtectHome": "yes",
		"CapabilityBoundingSet": "", "AmbientCapabilities": "", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
		"StateDirectory": "stepperslife/%i", "ExecStart": "/usr/local/bin/stepperslife serve %i",
		"PrivateDevices": "yes", "MemoryDenyWriteExecute": "yes",
	} {
		if got := svc[key]; len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if !slices.Contains(svc["EnvironmentFile"], "/etc/stepperslife/%i.env") {
		t.Errorf("EnvironmentFile = %v", svc["EnvironmentFile"])
	}
	if u := svc["User"]; len(u) != 1 || u[0] == "root" || u[0] == "" {
		t.Errorf("User = %v", u)
	}
	target := unitDirectives(t, "systemd/stepperslife.target", "Unit")
	wants := strings.Fields(strings.Join(target["Wants"], " "))
	for _, s := range services {
		if !slices.Contains(wants, "stepperslife@"+s.Name+".service") {
			t.Errorf("the target does not start %s", s.Name)
		}
	}
	if len(wants) != len(services) {
		t.Errorf("the target wants %v", wants)
	}
}

// systemd-analyze verify reads the units as systemd would; any warning fails. The
// binary the unit names is not installed here, so a copy points at one that exists.
func TestSystemdAnalyzeVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed: the units were not verified")
	}
	dir := t.TempDir()
	exe, err := exec.LookPath("true")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"stepperslife@.service", "stepperslife.target"} {
		b, err := os.ReadFile(filepath.Join("systemd", name))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(b), "/usr/local/bin/stepperslife", exe)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"verify", "--man=no", "./stepperslife.target"}
	for _, s := range services {
		args = append(args, "./stepperslife@"+s.Name+".service")
	}
	cmd := exec.Command(analyze, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// The pm2 file is valid JavaScript and, evaluated by node, lists the seven services
// and six MinIOs with each one's own variables.
func TestPM2Ecosystem(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: ecosystem.config.js was not checked")
	}
	if out, err := exec.Command(node, "--check", "pm2/ecosystem.config.js").CombinedOutput(); err != nil {
		t.Fatalf("node --check: %v\n%s", err, out)
	}
	envDir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(envDir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("common.env", "# shared\nNEXTAUTH_URL=https://stepperslife.com\n")
	write("events.env", "PORT=4004\nMINIO_SECRET_KEY='events-key'\n")
	write("minio-events.env", "MINIO_ROOT_PASSWORD=events-key\n")
	abs, _ := filepath.Abs("pm2/ecosystem.config.js")
	cmd := exec.Command(node, "-e", fmt.Sprintf("process.stdout.write(JSON.stringify(require(%q)))", abs))
	cmd.Env = append(os.Environ(), "STEPPERSLIFE_ENV_DIR="+envDir, "STEPPERSLIFE_BIN=/opt/sl")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var eco struct {
		Apps []struct {
			Name, Script, Interpreter string
			Args                      []string
			Env                       map[string]string
		}
	}
	if err := json.Unmarshal(out, &eco); err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for i, a := range eco.Apps {
		byName[a.Name] = i
	}
	if len(eco.Apps) != len(services)*2-1 {
		t.Errorf("%d apps", len(eco.Apps))
	}
	for _, s := range services {
		name := "stepperslife-" + s.Name
		if s.Name == "portal" {
			name = "stepperslife-main"
		}
		i, ok := byName[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		a := eco.Apps[i]
		if a.Script != "/opt/sl" || a.Interpreter != "none" || !slices.Equal(a.Args, []string{"serve", s.Name}) ||
			a.Env["NEXTAUTH_URL"] != "https://stepperslife.com" {
			t.Errorf("%s = %+v", name, a)
		}
		wantPort := fmt.Sprint(s.Port)
		if s.Name == "events" {
			wantPort = "4004" // its own file wins
			if a.Env["MINIO_SECRET_KEY"] != "events-key" {
				t.Errorf("events env = %v", a.Env)
			}
		} else if a.Env["MINIO_SECRET_KEY"] != "" {
			t.Errorf("%s got events' MinIO key", name)
		}
		if a.Env["PORT"] != wantPort {
			t.Errorf("%s PORT = %s, want %s", name, a.Env["PORT"], wantPort)
		}
		if s.MinioPort == 0 {
			continue
		}
		m, ok := byName["minio-"+s.Name]
		if !ok {
			t.Errorf("no minio-%s", s.Name)
			continue
		}
		if args := eco.Apps[m].Args; !slices.Contains(args, fmt.Sprintf(":%d", s.MinioPort)) {
			t.Errorf("minio-%s args = %v", s.Name, args)
		}
		if got := eco.Apps[m].Env["MINIO_ROOT_PASSWORD"]; (s.Name == "events") != (got == "events-key") {
			t.Errorf("minio-%s root password = %q", s.Name, got)
		}
	}
}
