package domain

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// markdown renders CommonMark without raw HTML passing through (goldmark's default),
// and policy strips whatever else could run or track: the UGC policy keeps text
// formatting and links (with rel="nofollow") and drops scripts, styles, frames and
// event handlers.
var (
	markdown = goldmark.New()
	policy   = bluemonday.UGCPolicy().RequireNoFollowOnLinks(true).AddTargetBlankToFullyQualifiedLinks(true)
)

// RenderMarkdown turns a provider's Markdown description into HTML that is safe to put
// in a page as is.
func RenderMarkdown(src string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only on a failing writer; a bytes.Buffer never does. Escape the
		// text rather than lose it.
		return bluemonday.StrictPolicy().Sanitize(src)
	}
	return string(policy.SanitizeBytes(buf.Bytes()))
}
