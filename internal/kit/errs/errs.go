// Package errs holds the contract's errors: a machine code, a message a person may
// read, and details. It imports only the standard library, so domain packages use it
// without knowing any transport; the web kit maps codes to statuses and writes them.
package errs

import "errors"

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

// Error is an error that a person may read. Domain code returns it (or wraps it) and
// the transport turns it into the contract's shape.
type Error struct {
	Code    Code
	Message string
	Details map[string]any
	// Like names the contract code this one is answered as, for a service's own codes
	// (TICKET_NOT_FOUND is answered like NOT_FOUND); empty means Code itself.
	Like Code
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Class is the contract code whose answer this error takes.
func (e *Error) Class() Code {
	if e.Like != "" {
		return e.Like
	}
	return e.Code
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

// Answer is contract when err is (or wraps) the storage outcome sentinel (a
// service's ErrNotFound, ErrChanged, …): the store says what happened, the use case
// what it means to the caller. Any other error, and nil, pass unchanged.
func Answer(err, sentinel error, contract *Error) error {
	if errors.Is(err, sentinel) {
		return contract
	}
	return err
}
