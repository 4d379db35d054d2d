package domain

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Rendering turns a writer's Markdown into HTML a reader's browser may show: goldmark
// renders it (raw HTML in the Markdown is dropped, dangerous link schemes refused),
// bluemonday then keeps only the elements and attributes of ordinary writing, and
// only after both does the server put in the embeds it recognised itself, as
// sandboxed frames it builds from parsed ids. Nothing a writer types becomes a frame,
// a script, a style or an event handler.

var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Typographer))

	policyOnce sync.Once
	policy     *bluemonday.Policy
	textOnly   = bluemonday.StrictPolicy()
)

func sanitizer() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.RequireNoReferrerOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		policy = p
	})
	return policy
}

// RenderBody is the reader's HTML of a Markdown body.
func RenderBody(body string) string {
	token := embedToken()
	src, embeds := extractEmbeds(body, token)
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only on a writer that fails; a body is never shown raw.
		return "<p>" + html.EscapeString(body) + "</p>"
	}
	out := sanitizer().Sanitize(buf.String())
	for i, e := range embeds {
		out = strings.Replace(out, "<p>"+token+itoa(i)+"</p>", e.HTML(), 1)
	}
	return out
}

// RenderText is the reader's HTML of a reader's Markdown (a memory): the same
// renderer and sanitizer as an article, and no embeds.
func RenderText(text string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(text), &buf); err != nil {
		return "<p>" + html.EscapeString(text) + "</p>"
	}
	return sanitizer().Sanitize(buf.String())
}

// PlainText is the words of a Markdown body without markup, for excerpts, feeds and
// search; at most limit runes (0: all), cut at a word.
func PlainText(body string, limit int) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(body), &buf); err != nil {
		return ""
	}
	text := html.UnescapeString(textOnly.Sanitize(buf.String()))
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if limit <= 0 || len(r) <= limit {
		return text
	}
	cut := string(r[:limit])
	if i := strings.LastIndexByte(cut, ' '); i > limit/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// extractEmbeds replaces each line that is nothing but an allowed embed address
// (outside fenced code) with a paragraph holding token and the embed's number.
func extractEmbeds(body, token string) (string, []Embed) {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	var embeds []Embed
	fence := ""
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue // indented code
		}
		if e, ok := ParseEmbed(t); ok {
			lines[i] = "\n" + token + itoa(len(embeds)) + "\n"
			embeds = append(embeds, e)
		}
	}
	return strings.Join(lines, "\n"), embeds
}

// embedToken is a marker no writer can guess, fresh for each rendering.
func embedToken() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "embed" + hex.EncodeToString(b[:]) + "x"
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
