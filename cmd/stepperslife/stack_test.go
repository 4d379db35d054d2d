package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"stepperslife/internal/kit/dbtest"
	"stepperslife/internal/kit/testenv"
	"stepperslife/internal/platform"
	"stepperslife/internal/provision"
)

// TestUpStackRunsOnPostgresAndSixMinIOs runs the real binary's `up --stack` against
// the machine's PostgreSQL and MinIO binary, on free ports and a throwaway prefix:
// every service becomes ready on its own database and MinIO, one service's MinIO
// credentials open nothing of another's, and Ctrl-C stops it all.
func TestUpStackRunsOnPostgresAndSixMinIOs(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: PostgreSQL, six MinIO servers and seven services")
	}
	minioBin := testenv.Tool(t, "minio")
	bin := e2eBuild(t)
	work := t.TempDir()
	envDir := filepath.Join(work, "env")
	prefix := fmt.Sprintf("slstack%06d_", rand.IntN(1_000_000))
	dropStack(t, prefix)

	// The services' ports come from their env files, as an operator would set them;
	// provision keeps a PORT it finds.
	if err := os.MkdirAll(envDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ports := map[string]int{}
	for _, s := range platform.All {
		ports[s.Name] = freeTCPPort(t)
		if err := os.WriteFile(filepath.Join(envDir, s.Name+".env"), []byte(fmt.Sprintf("PORT=%d\n", ports[s.Name])), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	base := freeMinIOBase(t)
	u := e2eStartUp(t, bin, work, []string{"DATA_DIR=" + filepath.Join(work, "data")},
		"--stack", "--admin-url", dbtest.AdminURL(), "--minio", minioBin, "--minio-port", strconv.Itoa(base),
		"--prefix", prefix, "--env-dir", envDir)

	client := &http.Client{Timeout: 5 * time.Second}
	for _, s := range platform.All {
		url := fmt.Sprintf("http://127.0.0.1:%d/readyz", ports[s.Name])
		u.waitFor(t, s.Name+" ready", func(string) bool {
			resp, err := client.Get(url)
			if err != nil {
				return false
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		})
	}

	// Each service runs on its own provisioned role and its own MinIO.
	envs := map[string]*provision.EnvFile{}
	for _, s := range platform.All {
		e, err := provision.ReadEnvFile(filepath.Join(envDir, s.Name+".env"))
		if err != nil {
			t.Fatal(err)
		}
		envs[s.Name] = e
		dbURL, _ := e.Get("DATABASE_URL")
		if !strings.HasPrefix(dbURL, "postgres://"+prefix) {
			t.Errorf("%s: DATABASE_URL is not the provisioned role", s.Name)
		}
	}
	for i, s := range platform.Verticals() {
		if got, _ := envs[s.Name].Get("MINIO_PORT"); got != strconv.Itoa(base+i) {
			t.Errorf("%s: MINIO_PORT %s, want %d", s.Name, got, base+i)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	eventsMinIO := minioClient(t, envs["events"], envs["events"])
	storeMinIO := minioClient(t, envs["store"], envs["store"])
	eventsKeysAtStore := minioClient(t, envs["store"], envs["events"])
	// The store's own credentials read its bucket (the kit made it at start)...
	if _, err := storeMinIO.BucketExists(ctx, "store"); err != nil {
		t.Fatalf("store cannot reach its own bucket: %v", err)
	}
	if _, err := storeMinIO.PutObject(ctx, "store", "probe.txt", strings.NewReader("store only"), 10, minio.PutObjectOptions{}); err != nil {
		t.Fatalf("store cannot write its own bucket: %v", err)
	}
	// ...events' credentials open nothing there: not the bucket, not the object.
	if _, err := eventsKeysAtStore.BucketExists(ctx, "store"); err == nil {
		t.Error("events' MinIO credentials can look into the store's bucket")
	}
	if obj, err := eventsKeysAtStore.GetObject(ctx, "store", "probe.txt", minio.GetObjectOptions{}); err == nil {
		if _, err := obj.Stat(); err == nil {
			t.Error("events' MinIO credentials read the store's object")
		}
		obj.Close()
	}
	// And the store's bucket is not on events' MinIO at all.
	if ok, err := eventsMinIO.BucketExists(ctx, "store"); err != nil || ok {
		t.Errorf("events' MinIO holds a store bucket (%v, %v)", ok, err)
	}

	if err := u.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := u.wait(t); err != nil {
		t.Fatalf("up --stack exited with %v after Ctrl-C\n%s", err, u.out.String())
	}
	for i := range platform.Verticals() {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", base+i), time.Second); err == nil {
			c.Close()
			t.Errorf("MinIO port %d still open after up --stack exited", base+i)
		}
	}
}

// TestUpStackSaysWhatIsMissing: without an admin URL or a MinIO binary, up --stack
// names both and how to get them, and exits non-zero without starting anything.
func TestUpStackSaysWhatIsMissing(t *testing.T) {
	t.Setenv("STEPPERSLIFE_ADMIN_URL", "")
	t.Setenv("STEPPERSLIFE_MINIO", "")
	t.Setenv("PATH", t.TempDir())
	var out strings.Builder
	err := up(context.Background(), []string{"--stack", "--env-dir", t.TempDir()}, &out)
	if err == nil {
		t.Fatal("up --stack started without PostgreSQL or MinIO")
	}
	for _, want := range []string{"--admin-url", "STEPPERSLIFE_ADMIN_URL", "minio", "https://min.io/download", "--minio PATH"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
	if err := up(context.Background(), []string{"--minio-port", "9001"}, &out); err == nil || !strings.Contains(err.Error(), "only with --stack") {
		t.Errorf("a stack flag without --stack: %v", err)
	}
}

// minioClient reaches the MinIO named by at's env file with the credentials of as's.
func minioClient(t *testing.T, at, as *provision.EnvFile) *minio.Client {
	t.Helper()
	port, _ := at.Get("MINIO_PORT")
	key, _ := as.Get("MINIO_ACCESS_KEY")
	secret, _ := as.Get("MINIO_SECRET_KEY")
	c, err := minio.New("127.0.0.1:"+port, &minio.Options{Creds: credentials.NewStaticV4(key, secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// freeMinIOBase finds a first port whose six ports and six console ports (100
// higher) are all free, away from the fixed 9001-9006 other tests and people use.
func freeMinIOBase(t *testing.T) int {
	t.Helper()
	for range 100 {
		base := 20000 + rand.IntN(20000)
		ok := true
		for i := range len(platform.Verticals()) {
			for _, p := range []int{base + i, base + 100 + i} {
				ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
				if err != nil {
					ok = false
					break
				}
				ln.Close()
			}
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free range of MinIO ports")
	return 0
}

// dropStack removes the databases and roles of prefix when the test ends.
func dropStack(t *testing.T, prefix string) {
	t.Helper()
	targets, err := provision.Targets(prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, dbtest.AdminURL())
		if err != nil {
			t.Errorf("dropping the test's databases: %v", err)
			return
		}
		defer conn.Close(ctx)
		for _, tg := range targets {
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{tg.Database}.Sanitize()+" WITH (FORCE)"); err != nil {
				t.Errorf("drop %s: %v", tg.Database, err)
			}
		}
		for _, tg := range targets {
			if _, err := conn.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{tg.Role}.Sanitize()); err != nil {
				t.Errorf("drop role %s: %v", tg.Role, err)
			}
		}
	})
}

// TestStackMiniosKeepTheirCredentials: each service gets its own MinIO port and
// credentials within MinIO's limits, written into its env file beside the operator's
// lines; a second run reuses them, since a MinIO data folder is bound to its root
// credentials.
func TestStackMiniosKeepTheirCredentials(t *testing.T) {
	envDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(envDir, "store.env"), []byte("STRIPE_SECRET_KEY=sk_test_x\nMINIO_BUCKET_NAME=shop\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	o := stackOptions{minioPort: 19001, minioDir: filepath.Join(envDir, "minio")}
	first, err := stackMinios(o, envDir, platform.Verticals())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, m := range first {
		if m.port != 19001+i || m.console != 19101+i {
			t.Errorf("%s: ports %d/%d", m.spec.Name, m.port, m.console)
		}
		if len(m.user) < 3 || len(m.user) > 20 || len(m.password) < 8 || len(m.password) > 40 {
			t.Errorf("%s: credentials outside MinIO's limits (%d, %d characters)", m.spec.Name, len(m.user), len(m.password))
		}
		if seen[m.user] || seen[m.password] {
			t.Errorf("%s shares credentials with another service", m.spec.Name)
		}
		seen[m.user], seen[m.password] = true, true
		st, err := os.Stat(filepath.Join(envDir, "minio-"+m.spec.Name+".env"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: credentials file %v %v", m.spec.Name, st, err)
		}
	}
	store, _ := provision.ReadEnvFile(filepath.Join(envDir, "store.env"))
	for k, want := range map[string]string{"STRIPE_SECRET_KEY": "sk_test_x", "MINIO_BUCKET_NAME": "shop", "MINIO_PORT": "19003", "MINIO_ENDPOINT": "127.0.0.1"} {
		if got, _ := store.Get(k); got != want {
			t.Errorf("store.env %s = %q, want %q", k, got, want)
		}
	}
	again, err := stackMinios(o, envDir, platform.Verticals())
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].user != first[i].user || again[i].password != first[i].password {
			t.Errorf("%s: credentials changed on a second run", again[i].spec.Name)
		}
	}
}
