package deploy_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Command     []string          `yaml:"command"`
	EnvFile     []string          `yaml:"env_file"`
	Environment map[string]string `yaml:"environment"`
	Ports       []string          `yaml:"ports"`
	User        string            `yaml:"user"`
	ReadOnly    bool              `yaml:"read_only"`
	CapDrop     []string          `yaml:"cap_drop"`
	SecurityOpt []string          `yaml:"security_opt"`
	Profiles    []string          `yaml:"profiles"`
	Volumes     []string          `yaml:"volumes"`
	Healthcheck struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	DependsOn map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
}

func loadCompose(t *testing.T) composeFile {
	t.Helper()
	b, err := os.ReadFile("compose/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return c
}

// A pinned tag names a version: not "latest", not missing.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./-]+:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*$`)

func TestComposeImagesArePinned(t *testing.T) {
	c := loadCompose(t)
	for name, s := range c.Services {
		img := s.Image
		if def, ok := strings.CutPrefix(img, "${STEPPERSLIFE_IMAGE:-"); ok {
			img = strings.TrimSuffix(def, "}")
		}
		if !pinnedImage.MatchString(img) || strings.Contains(img, "latest") {
			t.Errorf("%s: image %q is not pinned to a version tag", name, s.Image)
		}
	}
}

func TestComposeRunsEveryServiceFromTheOneImage(t *testing.T) {
	c := loadCompose(t)
	var image string
	for _, svc := range services {
		s, ok := c.Services[svc.Name]
		if !ok {
			t.Errorf("no %s service", svc.Name)
			continue
		}
		if image == "" {
			image = s.Image
		}
		if s.Image != image {
			t.Errorf("%s runs %q, others %q", svc.Name, s.Image, image)
		}
		if !slices.Equal(s.Command, []string{"serve", svc.Name}) {
			t.Errorf("%s command = %v", svc.Name, s.Command)
		}
		if !slices.Equal(s.EnvFile, []string{"env/common.env", "env/" + svc.Name + ".env"}) {
			t.Errorf("%s env files = %v", svc.Name, s.EnvFile)
		}
		if len(s.Environment) > 0 {
			t.Errorf("%s sets variables inline; they belong in its env file: %v", svc.Name, s.Environment)
		}
		if want := fmt.Sprintf("127.0.0.1:%d:%d", svc.Port, svc.Port); !slices.Contains(s.Ports, want) {
			t.Errorf("%s ports = %v, want %s", svc.Name, s.Ports, want)
		}
		if s.User != "65532:65532" || !s.ReadOnly || !slices.Equal(s.CapDrop, []string{"ALL"}) ||
			!slices.Contains(s.SecurityOpt, "no-new-privileges:true") {
			t.Errorf("%s is not locked down: user %q read_only %v cap_drop %v security_opt %v",
				svc.Name, s.User, s.ReadOnly, s.CapDrop, s.SecurityOpt)
		}
		if !slices.Equal(s.Healthcheck.Test, []string{"CMD", "/stepperslife", "healthcheck", svc.Name}) {
			t.Errorf("%s healthcheck = %v", svc.Name, s.Healthcheck.Test)
		}
		if s.DependsOn["postgres"].Condition != "service_healthy" {
			t.Errorf("%s does not wait for a healthy PostgreSQL", svc.Name)
		}
		if svc.MinioPort != 0 {
			if _, ok := s.DependsOn["minio-"+svc.Name]; !ok {
				t.Errorf("%s does not depend on its MinIO", svc.Name)
			}
		}
		for dep := range s.DependsOn {
			if strings.HasPrefix(dep, "minio-") && dep != "minio-"+svc.Name {
				t.Errorf("%s depends on another service's MinIO %s", svc.Name, dep)
			}
		}
	}
	prov := c.Services["provision"]
	if prov.Image != image || !slices.Equal(prov.Command[:1], []string{"provision"}) || !slices.Contains(prov.Profiles, "setup") {
		t.Errorf("provision = %+v", prov)
	}
}

// One MinIO per service, on the seed's port, with an env file no other container reads.
func TestComposeMinIOPerService(t *testing.T) {
	c := loadCompose(t)
	envUsers := map[string][]string{}
	for name, s := range c.Services {
		for _, f := range s.EnvFile {
			envUsers[f] = append(envUsers[f], name)
		}
	}
	for _, svc := range services[1:] {
		name := "minio-" + svc.Name
		m, ok := c.Services[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		port := fmt.Sprint(svc.MinioPort)
		if !slices.Equal(m.Command, []string{"server", "/data", "--address", ":" + port}) ||
			!slices.Contains(m.Ports, "127.0.0.1:"+port+":"+port) {
			t.Errorf("%s command %v ports %v, want port %s", name, m.Command, m.Ports, port)
		}
		file := "env/" + name + ".env"
		if !slices.Equal(m.EnvFile, []string{file}) || !slices.Equal(envUsers[file], []string{name}) {
			t.Errorf("%s env files %v; %s read by %v", name, m.EnvFile, file, envUsers[file])
		}
		if !slices.Equal(m.Volumes, []string{name + ":/data"}) {
			t.Errorf("%s volumes = %v", name, m.Volumes)
		}
		if _, ok := c.Volumes[name]; !ok {
			t.Errorf("volume %s not declared", name)
		}
	}
	if _, ok := c.Services["mailpit"]; !ok {
		t.Error("no mailpit")
	}
	if got := envUsers["env/postgres.env"]; !slices.Equal(sorted(got), []string{"postgres", "provision"}) {
		t.Errorf("the PostgreSQL superuser's env file is read by %v", got)
	}
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// The committed examples hold placeholders or nothing where a secret goes.
var secretKey = regexp.MustCompile(`(SECRET|PASSWORD|_KEY$|ADMIN_URL)`)

func TestComposeExamplesCommitNoSecret(t *testing.T) {
	files, _ := filepath.Glob("compose/env.example/*.env")
	if len(files) != 2+len(services)+len(services)-1 {
		t.Fatalf("%d example env files: %v", len(files), files)
	}
	for _, f := range files {
		for k, v := range readEnv(t, f) {
			if !secretKey.MatchString(k) || v == "" || k == "MINIO_ACCESS_KEY" {
				continue
			}
			if !strings.Contains(v, "CHANGE_ME_") {
				t.Errorf("%s: %s has a value that is not a placeholder", f, k)
			}
		}
	}
	ignore, err := os.ReadFile("compose/.gitignore")
	if err != nil || !slices.Contains(strings.Fields(string(ignore)), "env/") {
		t.Errorf("compose/.gitignore does not keep env/ out of git: %q %v", ignore, err)
	}
}

// init-env.sh turns the examples into env files with fresh secrets: no placeholder
// left, each MinIO's root password equal to its own service's key and to no other's.
func TestInitEnvMakesMatchingUniqueSecrets(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	dir := filepath.Join(t.TempDir(), "env")
	run := func() string {
		out, err := exec.Command("bash", "compose/init-env.sh", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("init-env.sh: %v\n%s", err, out)
		}
		return string(out)
	}
	run()
	env := map[string]map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.env"))
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s mode %v: others can read it", f, st.Mode())
		}
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "CHANGE_ME") {
			t.Errorf("%s keeps a placeholder", f)
		}
		env[strings.TrimSuffix(filepath.Base(f), ".env")] = readEnv(t, f)
	}
	seen := map[string]string{}
	for _, svc := range services[1:] {
		key := env[svc.Name]["MINIO_SECRET_KEY"]
		m := env["minio-"+svc.Name]
		if len(key) < 32 || m["MINIO_ROOT_PASSWORD"] != key || m["MINIO_ROOT_USER"] != env[svc.Name]["MINIO_ACCESS_KEY"] {
			t.Errorf("%s: MinIO credentials do not pair up (key length %d)", svc.Name, len(key))
		}
		if other, dup := seen[key]; dup {
			t.Errorf("%s and %s share a MinIO secret", svc.Name, other)
		}
		seen[key] = svc.Name
	}
	pg := env["postgres"]
	if pw := pg["POSTGRES_PASSWORD"]; len(pw) < 32 || !strings.Contains(pg["STEPPERSLIFE_ADMIN_URL"], ":"+pw+"@postgres:5432/") {
		t.Error("the admin URL does not carry the PostgreSQL password")
	}
	if s := env["portal"]["NEXTAUTH_SECRET"]; len(s) < 32 {
		t.Errorf("NEXTAUTH_SECRET has %d characters; the portal wants 32", len(s))
	}
	for name, vars := range env {
		if name != "portal" && vars["NEXTAUTH_SECRET"] != "" {
			t.Errorf("%s holds the portal's secret", name)
		}
	}
	// A second run keeps what exists: secrets are not silently replaced.
	before, _ := os.ReadFile(filepath.Join(dir, "events.env"))
	if out := run(); !strings.Contains(out, "kept") {
		t.Errorf("second run: %s", out)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "events.env")); string(after) != string(before) {
		t.Error("a second run changed events.env")
	}
}

// readEnv reads KEY=VALUE lines as compose does for these simple files.
func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: %q is not KEY=VALUE", path, line)
		}
		out[k] = v
	}
	return out
}
