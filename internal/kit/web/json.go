package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"stepperslife/internal/kit/errs"
)

// MaxJSONBytes bounds every JSON request body.
const MaxJSONBytes = 1 << 20

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"encoding failed","code":"INTERNAL"}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// DecodeJSON reads a JSON object into dst: the body must be JSON, at most MaxJSONBytes,
// one value, with no unknown fields. Failures come back as *errs.Error ready to answer.
func DecodeJSON(r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
			return errs.Errorf(errs.CodeUnsupportedMedia, "Send the body as application/json.")
		}
	}
	body := http.MaxBytesReader(nil, r.Body, MaxJSONBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return errs.Errorf(errs.CodeValidation, "The body must hold a single JSON value.")
	}
	return nil
}

func jsonError(err error) error {
	var mbe *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return errs.Errorf(errs.CodePayloadTooLarge, fmt.Sprintf("The body may be at most %d bytes.", mbe.Limit))
	case errors.Is(err, io.EOF):
		return errs.Errorf(errs.CodeValidation, "The body is empty; send a JSON object.")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Errorf(errs.CodeValidation, "The body is not valid JSON.")
	case errors.As(err, &typ):
		return errs.Invalid(map[string]string{typ.Field: "has the wrong type; expected " + typ.Type.String()})
	default:
		// Unknown fields and similar: the decoder's text names the field, no internals.
		return errs.Errorf(errs.CodeValidation, "The body could not be read: "+err.Error())
	}
}
