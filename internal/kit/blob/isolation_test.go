package blob_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/config"
	"stepperslife/internal/kit/testenv"
)

// As in the seed, each service has a MinIO of its own. Service A's settings, pointed
// at service B's MinIO and bucket, must reach nothing there.
func TestServicesCannotReachEachOthersBlobs(t *testing.T) {
	ctx := context.Background()
	a, b := testenv.MinIO(t), testenv.MinIO(t)

	storeB, err := blob.NewS3(ctx, b.Config("events"))
	if err != nil {
		t.Fatal(err)
	}
	put(t, storeB, "flyers/secret.png", []byte("B's flyer"), blob.PNG)
	if _, err := blob.NewS3(ctx, a.Config("restaurants")); err != nil {
		t.Fatal(err)
	}

	// A's credentials at B's address: the store will not even open, nor make a bucket.
	aAtB := a.Config("events")
	aAtB.Endpoint, aAtB.Port = b.Endpoint, b.Port
	_, err = blob.NewS3(ctx, aAtB)
	if err == nil {
		t.Fatal("NewS3 with A's credentials opened B's bucket")
	}
	if strings.Contains(err.Error(), a.RootPassword) {
		t.Fatal("the error shows the secret key")
	}
	aNewBucket := aAtB
	aNewBucket.Bucket = "restaurants"
	if _, err := blob.NewS3(ctx, aNewBucket); err == nil {
		t.Fatal("NewS3 with A's credentials made a bucket on B's MinIO")
	}
	if ok, err := rootClient(t, b).BucketExists(ctx, "restaurants"); err != nil || ok {
		t.Fatalf("bucket on B = %v, %v", ok, err)
	}

	// The same credentials used directly: every operation is refused.
	c := client(t, aAtB)
	if _, err := c.BucketExists(ctx, "events"); err == nil {
		t.Error("A's credentials can see B's bucket")
	}
	if obj, err := c.GetObject(ctx, "events", "flyers/secret.png", minio.GetObjectOptions{}); err == nil {
		if got, err := io.ReadAll(obj); err == nil {
			t.Errorf("A's credentials read B's flyer: %q", got)
		}
	}
	if _, err := c.PutObject(ctx, "events", "flyers/secret.png", bytes.NewReader([]byte("overwritten")), 11,
		minio.PutObjectOptions{}); err == nil {
		t.Error("A's credentials wrote into B's bucket")
	}
	if err := c.RemoveObject(ctx, "events", "flyers/secret.png", minio.RemoveObjectOptions{}); err == nil {
		t.Error("A's credentials deleted from B's bucket")
	}
	if got, _ := get(t, storeB, "flyers/secret.png"); string(got) != "B's flyer" {
		t.Fatalf("B's flyer is now %q", got)
	}
}

// A stopped MinIO makes Ping fail, which /readyz reports.
func TestS3PingFailsWhenMinIOStops(t *testing.T) {
	m := testenv.MinIO(t)
	s, err := blob.NewS3(context.Background(), m.Config("events"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.Stop()
	if err := s.Ping(context.Background()); err == nil {
		t.Fatal("Ping succeeded against a stopped MinIO")
	}
}

func client(t *testing.T, m config.Minio) *minio.Client {
	t.Helper()
	c, err := minio.New(fmt.Sprintf("%s:%d", m.Endpoint, m.Port), &minio.Options{
		Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey.Reveal(), ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rootClient(t *testing.T, m *testenv.MinIOServer) *minio.Client {
	return client(t, m.Config(""))
}

// bucketPolicy is the policy a service's own MinIO user gets when services share one
// MinIO: everything on its bucket, nothing else.
func bucketPolicy(bucket string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],`+
		`"Resource":["arn:aws:s3:::%[1]s","arn:aws:s3:::%[1]s/*"]}]}`, bucket)
}

// Within one MinIO, credentials bound to that policy reach their own bucket only.
// The credentials are temporary ones (STS AssumeRole with the policy inline), which
// MinIO confines exactly as it does a user with the policy attached.
func TestBucketPolicyConfinesACredential(t *testing.T) {
	ctx := context.Background()
	m := testenv.MinIO(t)
	stores := map[string]*blob.S3{}
	for _, b := range []string{"restaurants", "events"} {
		s, err := blob.NewS3(ctx, m.Config(b))
		if err != nil {
			t.Fatal(err)
		}
		stores[b] = s
		put(t, s, "own.txt", []byte(b), "text/plain")
	}
	creds, err := credentials.NewSTSAssumeRole(fmt.Sprintf("http://%s:%d", m.Endpoint, m.Port), credentials.STSAssumeRoleOptions{
		AccessKey: m.RootUser, SecretKey: m.RootPassword, Policy: bucketPolicy("restaurants"), DurationSeconds: 900,
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := minio.New(fmt.Sprintf("%s:%d", m.Endpoint, m.Port), &minio.Options{Creds: creds})
	if err != nil {
		t.Fatal(err)
	}
	// Its own bucket: read and write.
	if _, err := c.PutObject(ctx, "restaurants", "menu/x.txt", strings.NewReader("hi"), 2, minio.PutObjectOptions{}); err != nil {
		t.Fatalf("own bucket put: %v", err)
	}
	if _, err := c.StatObject(ctx, "restaurants", "own.txt", minio.StatObjectOptions{}); err != nil {
		t.Fatalf("own bucket read: %v", err)
	}
	// The other service's bucket: nothing.
	if _, err := c.StatObject(ctx, "events", "own.txt", minio.StatObjectOptions{}); err == nil {
		t.Error("read the other service's object")
	}
	if _, err := c.PutObject(ctx, "events", "own.txt", strings.NewReader("xx"), 2, minio.PutObjectOptions{}); err == nil {
		t.Error("wrote the other service's bucket")
	}
	if err := c.RemoveObject(ctx, "events", "own.txt", minio.RemoveObjectOptions{}); err == nil {
		t.Error("deleted from the other service's bucket")
	}
	if err := c.MakeBucket(ctx, "store", minio.MakeBucketOptions{}); err == nil {
		t.Error("made a bucket outside its own")
	}
	if got, _ := get(t, stores["events"], "own.txt"); string(got) != "events" {
		t.Fatalf("the other service's object is now %q", got)
	}
}
