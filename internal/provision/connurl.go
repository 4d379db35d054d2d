package provision

import (
	"errors"
	"net/url"
)

// carriedParams are the admin URL's query parameters that describe the server and
// how to reach it, and so apply to the services too. Client certificates and
// anything else about the admin's own login stay out of the services' URLs.
var carriedParams = []string{"sslmode", "sslrootcert", "host", "port", "connect_timeout"}

// parseAdminURL accepts only the URL form, since the services' DATABASE_URL is
// derived from it. Errors never repeat the URL: it may carry the admin password.
func parseAdminURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("admin URL: required (postgres://USER@HOST:PORT/postgres)")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("admin URL: cannot be parsed as a URL")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, errors.New("admin URL: must start with postgres://")
	}
	return u, nil
}

// serviceURL is the DATABASE_URL a service gets: its own role and database on the
// admin URL's server.
func serviceURL(admin *url.URL, role, password, database string) string {
	q := url.Values{}
	from := admin.Query()
	for _, k := range carriedParams {
		if v := from.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(role, password),
		Host:     admin.Host,
		Path:     "/" + database,
		RawQuery: q.Encode(),
	}
	return u.String()
}

// adminURLFor is the admin URL pointed at another database on the same server.
func adminURLFor(admin *url.URL, database string) string {
	u := *admin
	u.Path = "/" + database
	u.RawPath = ""
	return u.String()
}

// serverName names the server in the summary, without credentials.
func serverName(admin *url.URL) string {
	if admin.Host != "" {
		return admin.Host
	}
	if h := admin.Query().Get("host"); h != "" {
		return h
	}
	return "the default PostgreSQL server"
}
