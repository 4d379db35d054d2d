package deploy_test

import (
	"bytes"
	"context"
	"debug/elf"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dockerInstr is one instruction of the Dockerfile, continuation lines joined.
type dockerInstr struct{ Op, Args string }

func readDockerfile(t *testing.T) []dockerInstr {
	t.Helper()
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var out []dockerInstr
	var cur strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		s := strings.TrimSpace(line)
		if cur.Len() == 0 && (s == "" || strings.HasPrefix(s, "#")) {
			continue
		}
		if strings.HasSuffix(s, "\\") {
			cur.WriteString(strings.TrimSuffix(s, "\\") + " ")
			continue
		}
		cur.WriteString(s)
		op, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, dockerInstr{strings.ToUpper(op), strings.TrimSpace(args)})
		cur.Reset()
	}
	return out
}

func TestDockerfile(t *testing.T) {
	ins := readDockerfile(t)
	var froms []string
	var final []dockerInstr // instructions of the last stage
	for _, in := range ins {
		if in.Op == "FROM" {
			froms = append(froms, in.Args)
			final = nil
		}
		final = append(final, in)
	}
	if len(froms) < 2 {
		t.Fatalf("not multi-stage: %v", froms)
	}
	goVersion := goDirective(t)
	if !strings.Contains(froms[0], "golang:"+goVersion+"-") {
		t.Errorf("build stage %q does not use go.mod's Go %s", froms[0], goVersion)
	}
	for _, f := range froms {
		img := strings.Fields(strings.TrimPrefix(f, "--platform=$BUILDPLATFORM "))[0]
		// distroless publishes no version tags: its name pins the Debian release
		// and the tag the user; a digest can be added where builds must be repeatable.
		distroless := regexp.MustCompile(`^gcr\.io/distroless/static-debian[0-9]+:nonroot(@sha256:[0-9a-f]{64})?$`)
		if !pinnedImage.MatchString(img) && !distroless.MatchString(img) || strings.Contains(img, "latest") {
			t.Errorf("FROM %s is not pinned", img)
		}
	}
	runtime := froms[len(froms)-1]
	if !strings.HasPrefix(runtime, "gcr.io/distroless/static") && runtime != "scratch" {
		t.Errorf("runtime base %q is neither distroless/static nor scratch", runtime)
	}
	all := func(op string) []string {
		var args []string
		for _, in := range final {
			if in.Op == op {
				args = append(args, in.Args)
			}
		}
		return args
	}
	build := strings.Join(func() []string {
		var s []string
		for _, in := range ins {
			if in.Op == "RUN" {
				s = append(s, in.Args)
			}
		}
		return s
	}(), "\n")
	if !strings.Contains(build, "CGO_ENABLED=0") || !strings.Contains(build, "./cmd/stepperslife") {
		t.Errorf("the binary is not built static from cmd/stepperslife:\n%s", build)
	}
	if u := all("USER"); len(u) != 1 || !regexp.MustCompile(`^[1-9][0-9]*(:[1-9][0-9]*)?$`).MatchString(u[0]) {
		t.Errorf("USER = %v, want one numeric non-root user", u)
	}
	if e := all("ENTRYPOINT"); len(e) != 1 || e[0] != `["/stepperslife"]` {
		t.Errorf("ENTRYPOINT = %v", e)
	}
	if h := all("HEALTHCHECK"); len(h) != 1 || !strings.Contains(h[0], `CMD ["/stepperslife", "healthcheck"]`) {
		t.Errorf("HEALTHCHECK = %v", h)
	}
	if c := all("CMD"); len(c) != 1 || !strings.HasPrefix(c[0], `["serve", `) {
		t.Errorf("CMD = %v", c)
	}
	ignore, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{".git", "**/*.env", "env/", "data/"} {
		if !strings.Contains("\n"+string(ignore)+"\n", "\n"+must+"\n") {
			t.Errorf(".dockerignore lacks %s", must)
		}
	}
}

func goDirective(t *testing.T) string {
	b, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go ([0-9.]+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	return string(m[1])
}

// The image's premise: with CGO_ENABLED=0 (and the Dockerfile's nodynamic tag) the platform builds into a binary that
// needs no dynamic loader or library, and it serves, answering its own healthcheck.
func TestStaticBinaryServesAndChecksItsHealth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole platform")
	}
	// The image's build line is the one checked here.
	if df, err := os.ReadFile("../Dockerfile"); err != nil || !strings.Contains(string(df), "go build -trimpath -tags nodynamic ") {
		t.Fatalf("the Dockerfile does not build with -tags nodynamic (%v)", err)
	}
	bin := filepath.Join(t.TempDir(), "stepperslife")
	build := exec.Command("go", "build", "-trimpath", "-tags", "nodynamic", "-o", bin, "./cmd/stepperslife")
	build.Dir = ".."
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary names a dynamic loader")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs %v", libs)
	}
	f.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	env := []string{"PATH=" + os.Getenv("PATH"), "PORT=" + port, "DATA_DIR=" + t.TempDir()}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var logs bytes.Buffer
	srv := exec.CommandContext(ctx, bin, "serve", "magazine")
	srv.Env, srv.Stdout, srv.Stderr = env, &logs, &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()

	check := func(args ...string) error {
		c := exec.Command(bin, append([]string{"healthcheck"}, args...)...)
		c.Env = env
		return c.Run()
	}
	for check("--ready") != nil {
		if ctx.Err() != nil {
			t.Fatalf("never ready:\n%s", logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := check(); err != nil {
		t.Errorf("ready but not alive: %v", err)
	}
	_ = srv.Process.Kill()
	_ = srv.Wait()
	if err := check(); err == nil {
		t.Error("healthy with the service stopped")
	}
}
