package web

import (
	"errors"
	"log/slog"
	"net/http"

	"stepperslife/internal/kit/errs"
)

var statusOf = map[errs.Code]int{
	errs.CodeValidation:         http.StatusBadRequest,
	errs.CodeUnauthenticated:    http.StatusUnauthorized,
	errs.CodeInvalidCredentials: http.StatusUnauthorized,
	errs.CodeForbidden:          http.StatusForbidden,
	errs.CodeNotFound:           http.StatusNotFound,
	errs.CodeMethodNotAllowed:   http.StatusMethodNotAllowed,
	errs.CodeConflict:           http.StatusConflict,
	errs.CodeSoldOut:            http.StatusConflict,
	errs.CodeInsufficientStock:  http.StatusConflict,
	errs.CodeItemUnavailable:    http.StatusConflict,
	errs.CodeInvalidTransition:  http.StatusConflict,
	errs.CodeIdempotencyReused:  http.StatusConflict,
	errs.CodePayloadTooLarge:    http.StatusRequestEntityTooLarge,
	errs.CodeUnsupportedMedia:   http.StatusUnsupportedMediaType,
	errs.CodeRateLimited:        http.StatusTooManyRequests,
	errs.CodeBadGateway:         http.StatusBadGateway,
	errs.CodeUnavailable:        http.StatusServiceUnavailable,
	errs.CodeGatewayTimeout:     http.StatusGatewayTimeout,
	errs.CodeInternal:           http.StatusInternalServerError,
}

// Status is the HTTP status an error is answered with: its class's status, 500 for
// anything that is not an *errs.Error or has no known class.
func Status(err error) int {
	var e *errs.Error
	if errors.As(err, &e) {
		if s, ok := statusOf[e.Class()]; ok {
			return s
		}
	}
	return http.StatusInternalServerError
}

// ClassOf is the contract code whose status is status, for an error received from
// another service: it keeps its own code and is answered with the same status.
func ClassOf(status int) errs.Code {
	switch status {
	case http.StatusBadRequest:
		return errs.CodeValidation
	case http.StatusUnauthorized:
		return errs.CodeUnauthenticated
	case http.StatusConflict:
		return errs.CodeConflict
	}
	for c, s := range statusOf {
		if s == status {
			return c // every other status has one code
		}
	}
	return errs.CodeInternal
}

// Body is the JSON shape of every error answer.
type Body struct {
	Error     string         `json:"error"`
	Code      errs.Code      `json:"code"`
	Details   map[string]any `json:"details,omitempty"`
	RequestID string         `json:"requestId"`
}

// WriteError answers with err in the contract's shape. Errors that are not *errs.Error
// are internal: they are logged with the request id and answered without their text.
// A browser asking for a page gets the error page the host installed
// (WithErrorPage) with the same status instead.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var e *errs.Error
	if !errors.As(err, &e) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			e = errs.Errorf(errs.CodePayloadTooLarge, "The request body is too large.")
		} else {
			LoggerFrom(r.Context()).LogAttrs(r.Context(), slog.LevelError, "internal error",
				slog.String("error", err.Error()), slog.String("path", r.URL.Path))
			e = errs.Errorf(errs.CodeInternal, "Something went wrong on our side. Please try again.")
		}
	}
	if page := errorPageFrom(r.Context()); page != nil && WantsHTML(r) {
		page(w, r, Problem{Status: Status(e), Code: e.Code, Message: e.Message, RequestID: RequestID(r.Context())})
		return
	}
	WriteJSON(w, Status(e), Body{Error: e.Message, Code: e.Code, Details: e.Details, RequestID: RequestID(r.Context())})
}
