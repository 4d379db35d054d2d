// Package domain holds the magazine service's rules as plain Go: articles and their
// editorial states (a state machine kept as data, with who may make each move),
// slugs, categories, tags and reading time, and the rendering of a Markdown body into
// HTML that never carries script. It knows nothing of HTTP or SQL.
package domain
