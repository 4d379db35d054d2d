package config_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"stepperslife/internal/kit/config"
	"stepperslife/internal/platform"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestDefaultsPerService(t *testing.T) {
	for _, spec := range platform.All {
		t.Run(spec.Name, func(t *testing.T) {
			c, err := config.Load(spec.Name, env(nil))
			if err != nil {
				t.Fatal(err)
			}
			if c.Port != spec.Port {
				t.Errorf("port = %d, want %d", c.Port, spec.Port)
			}
			if c.DataDir != filepath.Join("data", spec.Name) {
				t.Errorf("data dir = %q", c.DataDir)
			}
			if c.DatabaseURL.Set() || c.Minio.Enabled() || c.Stripe.Enabled() {
				t.Errorf("something besides the embedded defaults is on: %+v", c)
			}
			if c.Minio.Bucket != spec.Bucket {
				t.Errorf("bucket = %q, want %q", c.Minio.Bucket, spec.Bucket)
			}
			if want := "sqlite:" + filepath.Join("data", spec.Name, spec.Name+".db"); c.DatabaseKind() != want {
				t.Errorf("database = %q, want %q", c.DatabaseKind(), want)
			}
			if want := "folder:" + filepath.Join("data", spec.Name, "blobs"); c.BlobKind() != want {
				t.Errorf("blobs = %q, want %q", c.BlobKind(), want)
			}
			if c.PublicURL != fmt.Sprintf("http://localhost:%d", spec.Port) || c.NextAuthURL != "http://localhost:3001" || !c.Dev {
				t.Errorf("addresses = %q %q dev=%v", c.PublicURL, c.NextAuthURL, c.Dev)
			}
			if spec.Name == "portal" {
				if len(c.ServiceURLs) != 6 || c.ServiceURLs["events"] != "http://127.0.0.1:3004" {
					t.Errorf("service urls = %v", c.ServiceURLs)
				}
			} else if len(c.ServiceURLs) != 0 {
				t.Errorf("a vertical knows service urls: %v", c.ServiceURLs)
			}
		})
	}
}

func TestUnknownService(t *testing.T) {
	if _, err := config.Load("billing", env(nil)); err == nil || !strings.Contains(err.Error(), "billing") {
		t.Fatalf("err = %v", err)
	}
}

func TestFullConfiguration(t *testing.T) {
	c, err := config.Load("events", env(map[string]string{
		"PORT": "4000", "PUBLIC_URL": "https://events.stepperslife.com", "DATA_DIR": "/srv",
		"DATABASE_URL":   "postgres://svc:pw@db:5432/stepperslife_events",
		"MINIO_ENDPOINT": "minio", "MINIO_PORT": "9100", "MINIO_ACCESS_KEY": "events",
		"MINIO_SECRET_KEY": "miniosecret", "MINIO_USE_SSL": "true",
		"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x", "STRIPE_API_BASE": "http://127.0.0.1:12111",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 4000 || c.Dev || c.DataDir != "/srv/events" {
		t.Errorf("port %d dev %v dir %q", c.Port, c.Dev, c.DataDir)
	}
	if c.DatabaseKind() != "postgres://db:5432/stepperslife_events" {
		t.Errorf("database = %q", c.DatabaseKind())
	}
	if !c.Minio.Enabled() || c.Minio.Port != 9100 || !c.Minio.UseSSL || c.Minio.Bucket != "events" ||
		c.BlobKind() != "s3://minio:9100/events" {
		t.Errorf("minio = %+v", c.Minio)
	}
	if !c.Stripe.Enabled() || c.Stripe.APIBase != "http://127.0.0.1:12111" {
		t.Errorf("stripe = %+v", c.Stripe)
	}
}

// A bad value stops the service with an error naming the variable.
func TestBadValuesNameTheVariable(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"PORT": "eighty"}, "PORT"},
		{map[string]string{"PORT": "0"}, "PORT"},
		{map[string]string{"PORT": "70000"}, "PORT"},
		{map[string]string{"DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"},
		{map[string]string{"MINIO_ENDPOINT": "minio"}, "MINIO_ACCESS_KEY"},
		{map[string]string{"MINIO_ENDPOINT": "minio", "MINIO_ACCESS_KEY": "k"}, "MINIO_SECRET_KEY"},
		{map[string]string{"MINIO_ENDPOINT": "minio", "MINIO_PORT": "x", "MINIO_ACCESS_KEY": "k", "MINIO_SECRET_KEY": "s"}, "MINIO_PORT"},
		{map[string]string{"MINIO_USE_SSL": "maybe"}, "MINIO_USE_SSL"},
		{map[string]string{"STRIPE_SECRET_KEY": "sk_test_x"}, "STRIPE_WEBHOOK_SECRET"},
		{map[string]string{"STEPPERSLIFE_DEMO": "true", "PUBLIC_URL": "https://events.stepperslife.com"}, "STEPPERSLIFE_DEMO"},
		{map[string]string{"STRIPE_API_BASE": "localhost:12111"}, "STRIPE_API_BASE"},
		{map[string]string{"PUBLIC_URL": "ftp://x"}, "PUBLIC_URL"},
		{map[string]string{"NEXTAUTH_URL": "/relative"}, "NEXTAUTH_URL"},
		{map[string]string{"GOOGLE_CLIENT_ID": "id"}, "GOOGLE_CLIENT_SECRET"},
		{map[string]string{"SMTP_PORT": "-1"}, "SMTP_PORT"},
	} {
		_, err := config.Load("events", env(c.env))
		var ve *config.VarError
		if !errors.As(err, &ve) || ve.Var != c.name || !strings.HasPrefix(err.Error(), c.name+": ") {
			t.Errorf("%v: err = %v, want one naming %s", c.env, err, c.name)
		}
	}
	// The portal's own addresses are checked too.
	if _, err := config.Load("portal", env(map[string]string{"EVENTS_URL": "nope"})); err == nil ||
		!strings.Contains(err.Error(), "EVENTS_URL") {
		t.Errorf("EVENTS_URL: err = %v", err)
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	const secret = "Sup3rS3cretValue"
	_, err := config.Load("events", env(map[string]string{
		"STRIPE_SECRET_KEY": secret, "MINIO_ENDPOINT": "m", "MINIO_ACCESS_KEY": "k", "MINIO_SECRET_KEY": secret,
		"PORT": "bad",
	}))
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("err = %v", err)
	}
}

func TestSecretsMaskedInLogsAndFormatting(t *testing.T) {
	const (
		dbPass     = "dbPassw0rd"
		minioKey   = "minioS3cret"
		stripeKey  = "sk_test_S3cretKey"
		webhookKey = "whsec_S3cret"
		nextauth   = "nextauthS3cret"
		google     = "googleS3cret"
		smtpPass   = "smtpS3cret"
	)
	c, err := config.Load("portal", env(map[string]string{
		"DATABASE_URL":   "postgres://svc:" + dbPass + "@db:5432/stepperslife_main",
		"MINIO_ENDPOINT": "minio", "MINIO_ACCESS_KEY": "portal", "MINIO_SECRET_KEY": minioKey, "MINIO_BUCKET_NAME": "p",
		"STRIPE_SECRET_KEY": stripeKey, "STRIPE_WEBHOOK_SECRET": webhookKey,
		"NEXTAUTH_SECRET":  nextauth,
		"GOOGLE_CLIENT_ID": "gid", "GOOGLE_CLIENT_SECRET": google,
		"SMTP_HOST": "mail", "SMTP_PASSWORD": smtpPass,
	}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("starting", slog.Any("config", c))
		l.Info("secret alone", slog.Any("key", c.Stripe.SecretKey), "minio", c.Minio, "stripe", c.Stripe)
	}
	printed := logs.String() +
		fmt.Sprintf("%v %+v %s", c, c, c.Stripe.SecretKey) +
		fmt.Sprintf("%v %+v %v", c.Minio, c.Stripe, c.Google) +
		fmt.Sprint(c.SMTP, c.NextAuthSecret, c.DatabaseURL)
	for _, s := range []string{dbPass, minioKey, stripeKey, webhookKey, nextauth, google, smtpPass} {
		if strings.Contains(printed, s) {
			t.Errorf("%q was printed:\n%s", s, printed)
		}
	}
	if !strings.Contains(logs.String(), "postgres://db:5432/stepperslife_main") || !strings.Contains(printed, "****") {
		t.Errorf("the log lost the useful parts:\n%s", logs.String())
	}
	if c.Stripe.SecretKey.Reveal() != stripeKey || c.DatabaseURL.Reveal() == "" {
		t.Error("Reveal does not give the real value")
	}
}

func TestSecretZeroValue(t *testing.T) {
	var s config.Secret
	if s.Set() || s.String() != "" {
		t.Fatalf("empty secret: set=%v string=%q", s.Set(), s.String())
	}
}

func TestPortalInternalURL(t *testing.T) {
	c, err := config.Load("events", env(map[string]string{"NEXTAUTH_URL": "https://stepperslife.com/"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PortalInternalURL != "https://stepperslife.com" {
		t.Errorf("default = %q, want the public portal address", c.PortalInternalURL)
	}
	c, err = config.Load("events", env(map[string]string{"NEXTAUTH_URL": "https://stepperslife.com", "PORTAL_INTERNAL_URL": "http://portal:3001/"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PortalInternalURL != "http://portal:3001" || c.NextAuthURL != "https://stepperslife.com" {
		t.Errorf("internal %q public %q", c.PortalInternalURL, c.NextAuthURL)
	}
	if _, err := config.Load("events", env(map[string]string{"PORTAL_INTERNAL_URL": "portal:3001"})); err == nil ||
		!strings.Contains(err.Error(), "PORTAL_INTERNAL_URL") {
		t.Errorf("bad address: err = %v", err)
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := config.Load("portal", env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7 fd00::/8"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.168.1.7/32", "fd00::/8"}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("proxies = %v", c.TrustedProxies)
	}
	for i, p := range c.TrustedProxies {
		if p.String() != want[i] {
			t.Errorf("proxy %d = %s, want %s", i, p, want[i])
		}
	}
	if c, _ := config.Load("portal", env(nil)); len(c.TrustedProxies) != 0 {
		t.Errorf("proxies trusted by default: %v", c.TrustedProxies)
	}
	var ve *config.VarError
	if _, err := config.Load("portal", env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"})); !errors.As(err, &ve) ||
		ve.Var != "TRUSTED_PROXIES" {
		t.Errorf("err = %v, want one naming TRUSTED_PROXIES", err)
	}
}
