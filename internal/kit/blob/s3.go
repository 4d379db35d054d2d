package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"stepperslife/internal/kit/config"
)

// S3 stores blobs in one bucket of an S3-compatible server, with this service's own
// credentials.
type S3 struct {
	client *minio.Client
	bucket string
}

// NewS3 connects and creates the bucket when it is missing.
func NewS3(ctx context.Context, m config.Minio) (*S3, error) {
	endpoint := net.JoinHostPort(m.Endpoint, strconv.Itoa(m.Port))
	client, err := minio.New(endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(m.AccessKey, m.SecretKey.Reveal(), ""),
		Secure: m.UseSSL,
	})
	if err != nil {
		return nil, fmt.Errorf("blob s3 %s: %w", endpoint, err)
	}
	s := &S3{client: client, bucket: m.Bucket}
	exists, err := client.BucketExists(ctx, m.Bucket)
	if err != nil {
		return nil, fmt.Errorf("blob s3 %s bucket %s: %w", endpoint, m.Bucket, err)
	}
	if !exists {
		if err := client.MakeBucket(ctx, m.Bucket, minio.MakeBucketOptions{}); err != nil {
			// Another process of the same service may have made it first.
			if ok, _ := client.BucketExists(ctx, m.Bucket); !ok {
				return nil, fmt.Errorf("blob s3 %s make bucket %s: %w", endpoint, m.Bucket, err)
			}
		}
	}
	return s, nil
}

// Put uploads a blob.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType})
	return err
}

// Get opens a blob; the object's metadata is read first so a missing key is
// ErrNotFound rather than a failure on the first read.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if ValidKey(key) != nil {
		return nil, Info{}, ErrNotFound
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, mapErr(err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, Info{}, mapErr(err)
	}
	return obj, Info{Size: st.Size, ContentType: st.ContentType, ModTime: st.LastModified, ETag: st.ETag}, nil
}

// Delete removes a blob.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	return s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// Ping checks that the bucket answers to these credentials.
func (s *S3) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("bucket %s is missing", s.bucket)
	}
	return nil
}

func mapErr(err error) error {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && (resp.Code == "NoSuchKey" || resp.StatusCode == 404) {
		return ErrNotFound
	}
	return err
}
