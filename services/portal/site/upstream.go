package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// maxDetailBytes bounds an item page's answer from its service.
const maxDetailBytes = 2 << 20

// getJSON reads one object from service at path, as the caller (their token
// travels on). A refusal comes back as the service's own *errs.Error.
func (s *Site) getJSON(r *http.Request, service, path string) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.ReadTimeout)
	defer cancel()
	req, err := s.up.NewRequest(ctx, service, http.MethodGet, path, nil, gateway.Token(r))
	if err != nil {
		return nil, err
	}
	_, obj, err := s.send(service, req)
	return obj, err
}

// postJSON sends body to service at path with the caller's identity and their
// Idempotency-Key, so a repeated form submission does nothing twice.
func (s *Site) postJSON(r *http.Request, service, path string, body any, idemKey string) (map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.WriteTimeout)
	defer cancel()
	req, err := s.up.NewRequest(ctx, service, http.MethodPost, path, bytes.NewReader(b), gateway.Token(r))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	_, obj, err := s.send(service, req)
	return obj, err
}

func (s *Site) send(service string, req *http.Request) (int, map[string]any, error) {
	resp, err := s.up.Do(service, req)
	if err != nil {
		return 0, nil, gateway.Problem(service, err)
	}
	defer resp.Body.Close()
	body := io.LimitReader(resp.Body, maxDetailBytes)
	if resp.StatusCode >= 300 {
		var eb web.Body
		if json.NewDecoder(body).Decode(&eb) != nil || eb.Code == "" || eb.Error == "" {
			return resp.StatusCode, nil, gateway.Problem(service, errors.New("unreadable answer"))
		}
		return resp.StatusCode, nil, &errs.Error{Code: eb.Code, Message: eb.Error, Details: eb.Details, Like: web.ClassOf(resp.StatusCode)}
	}
	var obj map[string]any
	if err := json.NewDecoder(body).Decode(&obj); err != nil {
		return resp.StatusCode, nil, gateway.Problem(service, err)
	}
	return resp.StatusCode, obj, nil
}

// asError is err as a person may read it, with the status to answer with.
func asError(err error) *errs.Error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Errorf(errs.CodeInternal, "Something went wrong on our side. Please try again.")
}

// Tolerant readers of a service's JSON object: item pages show what is there.

func obj(m map[string]any, key string) map[string]any {
	v, _ := m[key].(map[string]any)
	return v
}

func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if v, ok := m[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}

func num(m map[string]any, keys ...string) (int64, bool) {
	for _, k := range keys {
		if v, ok := m[k].(float64); ok {
			return int64(v), true
		}
	}
	return 0, false
}

func boolean(m map[string]any, key string, def bool) bool {
	if v, ok := m[key].(bool); ok {
		return v
	}
	return def
}

func timeOf(m map[string]any, keys ...string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, str(m, keys...))
	return t, err == nil
}

func list(m map[string]any, keys ...string) []any {
	for _, k := range keys {
		if v, ok := m[k].([]any); ok {
			return v
		}
	}
	return nil
}

// imageURL makes a service's image address absolute: relative ones are on the
// service itself.
func (s *Site) imageURL(service, raw string) string {
	if raw == "" {
		return ""
	}
	if strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//") {
		if base := s.up.Base(service); base != nil {
			return base.String() + raw
		}
	}
	return safeURL(raw)
}

func pathEscape(s string) string { return url.PathEscape(s) }
