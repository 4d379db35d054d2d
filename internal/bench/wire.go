package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// requestTimeout bounds one request, as the setup client's Timeout does.
const requestTimeout = 30 * time.Second

// wire is one worker's keep-alive connection. Requests go out as bytes made ahead
// and answers are read with net/http's own parser, with no Transport in between:
// the generator shares the machine with what it measures, and a Transport's
// goroutine hand-offs cost it about as much again as the trivial handler it is
// measured against. Answers are read as sent (never decompressed), so their sizes
// are the bytes on the wire.
type wire struct {
	addr string
	nc   net.Conn
	br   *bufio.Reader
}

// wireAddr is the host:port a target's URL names; only plain HTTP is driven.
func wireAddr(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" {
		return "", errors.New("bench: only http:// addresses can be driven")
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "80"), nil
	}
	return u.Host, nil
}

// requestBytes is request n of t as it goes on the wire.
func requestBytes(t Target, n int) ([]byte, error) {
	method := t.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	var extra http.Header
	if t.Body != nil {
		var b []byte
		b, extra = t.Body(n)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, t.URL, body)
	if err != nil {
		return nil, err
	}
	for k, v := range t.Header {
		req.Header[k] = v
	}
	for k, v := range extra {
		req.Header[k] = v
	}
	var out bytes.Buffer
	if err := req.Write(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// roundTrip sends req, a whole request made by requestBytes, and reads the answer's
// body into buf. A connection that failed, or that the server closes, is dialled
// again for the next request.
func (c *wire) roundTrip(ctx context.Context, req []byte, method string, buf *bytes.Buffer) (int, error) {
	if c.nc == nil {
		var d net.Dialer
		nc, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return 0, err
		}
		c.nc, c.br = nc, bufio.NewReaderSize(nc, 16<<10)
	}
	nc := c.nc
	_ = nc.SetDeadline(time.Now().Add(requestTimeout))
	// A cancelled run ends the request under way instead of waiting out its time.
	defer context.AfterFunc(ctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })()
	if _, err := c.nc.Write(req); err != nil {
		c.close()
		return 0, err
	}
	resp, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		c.close()
		return 0, err
	}
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	_ = resp.Body.Close()
	if err != nil || resp.Close {
		c.close()
	}
	return resp.StatusCode, err
}

func (c *wire) close() {
	if c.nc != nil {
		_ = c.nc.Close()
		c.nc, c.br = nil, nil
	}
}
