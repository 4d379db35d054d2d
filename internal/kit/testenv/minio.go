package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"stepperslife/internal/kit/config"
)

// MinIOServer is a running MinIO with its root credentials.
type MinIOServer struct {
	Endpoint     string // host, without the port (MINIO_ENDPOINT)
	Port         int    // MINIO_PORT
	RootUser     string
	RootPassword string
	Dir          string // its data folder
	p            *proc
}

// MinIO starts a MinIO server with a fresh data folder and random root credentials;
// it is stopped when the test ends.
func MinIO(t testing.TB) *MinIOServer {
	t.Helper()
	bin := Tool(t, "minio")
	m := &MinIOServer{Endpoint: "127.0.0.1", RootUser: "root" + randHex(4), RootPassword: randHex(16), Dir: t.TempDir()}
	m.p = startRetrying(t, func() (*proc, error) {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		console, err := freePort()
		if err != nil {
			return nil, err
		}
		m.Port = port
		return start(t, bin,
			[]string{"server", m.Dir, "--quiet", "--address", addr(port), "--console-address", addr(console)},
			[]string{"MINIO_ROOT_USER=" + m.RootUser, "MINIO_ROOT_PASSWORD=" + m.RootPassword,
				"MINIO_BROWSER=off", "MINIO_UPDATE=off", "MINIO_CI_CD=on"},
			both(httpOK(fmt.Sprintf("http://%s/minio/health/live", addr(port))), m.answers))
	})
	return m
}

// answers is MinIO's real readiness: it reports live before its object layer is up
// ("Server not initialized yet"), so wait for a signed S3 call to succeed.
func (m *MinIOServer) answers(ctx context.Context) error {
	c, err := minio.New(addr(m.Port), &minio.Options{Creds: credentials.NewStaticV4(m.RootUser, m.RootPassword, "")})
	if err != nil {
		return err
	}
	_, err = c.ListBuckets(ctx)
	return err
}

// Config is the service configuration that reaches bucket with the root credentials.
func (m *MinIOServer) Config(bucket string) config.Minio {
	return config.Minio{Endpoint: m.Endpoint, Port: m.Port, AccessKey: m.RootUser,
		SecretKey: config.Secret(m.RootPassword), Bucket: bucket}
}

// Env is the MINIO_* environment of a service that keeps its blobs in bucket here.
func (m *MinIOServer) Env(bucket string) map[string]string {
	return map[string]string{"MINIO_ENDPOINT": m.Endpoint, "MINIO_PORT": strconv.Itoa(m.Port),
		"MINIO_ACCESS_KEY": m.RootUser, "MINIO_SECRET_KEY": m.RootPassword, "MINIO_BUCKET_NAME": bucket}
}

// Stop ends the server before the test does, e.g. to see a service notice.
func (m *MinIOServer) Stop() { m.p.Stop() }

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
