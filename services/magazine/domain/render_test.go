package domain

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// xssCorpus are known ways to run script in a page, as a writer could type them in
// Markdown: raw HTML, event handlers, dangerous link and image schemes (plain, encoded,
// mixed case, split by control characters), SVG and MathML, styles, frames, objects,
// forms, meta refreshes, and attempts to forge the server's own embeds.
var xssCorpus = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="javascript:alert(1)">`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">`,
	`<a href="javascript:alert(1)">click</a>`,
	`<a href="JaVaScRiPt:alert(1)">click</a>`,
	`<a href="&#106;avascript:alert(1)">click</a>`,
	`<a href="java&#x09;script:alert(1)">click</a>`,
	`<body onload=alert(1)>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<style>@import 'http://evil.example/x.css';</style>`,
	`<link rel=stylesheet href=//evil.example/x.css>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><input type=submit></form>`,
	`<details open ontoggle=alert(1)>`,
	`<video><source onerror=alert(1)></video>`,
	`<base href="javascript:/">`,
	`[click](javascript:alert(1))`,
	`[click](JAVASCRIPT:alert(1))`,
	`[click](vbscript:msgbox(1))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[click](javascript&#58;alert(1))`,
	`![x](javascript:alert(1))`,
	`![x](x" onerror="alert(1))`,
	`[x](https://example.com" onclick="alert(1))`,
	"<a href=\"\x01javascript:alert(1)\">x</a>",
	`<<script>script>alert(1)<</script>/script>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<p title="</p><script>alert(1)</script>">x</p>`,
	`<!--<script>alert(1)//-->`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<textarea><script>alert(1)</script></textarea>`,
	`<xmp><script>alert(1)</script></xmp>`,
	"```html\n<script>alert(1)</script>\n```",
	`https://www.youtube.com/watch?v=dQw4w9WgXcQ" onload="alert(1)`,
	`https://evil.example/watch?v=dQw4w9WgXcQ`,
	`https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ`,
	`https://user@www.youtube.com/watch?v=dQw4w9WgXcQ`,
	`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>`,
	`<p>embed0123456789abcdefx0</p>`,
}

// safe fails t for anything in out that could run script: an element outside the
// writing vocabulary, an event-handler or style attribute, a URL with a scheme other
// than http, https or mailto, a frame not built by the server.
func safe(t *testing.T, input, out string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("%q: unparsable output %q", input, out)
	}
	allowedTags := map[string]bool{"html": true, "head": true, "body": true, "p": true, "a": true, "em": true,
		"strong": true, "code": true, "pre": true, "ul": true, "ol": true, "li": true, "blockquote": true, "h1": true,
		"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "img": true, "hr": true, "br": true, "del": true,
		"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "figure": true, "iframe": true,
		"input": true}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowedTags[n.Data] {
				t.Errorf("%q: element <%s> in %q", input, n.Data, out)
			}
			for _, a := range n.Attr {
				key, val := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" || key == "formaction" {
					t.Errorf("%q: attribute %s in %q", input, key, out)
				}
				if key == "href" || key == "src" || key == "action" || key == "data" {
					if i := strings.IndexByte(val, ':'); i >= 0 && !strings.ContainsAny(val[:i], "/?#") {
						if s := val[:i]; s != "http" && s != "https" && s != "mailto" {
							t.Errorf("%q: %s scheme %q in %q", input, key, s, out)
						}
					}
				}
			}
			if n.Data == "iframe" {
				src, sandbox := attr(n, "src"), attr(n, "sandbox")
				if !fromEmbedHost(src) || sandbox == "" || strings.Contains(sandbox, "allow-top-navigation") {
					t.Errorf("%q: a frame the server did not build: %q", input, out)
				}
			}
			if n.Data == "input" && attr(n, "type") != "checkbox" {
				t.Errorf("%q: an input in %q", input, out)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func fromEmbedHost(src string) bool {
	for _, h := range EmbedHosts {
		if strings.HasPrefix(src, h+"/") {
			return true
		}
	}
	return false
}

func TestEveryXSSVectorIsStripped(t *testing.T) {
	for _, v := range xssCorpus {
		for _, body := range []string{v, "Before.\n\n" + v + "\n\nAfter.", "> " + v, "- " + v, "# " + v} {
			out := RenderBody(body)
			safe(t, body, out)
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Errorf("%q: script in %q", body, out)
			}
		}
	}
}

// A writer's frame never survives, even one pointing at an allowed player, and the
// embed marker cannot be forged: only a bare allowed address becomes a frame.
func TestOnlyTheServerMakesFrames(t *testing.T) {
	for _, v := range []string{
		`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>`,
		`<p>embed0123456789abcdefx0</p>`, "embed0123456789abcdefx0",
		`https://evil.example/watch?v=dQw4w9WgXcQ`,
		"```\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n```",
		"    https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"See https://www.youtube.com/watch?v=dQw4w9WgXcQ here",
	} {
		if out := RenderBody(v); strings.Contains(out, "<iframe") {
			t.Errorf("%q made a frame: %q", v, out)
		}
	}
}

func TestAllowedEmbedsBecomeSandboxedFrames(t *testing.T) {
	for in, src := range map[string]string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s":  "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
		"https://youtu.be/dQw4w9WgXcQ?t=42":                    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42",
		"https://youtube.com/shorts/dQw4w9WgXcQ":               "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
		"https://m.youtube.com/watch?v=dQw4w9WgXcQ&start=3600": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=3600",
		"https://soundcloud.com/dj-sam/steppers-mix-2026":      "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fdj-sam%2Fsteppers-mix-2026&amp;visual=false&amp;auto_play=false",
		"https://www.instagram.com/p/C1a2B3c4D5e/":             "https://www.instagram.com/p/C1a2B3c4D5e/embed/",
		"https://instagram.com/reel/C1a2B3c4D5e":               "https://www.instagram.com/reel/C1a2B3c4D5e/embed/",
	} {
		body := "Watch this:\n\n" + in + "\n\nThat's all."
		out := RenderBody(body)
		safe(t, body, out)
		if !strings.Contains(out, `src="`+src+`"`) || !strings.Contains(out, `sandbox="allow-scripts`) ||
			!strings.Contains(out, "<p>Watch this:</p>") {
			t.Errorf("%s: %s", in, out)
		}
	}
	for _, bad := range []string{"https://www.youtube.com/watch?v=short", "https://soundcloud.com/only-user",
		"https://instagram.com/stories/x/123", "ftp://youtube.com/watch?v=dQw4w9WgXcQ", "https://youtube.com:8443/watch?v=dQw4w9WgXcQ"} {
		if _, ok := ParseEmbed(bad); ok {
			t.Errorf("%s parsed as an embed", bad)
		}
	}
}

func TestOrdinaryWritingSurvives(t *testing.T) {
	out := RenderBody("## The floor\n\nSteppin is *smooth* and **proud**. See [the Cultural Center](https://example.com/ccc).\n\n" +
		"![Dancers at the Cultural Center](/media/magazine/inline/abc.jpg)\n\n> Keep it smooth.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
	for _, want := range []string{"<h2", "<em>smooth</em>", "<strong>proud</strong>", `href="https://example.com/ccc"`,
		`rel="nofollow noreferrer noopener"`, `src="/media/magazine/inline/abc.jpg"`, `alt="Dancers at the Cultural Center"`,
		"<blockquote>", "<li>two</li>", "<td>2</td>"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in %s", want, out)
		}
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText("## Title\n\nA *bold* <script>x</script> move & more words here to cut.", 30)
	if strings.Contains(got, "<") || strings.Contains(got, "*") || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "Title A bold") {
		t.Errorf("%q", got)
	}
}

// A reader's memory goes through the same renderer and sanitizer; nothing in it ever
// becomes a frame, even an allowed player's address alone on a line.
func TestEveryXSSVectorIsStrippedFromMemories(t *testing.T) {
	for _, v := range append(xssCorpus, "https://www.youtube.com/watch?v=dQw4w9WgXcQ") {
		for _, body := range []string{v, "I remember.\n\n" + v, "> " + v} {
			out := RenderText(body)
			safe(t, body, out)
			if strings.Contains(strings.ToLower(out), "<script") || strings.Contains(strings.ToLower(out), "<iframe") {
				t.Errorf("%q: script or frame in %q", body, out)
			}
		}
	}
}
