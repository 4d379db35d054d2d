package config

import (
	"encoding/json"
	"log/slog"
)

// Secret holds a value that must never reach a log or an error message.
type Secret string

// String masks the value; use Reveal where the real value is needed.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "****"
}

// LogValue keeps slog from printing the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Reveal returns the real value.
func (s Secret) Reveal() string { return string(s) }

// Set reports whether a value was given.
func (s Secret) Set() bool { return s != "" }

// MarshalJSON masks the value too: slog's JSON handler encodes a struct that holds a
// Secret (e.g. a whole config.Minio) with encoding/json, bypassing LogValue.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }
