package httpapi

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// FeedSize is how many of the newest articles a feed carries.
const FeedSize = 20

// The feeds are written with encoding/xml from these shapes: Atom (RFC 4287) and
// RSS 2.0. Readers revalidate with ETag / Last-Modified and get 304 when nothing
// changed.

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle"`
	ID       string      `xml:"id"`
	Links    []atomLink  `xml:"link"`
	Updated  string      `xml:"updated"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creator     string   `xml:"dc:creator"`
	Description string   `xml:"description"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feed answers a feed from the cache: the category of a per-category feed ("" for
// the site's) is checked, and draw encodes the newest articles; readers revalidate
// with the kit's ETag and Last-Modified and get 304 while nothing public changed.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request, draw func(category string, vs []app.View) (cache.Answer, error)) {
	category := ""
	if c := r.PathValue("category"); c != "" {
		category = strings.ToUpper(c)
		if !contains(domain.Categories, category) {
			web.WriteError(w, r, errs.NotFound("Category"))
			return
		}
	}
	err := h.cache.Serve(w, r, "feed "+r.URL.Path, 0, func(ctx context.Context) (cache.Answer, error) {
		vs, _, err := h.app.Feed(ctx, category, FeedSize)
		if err != nil {
			return cache.Answer{}, err
		}
		return draw(category, vs)
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

func (h *Handler) categoryName(c string) string {
	if c == "" {
		return ""
	}
	return magazineapi.Words["category"][c].Text
}

func (h *Handler) feedTitle(category string) string {
	if category == "" {
		return "SteppersLife Magazine"
	}
	return "SteppersLife Magazine · " + h.categoryName(category)
}

func (h *Handler) sectionURL(category string) string {
	if category == "" {
		return h.app.PublicURL() + "/"
	}
	return h.app.PublicURL() + "/category/" + strings.ToLower(category)
}

func (h *Handler) atom(w http.ResponseWriter, r *http.Request) {
	h.feed(w, r, func(category string, vs []app.View) (cache.Answer, error) { return h.atomOf(r.URL.Path, category, vs) })
}

// atomOf is the Atom feed at path of category's newest articles vs.
func (h *Handler) atomOf(path, category string, vs []app.View) (cache.Answer, error) {
	self := h.app.PublicURL() + path
	f := atomFeed{Title: h.feedTitle(category), Subtitle: "Stories of Chicago Steppin and the people who dance it.",
		ID: self, Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: h.sectionURL(category)}},
		Updated: feedUpdated(vs).Format(time.RFC3339), Author: atomPerson{Name: "SteppersLife Magazine"}}
	for _, v := range vs {
		v = h.app.Rendered(v)
		e := atomEntry{Title: v.Title, ID: h.app.ArticleURL(v.Slug), Link: atomLink{Rel: "alternate", Type: "text/html",
			Href: h.app.ArticleURL(v.Slug)}, Published: published(v).Format(time.RFC3339),
			Updated: v.UpdatedAt.Format(time.RFC3339), Author: atomPerson{Name: v.AuthorName},
			Summary: atomText{Type: "text", Body: h.app.Excerpt(v.Article)}, Content: atomText{Type: "html", Body: v.BodyHTML},
			Categories: []atomCategory{{Term: strings.ToLower(v.Category), Label: h.categoryName(v.Category)}}}
		for _, t := range v.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
		f.Entries = append(f.Entries, e)
	}
	return xmlAnswer("application/atom+xml; charset=utf-8", f)
}

func (h *Handler) rss(w http.ResponseWriter, r *http.Request) {
	h.feed(w, r, func(category string, vs []app.View) (cache.Answer, error) { return h.rssOf(r.URL.Path, category, vs) })
}

// rssOf is the RSS feed at path of category's newest articles vs.
func (h *Handler) rssOf(path, category string, vs []app.View) (cache.Answer, error) {
	c := rssChannel{Title: h.feedTitle(category), Link: h.sectionURL(category),
		Description: "Stories of Chicago Steppin and the people who dance it.", Language: "en-us",
		LastBuildDate: feedUpdated(vs).Format(time.RFC1123Z),
		Self:          rssSelf{Href: h.app.PublicURL() + path, Rel: "self", Type: "application/rss+xml"}}
	for _, v := range vs {
		it := rssItem{Title: v.Title, Link: h.app.ArticleURL(v.Slug), GUID: rssGUID{IsPermaLink: "true",
			Value: h.app.ArticleURL(v.Slug)}, PubDate: published(v).Format(time.RFC1123Z), Creator: v.AuthorName,
			Description: h.app.Excerpt(v.Article), Categories: append([]string{h.categoryName(v.Category)}, v.Tags...)}
		c.Items = append(c.Items, it)
	}
	return xmlAnswer("application/rss+xml; charset=utf-8", rssFeed{Version: "2.0", Atom: "http://www.w3.org/2005/Atom",
		DC: "http://purl.org/dc/elements/1.1/", Channel: c})
}

func published(v app.View) time.Time {
	if v.PublishedAt != nil {
		return *v.PublishedAt
	}
	return v.UpdatedAt
}

// feedUpdated is when the newest change in the feed happened (now, for an empty one,
// is not stable; the epoch of the magazine is).
func feedUpdated(vs []app.View) time.Time {
	last := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, v := range vs {
		if v.UpdatedAt.After(last) {
			last = v.UpdatedAt
		}
	}
	return last
}

// xmlAnswer encodes v as an XML document of contentType.
func xmlAnswer(contentType string, v any) (cache.Answer, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return cache.Answer{}, err
	}
	return cache.Answer{Type: contentType, Body: append([]byte(xml.Header), out...)}, nil
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists the home, every category and every published article, kept under
// the data version: a crawler's revisit is a 304 until something is published.
func (h *Handler) sitemap(w http.ResponseWriter, r *http.Request) {
	err := h.cache.Serve(w, r, "sitemap", 0, func(ctx context.Context) (cache.Answer, error) {
		addrs, err := h.app.Addresses(ctx)
		if err != nil {
			return cache.Answer{}, err
		}
		set := sitemapURLSet{URLs: []sitemapURL{{Loc: h.app.PublicURL() + "/"}}}
		for _, c := range domain.Categories {
			set.URLs = append(set.URLs, sitemapURL{Loc: h.sectionURL(c)})
		}
		for _, a := range addrs {
			set.URLs = append(set.URLs, sitemapURL{Loc: h.app.ArticleURL(a.Slug), LastMod: a.UpdatedAt.Format(time.RFC3339)})
		}
		return xmlAnswer("application/xml; charset=utf-8", set)
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

// robots lets crawlers read the magazine and keeps them out of desks and the API.
func (h *Handler) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("User-agent: *\nAllow: /\nDisallow: /dashboard\nDisallow: /admin\nDisallow: /api/\n\nSitemap: " +
		h.app.PublicURL() + "/sitemap.xml\n"))
}
