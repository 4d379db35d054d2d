package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"stepperslife/internal/platform"
	"stepperslife/internal/provision"
	"stepperslife/internal/supervisor"
)

// stackReadyWait bounds how long a MinIO instance may take to answer at start.
const stackReadyWait = 90 * time.Second

// stackOptions are the settings of `up --stack`: the seed's local layout, with each
// service on its own PostgreSQL database and its own MinIO.
type stackOptions struct {
	adminURL  string
	minio     string
	prefix    string
	minioPort int    // the first of six consecutive MinIO ports, in the platform's order
	minioDir  string // each instance keeps its data in minioDir/NAME
}

func (o *stackOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.adminURL, "admin-url", "", "with --stack: a PostgreSQL superuser's postgres:// URL (or STEPPERSLIFE_ADMIN_URL)")
	fs.StringVar(&o.minio, "minio", "", "with --stack: the minio binary (or STEPPERSLIFE_MINIO; default: minio on PATH)")
	fs.StringVar(&o.prefix, "prefix", provision.DefaultPrefix, "with --stack: replaces \"stepperslife_\" in database and role names")
	fs.IntVar(&o.minioPort, "minio-port", 9001, "with --stack: the first of the six MinIO ports (consoles listen 100 higher)")
	fs.StringVar(&o.minioDir, "minio-dir", "", "with --stack: where the MinIO instances keep their data (default DATA_DIR/minio)")
}

// stackMinio is one service's MinIO instance.
type stackMinio struct {
	spec           platform.Spec
	port, console  int
	dir            string
	user, password string
	bucket         string
}

func (m stackMinio) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(m.port)) }

// preflight resolves what the stack needs, and names everything missing at once,
// each with how to get it.
func (o *stackOptions) preflight(verticals []platform.Spec, getenv func(string) string) error {
	var missing []string
	if o.adminURL == "" {
		o.adminURL = getenv("STEPPERSLIFE_ADMIN_URL")
	}
	if o.adminURL == "" {
		missing = append(missing, "a PostgreSQL admin URL: pass --admin-url postgres://postgres@127.0.0.1:5432/postgres "+
			"or set STEPPERSLIFE_ADMIN_URL (a superuser; it creates one database and one login role per service)")
	}
	if o.minio == "" {
		o.minio = getenv("STEPPERSLIFE_MINIO")
	}
	if o.minio == "" {
		if p, err := exec.LookPath("minio"); err == nil {
			o.minio = p
		} else {
			missing = append(missing, "the minio server binary: it is not on PATH; download it from https://min.io/download "+
				"(linux: https://dl.min.io/server/minio/release/linux-amd64/minio, then chmod +x) or run scripts/test-deps.sh, "+
				"which puts it in ~/.cache/stepperslife/bin; then add it to PATH or pass --minio PATH (or STEPPERSLIFE_MINIO)")
		}
	} else if st, err := os.Stat(o.minio); err != nil || st.IsDir() || st.Mode().Perm()&0o111 == 0 {
		missing = append(missing, fmt.Sprintf("the minio server binary: %s is not an executable file; "+
			"download it from https://min.io/download or point --minio (STEPPERSLIFE_MINIO) at it", o.minio))
	}
	if o.minioPort < 1 || o.minioPort+100+len(platform.Verticals()) > 65535 {
		missing = append(missing, "a usable --minio-port: between 1 and 65429")
	} else {
		for i := range verticals {
			for _, port := range []int{o.minioPort + i, o.minioPort + 100 + i} {
				ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
				if err != nil {
					missing = append(missing, fmt.Sprintf("a free port %d for minio-%s: something listens there; stop it or choose --minio-port", port, verticals[i].Name))
					continue
				}
				ln.Close()
			}
		}
	}
	if len(missing) > 0 {
		return errors.New("up --stack needs:\n  - " + strings.Join(missing, "\n  - "))
	}
	return nil
}

// upStack provisions PostgreSQL, starts one MinIO per service with its bucket, then
// runs the services pointed at both; on ctx's end it stops the services first and
// the MinIO instances after.
func upStack(ctx context.Context, o stackOptions, exe string, names []string, envDir string, demo bool, stderr io.Writer) error {
	var verticals []platform.Spec
	for _, s := range platform.Verticals() {
		for _, n := range names {
			if n == s.Name {
				verticals = append(verticals, s)
			}
		}
	}
	if err := o.preflight(verticals, os.Getenv); err != nil {
		return err
	}
	res, err := provision.Run(ctx, provision.Options{AdminURL: o.adminURL, EnvDir: envDir, Prefix: o.prefix})
	if err != nil {
		return fmt.Errorf("up --stack: provisioning PostgreSQL: %w (is the server running, and is the admin URL a superuser's?)", err)
	}
	if err := res.Print(stderr); err != nil {
		return err
	}
	if o.minioDir == "" {
		o.minioDir = filepath.Join(orDefault(os.Getenv("DATA_DIR"), "data"), "minio")
	}
	instances, err := stackMinios(o, envDir, verticals)
	if err != nil {
		return fmt.Errorf("up --stack: %w", err)
	}

	// MinIO runs under its own supervisor, so it outlives the services at a stop.
	minioCtx, stopMinio := context.WithCancel(context.WithoutCancel(ctx))
	defer stopMinio()
	minioDone := make(chan error, 1)
	children := make([]supervisor.Child, len(instances))
	for i, m := range instances {
		if err := os.MkdirAll(m.dir, 0o700); err != nil {
			return fmt.Errorf("up --stack: %w", err)
		}
		children[i] = supervisor.Child{Name: "minio-" + m.spec.Name, Path: o.minio,
			Args: []string{"server", m.dir, "--quiet", "--address", m.addr(),
				"--console-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(m.console))},
			Env: mergeEnv(os.Environ(), envVar{Key: "MINIO_ROOT_USER", Value: m.user},
				envVar{Key: "MINIO_ROOT_PASSWORD", Value: m.password}, envVar{Key: "MINIO_UPDATE", Value: "off"})}
	}
	if len(children) > 0 {
		go func() { minioDone <- supervisor.Run(minioCtx, children, stderr) }()
		for _, m := range instances {
			if err := m.ensureBucket(ctx); err != nil {
				stopMinio()
				<-minioDone
				if ctx.Err() != nil {
					return nil // stopped while waiting: not a failure
				}
				return fmt.Errorf("up --stack: minio-%s on %s: %w (its log lines above say why)", m.spec.Name, m.addr(), err)
			}
			fmt.Fprintf(stderr, "up: minio-%s answers on %s with bucket %s\n", m.spec.Name, m.addr(), m.bucket)
		}
	} else {
		minioDone <- nil
	}

	services, err := upChildren(exe, names, os.Environ(), envDir, demo, stderr)
	if err == nil {
		err = supervisor.Run(ctx, services, stderr)
	}
	stopMinio()
	return errors.Join(err, <-minioDone)
}

func orDefault(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// stackMinios gives each service its MinIO: root credentials kept in
// envDir/minio-NAME.env (made once, then reused, since the data folder is bound to
// them), and the MINIO_* variables of envDir/NAME.env pointed at it.
func stackMinios(o stackOptions, envDir string, verticals []platform.Spec) ([]stackMinio, error) {
	var out []stackMinio
	for _, s := range verticals {
		i := platformIndex(s.Name)
		m := stackMinio{spec: s, port: o.minioPort + i, console: o.minioPort + 100 + i, dir: filepath.Join(o.minioDir, s.Name)}
		credPath := filepath.Join(envDir, "minio-"+s.Name+".env")
		cred, err := provision.ReadEnvFile(credPath)
		if err != nil {
			return nil, err
		}
		m.user, _ = cred.Get("MINIO_ROOT_USER")
		m.password, _ = cred.Get("MINIO_ROOT_PASSWORD")
		if len(m.user) < 3 || len(m.password) < 8 {
			// MinIO takes access keys of at most 20 characters and secrets of at most 40.
			m.user, m.password = s.Name+"-"+randomHex(4), randomHex(18)
			cred.Set("MINIO_ROOT_USER", m.user)
			cred.Set("MINIO_ROOT_PASSWORD", m.password)
			if err := cred.Write(credPath); err != nil {
				return nil, err
			}
		}
		envPath := filepath.Join(envDir, s.Name+".env")
		env, err := provision.ReadEnvFile(envPath)
		if err != nil {
			return nil, err
		}
		env.Set("MINIO_ENDPOINT", "127.0.0.1")
		env.Set("MINIO_PORT", strconv.Itoa(m.port))
		env.Set("MINIO_ACCESS_KEY", m.user)
		env.Set("MINIO_SECRET_KEY", m.password)
		env.Set("MINIO_USE_SSL", "false")
		env.SetDefault("MINIO_BUCKET_NAME", s.Bucket)
		m.bucket, _ = env.Get("MINIO_BUCKET_NAME")
		if err := env.Write(envPath); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// platformIndex is a service's place among the six, which fixes its MinIO port as
// in the seed (restaurants 9001 … services 9006).
func platformIndex(name string) int {
	for i, s := range platform.Verticals() {
		if s.Name == name {
			return i
		}
	}
	return -1
}

// ensureBucket waits until the instance answers a signed call (it reports live
// before its storage is ready) and creates the service's bucket when missing.
func (m stackMinio) ensureBucket(ctx context.Context) error {
	c, err := minio.New(m.addr(), &minio.Options{Creds: credentials.NewStaticV4(m.user, m.password, "")})
	if err != nil {
		return err
	}
	deadline := time.Now().Add(stackReadyWait)
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		exists, err := c.BucketExists(cctx, m.bucket)
		if err == nil && !exists {
			err = c.MakeBucket(cctx, m.bucket, minio.MakeBucketOptions{})
		}
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s: %w", stackReadyWait, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
