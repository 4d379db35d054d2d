// Package config reads one service's settings from its environment, using the seed's
// variable names. Every service loads the same struct; fields a service does not use
// stay at their zero value.
package config

import (
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"stepperslife/internal/platform"
)

// Service is everything one service process needs to start.
type Service struct {
	Name        string
	Port        int
	PublicURL   string
	DataDir     string // DATA_DIR/NAME: the embedded database and blob folder live here
	DatabaseURL Secret // empty: the embedded SQLite file
	Minio       Minio
	Stripe      Stripe
	NextAuthURL string // the portal's public address
	// PortalInternalURL is where this service fetches the portal's signing keys and
	// revocations: inside a cluster, the portal directly rather than through the public
	// ingress, so network policies can allow exactly that. NextAuthURL when unset.
	PortalInternalURL string
	// NextAuthSecret is the portal's own secret; other services never need it.
	NextAuthSecret Secret
	Google         Google
	CookieDomain   string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the real
	// client (TRUSTED_PROXIES: addresses or CIDR ranges); empty trusts no header.
	TrustedProxies []netip.Prefix
	SMTP           SMTP
	// ServiceURLs is where the portal reaches each service, by service name.
	ServiceURLs map[string]string
	// Demo asks the service to load its demo content into an empty database.
	Demo bool
	// Dev is true when no public https address is configured; it allows conveniences
	// such as writing password-reset links to the log.
	Dev bool
}

// Minio is the S3-compatible blob store; all empty means the blob folder.
type Minio struct {
	Endpoint  string
	Port      int
	AccessKey string
	SecretKey Secret
	Bucket    string
	UseSSL    bool
}

// Enabled reports whether an S3 store is configured.
func (m Minio) Enabled() bool { return m.Endpoint != "" }

// Stripe holds this service's own Stripe account keys.
type Stripe struct {
	SecretKey     Secret
	WebhookSecret Secret
	APIBase       string
}

// Enabled reports whether card payments are on.
func (s Stripe) Enabled() bool { return s.SecretKey.Set() }

// Google is the optional Google sign-in of the portal.
type Google struct {
	ClientID     string
	ClientSecret Secret
	IssuerURL    string // tests point this at a local OpenID provider
}

// SMTP is the outgoing mail server; empty Host means mail is not sent.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password Secret
	From     string
}

// VarError names the variable that stopped the service and what is wrong with it.
type VarError struct {
	Var     string
	Problem string
}

func (e *VarError) Error() string { return e.Var + ": " + e.Problem }

// Load reads the settings of service name through getenv (os.Getenv in production).
func Load(name string, getenv func(string) string) (Service, error) {
	spec, ok := platform.Lookup(name)
	if !ok {
		return Service{}, fmt.Errorf("unknown service %q (one of %s)", name, strings.Join(platform.Names(), " "))
	}
	r := reader{getenv: getenv}
	c := Service{Name: name}
	c.Port = r.port("PORT", spec.Port)
	c.PublicURL = r.url("PUBLIC_URL", fmt.Sprintf("http://localhost:%d", c.Port))
	c.DataDir = filepath.Join(r.str("DATA_DIR", "./data"), name)
	c.DatabaseURL = Secret(r.str("DATABASE_URL", ""))
	if u := c.DatabaseURL.Reveal(); u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		r.fail("DATABASE_URL", "must be a postgres:// URL, or unset for the embedded database")
	}
	c.Minio = Minio{
		Endpoint:  r.str("MINIO_ENDPOINT", ""),
		AccessKey: r.str("MINIO_ACCESS_KEY", ""),
		SecretKey: Secret(r.str("MINIO_SECRET_KEY", "")),
		Bucket:    r.str("MINIO_BUCKET_NAME", spec.Bucket),
		UseSSL:    r.boolean("MINIO_USE_SSL", false),
	}
	c.Minio.Port = r.port("MINIO_PORT", 9000)
	if c.Minio.Enabled() {
		switch {
		case c.Minio.AccessKey == "":
			r.fail("MINIO_ACCESS_KEY", "is required when MINIO_ENDPOINT is set")
		case !c.Minio.SecretKey.Set():
			r.fail("MINIO_SECRET_KEY", "is required when MINIO_ENDPOINT is set")
		case c.Minio.Bucket == "":
			r.fail("MINIO_BUCKET_NAME", "is required when MINIO_ENDPOINT is set")
		}
	}
	c.Stripe = Stripe{
		SecretKey:     Secret(r.str("STRIPE_SECRET_KEY", "")),
		WebhookSecret: Secret(r.str("STRIPE_WEBHOOK_SECRET", "")),
		APIBase:       r.url("STRIPE_API_BASE", ""),
	}
	if c.Stripe.Enabled() && !c.Stripe.WebhookSecret.Set() {
		r.fail("STRIPE_WEBHOOK_SECRET", "is required when STRIPE_SECRET_KEY is set: payments are confirmed only by signed webhooks")
	}
	portal, _ := platform.Lookup("portal")
	c.NextAuthURL = strings.TrimRight(r.url("NEXTAUTH_URL", fmt.Sprintf("http://localhost:%d", portal.Port)), "/")
	c.PortalInternalURL = strings.TrimRight(r.url("PORTAL_INTERNAL_URL", c.NextAuthURL), "/")
	c.NextAuthSecret = Secret(r.str("NEXTAUTH_SECRET", ""))
	c.Google = Google{
		ClientID:     r.str("GOOGLE_CLIENT_ID", ""),
		ClientSecret: Secret(r.str("GOOGLE_CLIENT_SECRET", "")),
		IssuerURL:    r.url("GOOGLE_ISSUER_URL", "https://accounts.google.com"),
	}
	if (c.Google.ClientID == "") != !c.Google.ClientSecret.Set() {
		r.fail("GOOGLE_CLIENT_SECRET", "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together")
	}
	c.CookieDomain = r.str("COOKIE_DOMAIN", "")
	c.TrustedProxies = r.prefixes("TRUSTED_PROXIES")
	c.SMTP = SMTP{
		Host:     r.str("SMTP_HOST", ""),
		Username: r.str("SMTP_USERNAME", ""),
		Password: Secret(r.str("SMTP_PASSWORD", "")),
		From:     r.str("SMTP_FROM", "SteppersLife <no-reply@stepperslife.com>"),
	}
	c.SMTP.Port = r.port("SMTP_PORT", 25)
	c.ServiceURLs = map[string]string{}
	if name == "portal" {
		for _, s := range platform.Verticals() {
			c.ServiceURLs[s.Name] = strings.TrimRight(r.url(s.URLVar, fmt.Sprintf("http://127.0.0.1:%d", s.Port)), "/")
		}
	}
	c.Demo = r.boolean("STEPPERSLIFE_DEMO", false)
	c.Dev = !strings.HasPrefix(c.PublicURL, "https://")
	if c.Demo && !c.Dev {
		// Demo accounts sign in with a published password: never on a public site.
		r.fail("STEPPERSLIFE_DEMO", "demo content is for development only, not with an https PUBLIC_URL")
	}
	if r.err != nil {
		return Service{}, r.err
	}
	return c, nil
}

// LogValue lists the settings for the start-up log line; secrets stay masked.
func (c Service) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", c.Name),
		slog.Int("port", c.Port),
		slog.String("publicUrl", c.PublicURL),
		slog.String("database", c.DatabaseKind()),
		slog.String("blobs", c.BlobKind()),
		slog.Bool("stripe", c.Stripe.Enabled()),
		slog.String("stripeKey", c.Stripe.SecretKey.String()),
		slog.String("nextauthUrl", c.NextAuthURL),
		slog.String("cookieDomain", c.CookieDomain),
		slog.Bool("smtp", c.SMTP.Host != ""),
		slog.Bool("demo", c.Demo),
	)
}

// DatabaseKind says which database is in use without printing credentials.
func (c Service) DatabaseKind() string {
	if !c.DatabaseURL.Set() {
		return "sqlite:" + filepath.Join(c.DataDir, c.Name+".db")
	}
	u, err := url.Parse(c.DatabaseURL.Reveal())
	if err != nil {
		return "postgres"
	}
	return "postgres://" + u.Host + u.Path
}

// BlobKind says which blob store is in use without printing credentials.
func (c Service) BlobKind() string {
	if c.Minio.Enabled() {
		return fmt.Sprintf("s3://%s:%d/%s", c.Minio.Endpoint, c.Minio.Port, c.Minio.Bucket)
	}
	return "folder:" + filepath.Join(c.DataDir, "blobs")
}

type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) fail(name, problem string) {
	if r.err == nil {
		r.err = &VarError{Var: name, Problem: problem}
	}
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) port(name string, def int) int {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65535 {
		r.fail(name, fmt.Sprintf("must be a port number from 1 to 65535, got %q", v))
		return def
	}
	return n
}

func (r *reader) boolean(name string, def bool) bool {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("must be true or false, got %q", v))
		return def
	}
	return b
}

// prefixes reads addresses and CIDR ranges separated by commas or spaces; a bare
// address stands for itself alone.
func (r *reader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(r.str(name, ""), func(c rune) bool { return c == ',' || c == ' ' }) {
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				r.fail(name, fmt.Sprintf("%q is neither an address nor a CIDR range", f))
				return nil
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out
}

func (r *reader) url(name, def string) string {
	v := r.str(name, def)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.fail(name, "must be an absolute http:// or https:// address")
		return def
	}
	return v
}
