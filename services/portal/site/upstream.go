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

// getJSON reads service's answer at path into a T, as the caller (their token
// travels on). A refusal comes back as the service's own *errs.Error.
func getJSON[T any](s *Site, r *http.Request, service, path string) (T, error) {
	return getJSONWithin[T](s, r, s.opts.ReadTimeout, service, path)
}

// getJSONWithin is getJSON bounded by budget.
func getJSONWithin[T any](s *Site, r *http.Request, budget time.Duration, service, path string) (T, error) {
	var out T
	ctx, cancel := context.WithTimeout(r.Context(), budget)
	defer cancel()
	req, err := s.up.NewRequest(ctx, service, http.MethodGet, path, nil, gateway.Token(r))
	if err != nil {
		return out, err
	}
	err = s.send(service, req, &out)
	return out, err
}

// postJSON sends body to service at path with the caller's identity and their
// Idempotency-Key, so a repeated form submission does nothing twice, and reads the
// answer into a T.
func postJSON[T any](s *Site, r *http.Request, service, path string, body any, idemKey string) (T, error) {
	return sendJSON[T](s, r, service, http.MethodPost, path, body, idemKey)
}

// sendJSON is postJSON with another method (PATCH, PUT).
func sendJSON[T any](s *Site, r *http.Request, service, method, path string, body any, idemKey string) (T, error) {
	var out T
	b, err := json.Marshal(body)
	if err != nil {
		return out, err
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.WriteTimeout)
	defer cancel()
	req, err := s.up.NewRequest(ctx, service, method, path, bytes.NewReader(b), gateway.Token(r))
	if err != nil {
		return out, err
	}
	req.Header.Set("Content-Type", "application/json")
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	err = s.send(service, req, &out)
	return out, err
}

// send does req and decodes a success into out. Fields the service adds are
// ignored: the shared types are the contract's minimum shape.
func (s *Site) send(service string, req *http.Request, out any) error {
	resp, err := s.up.Do(service, req)
	if err != nil {
		return gateway.Problem(service, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return refusal(service, resp)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxDetailBytes)).Decode(out); err != nil {
		return gateway.Problem(service, err)
	}
	return nil
}

// refusal is the error a service's answer other than a success states: the service's
// own *errs.Error, or its fault when the answer does not say one.
func refusal(service string, resp *http.Response) error {
	var eb web.Body
	if json.NewDecoder(io.LimitReader(resp.Body, maxDetailBytes)).Decode(&eb) != nil || eb.Code == "" || eb.Error == "" {
		return gateway.Problem(service, errors.New("unreadable answer"))
	}
	return &errs.Error{Code: eb.Code, Message: eb.Error, Details: eb.Details, Like: web.ClassOf(resp.StatusCode)}
}

// asError is err as a person may read it, with the status to answer with.
func asError(err error) *errs.Error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Errorf(errs.CodeInternal, "Something went wrong on our side. Please try again.")
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
