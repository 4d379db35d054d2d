package web

import (
	"errors"
	"log/slog"
	"net/http"
)

// Code is a machine-readable error code of the contract.
type Code string

// The contract's error codes.
const (
	CodeValidation         Code = "VALIDATION_FAILED"
	CodeUnauthenticated    Code = "UNAUTHENTICATED"
	CodeInvalidCredentials Code = "INVALID_CREDENTIALS"
	CodeForbidden          Code = "FORBIDDEN"
	CodeNotFound           Code = "NOT_FOUND"
	CodeMethodNotAllowed   Code = "METHOD_NOT_ALLOWED"
	CodeConflict           Code = "CONFLICT"
	CodeSoldOut            Code = "SOLD_OUT"
	CodeInsufficientStock  Code = "INSUFFICIENT_INVENTORY"
	CodeItemUnavailable    Code = "ITEM_UNAVAILABLE"
	CodeInvalidTransition  Code = "INVALID_TRANSITION"
	CodeIdempotencyReused  Code = "IDEMPOTENCY_KEY_REUSED"
	CodePayloadTooLarge    Code = "PAYLOAD_TOO_LARGE"
	CodeUnsupportedMedia   Code = "UNSUPPORTED_MEDIA_TYPE"
	CodeRateLimited        Code = "RATE_LIMITED"
	CodeBadGateway         Code = "BAD_GATEWAY"
	CodeUnavailable        Code = "UNAVAILABLE"
	CodeGatewayTimeout     Code = "GATEWAY_TIMEOUT"
	CodeInternal           Code = "INTERNAL"
)

var statusOf = map[Code]int{
	CodeValidation:         http.StatusBadRequest,
	CodeUnauthenticated:    http.StatusUnauthorized,
	CodeInvalidCredentials: http.StatusUnauthorized,
	CodeForbidden:          http.StatusForbidden,
	CodeNotFound:           http.StatusNotFound,
	CodeMethodNotAllowed:   http.StatusMethodNotAllowed,
	CodeConflict:           http.StatusConflict,
	CodeSoldOut:            http.StatusConflict,
	CodeInsufficientStock:  http.StatusConflict,
	CodeItemUnavailable:    http.StatusConflict,
	CodeInvalidTransition:  http.StatusConflict,
	CodeIdempotencyReused:  http.StatusConflict,
	CodePayloadTooLarge:    http.StatusRequestEntityTooLarge,
	CodeUnsupportedMedia:   http.StatusUnsupportedMediaType,
	CodeRateLimited:        http.StatusTooManyRequests,
	CodeBadGateway:         http.StatusBadGateway,
	CodeUnavailable:        http.StatusServiceUnavailable,
	CodeGatewayTimeout:     http.StatusGatewayTimeout,
	CodeInternal:           http.StatusInternalServerError,
}

// Status is the HTTP status that goes with a code; unknown codes are 500.
func (c Code) Status() int {
	if s, ok := statusOf[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error is an error that a person may read. Domain code returns it (or wraps it) and
// WriteError turns it into the contract's shape.
type Error struct {
	Code    Code
	Message string
	Details map[string]any
	// Status overrides Code.Status() when set, e.g. a 409 answer with a 404-ish code.
	Status int
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// HTTPStatus is the status this error is answered with.
func (e *Error) HTTPStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	return e.Code.Status()
}

// Errorf makes an Error with a message for a person.
func Errorf(code Code, msg string) *Error { return &Error{Code: code, Message: msg} }

// With returns a copy of e carrying details.
func (e *Error) With(details map[string]any) *Error {
	c := *e
	c.Details = details
	return &c
}

// Invalid is a VALIDATION_FAILED error naming each bad field.
func Invalid(fields map[string]string) *Error {
	d := make(map[string]any, len(fields))
	for k, v := range fields {
		d[k] = v
	}
	return &Error{Code: CodeValidation, Message: "Some fields need another look.", Details: map[string]any{"fields": d}}
}

// NotFound is a NOT_FOUND error about a thing.
func NotFound(what string) *Error { return Errorf(CodeNotFound, what+" not found.") }

// Body is the JSON shape of every error answer.
type Body struct {
	Error     string         `json:"error"`
	Code      Code           `json:"code"`
	Details   map[string]any `json:"details,omitempty"`
	RequestID string         `json:"requestId"`
}

// WriteError answers with err in the contract's shape. Errors that are not *Error are
// internal: they are logged with the request id and answered without their text.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	if !errors.As(err, &e) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			e = Errorf(CodePayloadTooLarge, "The request body is too large.")
		} else {
			LoggerFrom(r.Context()).LogAttrs(r.Context(), slog.LevelError, "internal error",
				slog.String("error", err.Error()), slog.String("path", r.URL.Path))
			e = Errorf(CodeInternal, "Something went wrong on our side. Please try again.")
		}
	}
	WriteJSON(w, e.HTTPStatus(), Body{Error: e.Message, Code: e.Code, Details: e.Details, RequestID: RequestID(r.Context())})
}
