package audit

import (
	"bytes"
	"io"
	"net/http"

	"stepperslife/internal/kit/web"
)

// ReasonFrom reads the reason an admin gave with an action request: the optional
// JSON body {"reason": "…"} (an empty body gives none, so a bare POST still acts),
// or, without a body, the query's ?reason=. It does not check the reason; Reason
// does.
func ReasonFrom(r *http.Request) (string, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, web.MaxJSONBytes))
	if err != nil {
		return "", err // web.WriteError answers a body over the limit with 413
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return r.URL.Query().Get("reason"), nil
	}
	var req struct {
		Reason string `json:"reason"`
	}
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(body))
	if err := web.DecodeJSON(r2, &req); err != nil {
		return "", err
	}
	return req.Reason, nil
}
