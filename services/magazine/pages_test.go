package magazine_test

import (
	"bytes"
	"encoding/json"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"stepperslife/services/magazine/magazinetest"
)

func page(t *testing.T, c *http.Client, rawURL string) (int, string) {
	t.Helper()
	res, err := c.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func post(t *testing.T, c *http.Client, rawURL string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(rawURL, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Request.URL.String(), string(b)
}

// meta reads the page's <meta property|name=… content> tags and the JSON-LD block.
func meta(t *testing.T, body string) (map[string][]string, map[string]any) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string][]string{}
	var ld map[string]any
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			for _, x := range n.Attr {
				a[x.Key] = x.Val
			}
			switch {
			case n.Data == "meta" && a["property"] != "":
				tags[a["property"]] = append(tags[a["property"]], a["content"])
			case n.Data == "meta" && a["name"] != "":
				tags[a["name"]] = append(tags[a["name"]], a["content"])
			case n.Data == "link" && a["rel"] == "canonical":
				tags["canonical"] = append(tags["canonical"], a["href"])
			case n.Data == "script" && a["type"] == "application/ld+json" && n.FirstChild != nil:
				if err := json.Unmarshal([]byte(n.FirstChild.Data), &ld); err != nil {
					t.Errorf("JSON-LD: %v: %s", err, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return tags, ld
}

// The article page shares well: Open Graph, Twitter card, canonical and NewsArticle.
func TestTheArticlePageSharesWell(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Draft(writer, "Smooth Like Butter", "MUSIC", "dj", "house")
	s.Must(200, "PUT", "/api/articles/"+a.ID+"/cover?alt=A+DJ+at+the+decks", writer, pngOf(t, 240, 126), "Content-Type", "image/png")
	s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, nil)
	status, body := page(t, s.Browser(nil), s.URL+"/articles/"+a.Slug)
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	tags, ld := meta(t, body)
	url := s.URL + "/articles/" + a.Slug
	for k, want := range map[string]string{"og:title": "Smooth Like Butter", "og:type": "article", "og:url": url,
		"og:description": "The Smooth Like Butter story.", "twitter:card": "summary_large_image", "canonical": url,
		"article:section": "Music", "og:image:alt": "A DJ at the decks"} {
		if got := tags[k]; len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	img := tags["og:image"]
	if len(img) != 1 || !strings.HasPrefix(img[0], s.URL+"/media/covers/") || !strings.HasSuffix(img[0], "-share.jpg") {
		t.Fatalf("og:image %q", img)
	}
	share := s.Must(200, "GET", strings.TrimPrefix(img[0], s.URL), nil, nil)
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(share.Body)); err != nil || cfg.Width*630 != cfg.Height*1200 {
		t.Errorf("the share image is %dx%d (%v), not 1200:630", cfg.Width, cfg.Height, err)
	}
	if strings.Join(tags["article:tag"], ",") != "dj,house" || len(tags["article:published_time"]) != 1 {
		t.Errorf("article tags %v", tags)
	}
	if ld["@type"] != "NewsArticle" || ld["headline"] != "Smooth Like Butter" || ld["datePublished"] == nil ||
		ld["author"].([]any)[0].(map[string]any)["name"] != "Wanda Writer" {
		t.Errorf("JSON-LD %v", ld)
	}
	if !strings.Contains(body, "The Smooth Like Butter story, told") {
		t.Error("no body")
	}
}

// An old address redirects; an unpublished article is a 404 page for readers and a
// preview for its writer; embeds are allowed as frames by the page's policy.
func TestArticleAddressesAndPreviews(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Draft(writer, "Where We Danced", "HISTORY")
	old := a.Slug
	s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"slug": "where-we-danced",
		"body": "Watch:\n\nhttps://youtu.be/dQw4w9WgXcQ?t=30"})
	status, body := page(t, s.Browser(nil), s.URL+"/articles/where-we-danced")
	if status != 404 || !strings.Contains(body, "<html") {
		t.Errorf("a reader sees a draft: %d", status)
	}
	res, err := s.Browser(writer).Get(s.URL + "/articles/where-we-danced")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Preview") || !strings.Contains(string(b), `content="noindex"`) {
		t.Errorf("the writer's preview: %d", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-src https://www.youtube-nocookie.com") {
		t.Errorf("policy %q", csp)
	}
	if !regexp.MustCompile(`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\?start=30"[^>]*sandbox=`).Match(b) {
		t.Errorf("no sandboxed player in the page")
	}
	s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, nil)
	c := s.Browser(nil)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err = c.Get(s.URL + "/articles/" + old)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/articles/where-we-danced" {
		t.Errorf("old address: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// The lists: the home shows featured first then newest; category, tag, writer and
// search pages show theirs; pages say words, not values.
func TestListPages(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	first := s.Published(writer, "Older Story", "NEWS", "chicago")
	s.Published(other, "Newer Story", "FASHION")
	s.Must(200, "POST", "/api/admin/articles/"+first.ID+"/feature", editor, nil)
	_, home := page(t, s.Browser(nil), s.URL+"/")
	i, j := strings.Index(home, "Older Story"), strings.Index(home, "Newer Story")
	if i < 0 || j < 0 || i > j || !strings.Contains(home, "Featured · News") {
		t.Errorf("home order: featured at %d, newer at %d", i, j)
	}
	for path, want := range map[string][]string{
		"/category/fashion":     {"Newer Story"},
		"/tags/chicago":         {"Older Story"},
		"/writers/" + writer.ID: {"Older Story"},
		"/?q=newer":             {"Newer Story"},
	} {
		status, body := page(t, s.Browser(nil), s.URL+path)
		if status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		for _, title := range []string{"Older Story", "Newer Story"} {
			if strings.Contains(body, ">"+title+"<") != (title == want[0]) {
				t.Errorf("%s: %s shown: %v", path, title, !strings.Contains(body, title))
			}
		}
		for _, raw := range []string{">NEWS<", ">FASHION<", "PUBLISHED"} {
			if strings.Contains(body, raw) {
				t.Errorf("%s shows %s", path, raw)
			}
		}
	}
	if status, _ := page(t, s.Browser(nil), s.URL+"/category/gossip"); status != 404 {
		t.Errorf("unknown section: %d", status)
	}
}

// A writer drafts, submits and sees the editor's notes on the dashboard; the editor
// rejects, the writer revises, the editor schedules, all through the pages' forms.
func TestTheDeskThroughThePages(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	w, ed := s.Browser(writer), s.Browser(editor)
	status, at, body := post(t, w, s.URL+"/dashboard/articles", url.Values{"title": {"Hands Up"}, "category": {"TUTORIALS"},
		"body": {"Keep your frame."}})
	if status != 200 || !strings.Contains(at, "/dashboard/articles/") || !strings.Contains(body, "Draft saved.") {
		t.Fatalf("%d %s", status, at)
	}
	id := strings.TrimPrefix(strings.Split(at, "?")[0], s.URL+"/dashboard/articles/")
	if _, _, body = post(t, w, s.URL+"/dashboard/articles/"+id+"/submit", nil); !strings.Contains(body, "Sent to the editors.") {
		t.Fatalf("%s", body)
	}
	_, desk := page(t, ed, s.URL+"/admin")
	if !strings.Contains(desk, "Hands Up") {
		t.Fatal("not on the desk")
	}
	if _, _, body = post(t, ed, s.URL+"/admin/articles/"+id+"/reject", url.Values{"notes": {"Show the footwork."}}); !strings.Contains(body, "Sent back") {
		t.Fatalf("%s", body)
	}
	_, dash := page(t, w, s.URL+"/dashboard")
	if !strings.Contains(dash, "Show the footwork.") || !strings.Contains(dash, "Sent back") {
		t.Fatalf("the dashboard hides the notes")
	}
	_, edit := page(t, w, s.URL+"/dashboard/articles/"+id)
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit)
	if v == nil {
		t.Fatal("no version in the form")
	}
	form := url.Values{"title": {"Hands Up"}, "category": {"TUTORIALS"}, "body": {"Keep your frame. Then the footwork."},
		"version": {v[1]}, "tags": {"basics, frame"}}
	if _, _, body = post(t, w, s.URL+"/dashboard/articles/"+id, form); !strings.Contains(body, "Saved.") {
		t.Fatalf("%s", body)
	}
	if _, _, body = post(t, w, s.URL+"/dashboard/articles/"+id, form); !strings.Contains(body, "Someone else changed") {
		t.Errorf("a stale form saved: %s", body)
	}
	post(t, w, s.URL+"/dashboard/articles/"+id+"/submit", nil)
	_, _, body = post(t, ed, s.URL+"/admin/articles/"+id+"/publish", url.Values{"publishAt": {"2099-01-01T10:00"}})
	if !strings.Contains(body, "publishAt") && !strings.Contains(body, "Publication time") {
		t.Errorf("a time beyond a year was taken: %s", body)
	}
	_, review := page(t, ed, s.URL+"/admin/articles/"+id)
	for _, want := range []string{"sent it back", "Show the footwork.", "revised it as a draft", "Publish"} {
		if !strings.Contains(review, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if _, _, body = post(t, ed, s.URL+"/admin/articles/"+id+"/publish", url.Values{"publishAt": {""}}); !strings.Contains(body, "Published.") {
		t.Fatalf("%s", body)
	}
	if status, _ := page(t, s.Browser(writer), s.URL+"/admin"); status != 403 {
		t.Errorf("a writer on the desk: %d", status)
	}
	if status, _ := page(t, s.Browser(reader), s.URL+"/dashboard"); status != 403 {
		t.Errorf("a reader on the dashboard: %d", status)
	}
}

// Script typed into a body reaches neither bodyHtml nor the page: the only scripts on
// the article page are the layout's own file and the JSON-LD block, and no element in
// the article carries an event handler or a script URL.
func TestNoScriptReachesThePage(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	a := s.Draft(writer, "Tricky Page", "NEWS")
	body := strings.Join([]string{`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `[x](javascript:alert(1))`,
		`<svg onload=alert(1)>`, `<iframe srcdoc="<script>alert(1)</script>">`, `<a href="&#106;avascript:alert(1)">x</a>`,
		`<details open ontoggle=alert(1)>`, `<style>body{display:none}</style>`, `</div></article><script>alert(2)</script>`}, "\n\n")
	s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"body": body, "title": `Tricky "</title><script>alert(3)</script>`})
	s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
	s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, nil)
	_, page := page(t, s.Browser(nil), s.URL+"/articles/"+a.Slug)
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node, inMain bool)
	walk = func(n *html.Node, inMain bool) {
		if n.Type == html.ElementNode {
			inMain = inMain || n.Data == "main"
			attrs := map[string]string{}
			for _, x := range n.Attr {
				attrs[x.Key] = x.Val
				if strings.HasPrefix(x.Key, "on") || x.Key == "srcdoc" || strings.HasPrefix(strings.ToLower(strings.TrimSpace(x.Val)), "javascript:") {
					t.Errorf("<%s %s=%q>", n.Data, x.Key, x.Val)
				}
			}
			switch n.Data {
			case "script":
				if src, _, _ := strings.Cut(attrs["src"], "?"); src != "/static/ui/app.js" && attrs["type"] != "application/ld+json" {
					t.Errorf("a script on the page: %v", attrs)
				}
			case "iframe", "svg", "style", "object", "embed":
				if inMain { // the kit's header draws its icons in SVG
					t.Errorf("<%s> in the page's main", n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMain)
		}
	}
	walk(doc, false)
	if !strings.Contains(page, "Tricky &#34;&lt;/title&gt;&lt;script&gt;") && !strings.Contains(page, "Tricky &quot;&lt;/title&gt;") {
		t.Errorf("the title is not escaped as text")
	}
}
