package httpapi

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// PageSize is how many articles a list page shows.
const PageSize = 12

// catLink is a section in the sections' navigation.
type catLink struct {
	Value string
	Slug  string
}

func catLinks() []catLink {
	out := make([]catLink, len(domain.Categories))
	for i, c := range domain.Categories {
		out[i] = catLink{Value: c, Slug: strings.ToLower(c)}
	}
	return out
}

// card is an article in a list.
type card struct {
	app.View
	Excerpt  string
	CoverURL string
}

type listData struct {
	Heading    string
	Intro      string
	Category   string
	Categories []catLink
	Featured   *card
	Cards      []card
	Query      string
	Tags       []domain.TagCount
	Page       int
	PrevURL    string
	NextURL    string
	FeedURL    string
	RSSURL     string
	Empty      string
}

func (h *Handler) cards(vs []app.View) []card {
	out := make([]card, len(vs))
	for i, v := range vs {
		out[i] = card{View: v, Excerpt: h.app.Excerpt(v.Article), CoverURL: h.app.ImageURL(v.CoverKey)}
	}
	return out
}

// listPage renders one page of a filtered list at base (its own address); prepare
// reads the page's heading and extras. Signed-out readers share one page per list,
// page number and state: the read counts on the cards are at most a window behind.
func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, f domain.Filter, base string,
	prepare func(ctx context.Context) (listData, string, error)) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	query := url.Values{}
	if f.Query != "" {
		query.Set("q", f.Query)
	}
	if page > 1 {
		query.Set("page", strconv.Itoa(page))
	}
	err := h.shared().Shared(h.cache, w, r, query, feed.Window, "list.html", func(r *http.Request) (ui.View, error) {
		d, title, err := prepare(r.Context())
		if err != nil {
			return ui.View{}, err
		}
		f.Limit, f.Offset = PageSize, (page-1)*PageSize
		vs, total, err := h.app.Public(r.Context(), f)
		if err != nil {
			return ui.View{}, err
		}
		d.Cards, d.Page, d.Categories = h.cards(vs), page, catLinks()
		if page == 1 && len(d.Cards) > 0 && d.Cards[0].Featured {
			d.Featured, d.Cards = &d.Cards[0], d.Cards[1:]
		}
		link := func(p int) string {
			q := url.Values{}
			if f.Query != "" {
				q.Set("q", f.Query)
			}
			if p > 1 {
				q.Set("page", strconv.Itoa(p))
			}
			if len(q) == 0 {
				return base
			}
			return base + "?" + q.Encode()
		}
		if page > 1 {
			d.PrevURL = link(page - 1)
		}
		if f.Offset+len(vs) < total {
			d.NextURL = link(page + 1)
		}
		if d.FeedURL == "" {
			d.FeedURL, d.RSSURL = "/feed.xml", "/rss.xml"
		}
		return ui.View{Title: title, Description: d.Intro, Canonical: h.app.PublicURL() + link(page), Data: d}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// shared draws the magazine's pages that every signed-out reader sees alike.
func (h *Handler) shared() ui.Pages {
	return ui.Pages{Templates: h.pages, Service: "magazine", PortalURL: h.portalURL}
}

func (h *Handler) homePage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	h.listPage(w, r, domain.Filter{Query: q}, "/", func(ctx context.Context) (listData, string, error) {
		d := listData{Heading: "SteppersLife Magazine", Intro: "Stories of Chicago Steppin and the people who dance it.",
			Query: q, Empty: "No articles yet."}
		title := "Magazine"
		if q != "" {
			d.Heading, d.Empty = "Articles about “"+q+"”", "No article matches “"+q+"”."
			title = "Search: " + q
		}
		tags, err := h.app.Tags(ctx, 20)
		d.Tags = tags
		return d, title, err
	})
}

func (h *Handler) categoryPage(w http.ResponseWriter, r *http.Request) {
	c := strings.ToUpper(r.PathValue("category"))
	if !contains(domain.Categories, c) {
		h.pageError(w, r, errs.NotFound("Section"))
		return
	}
	name := magazineapi.Words["category"][c].Text
	low := strings.ToLower(c)
	h.listPage(w, r, domain.Filter{Category: c}, "/category/"+low, func(context.Context) (listData, string, error) {
		return listData{Heading: name, Intro: name + " from SteppersLife Magazine.", Category: c, Empty: "No " + strings.ToLower(name) + " articles yet.",
			FeedURL: "/category/" + low + "/feed.xml", RSSURL: "/category/" + low + "/rss.xml"}, name, nil
	})
}

func (h *Handler) tagPage(w http.ResponseWriter, r *http.Request) {
	tag := domain.TagSlug(r.PathValue("tag"))
	if tag == "" {
		h.pageError(w, r, errs.NotFound("Tag"))
		return
	}
	h.listPage(w, r, domain.Filter{Tag: tag}, "/tags/"+url.PathEscape(tag), func(context.Context) (listData, string, error) {
		return listData{Heading: "#" + tag, Intro: "Articles tagged " + tag + ".", Empty: "No article carries this tag."}, "#" + tag, nil
	})
}

func (h *Handler) writerPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	h.listPage(w, r, domain.Filter{AuthorID: id}, "/writers/"+url.PathEscape(id), func(ctx context.Context) (listData, string, error) {
		vs, _, err := h.app.Public(ctx, domain.Filter{AuthorID: id, Limit: 1})
		if err != nil {
			return listData{}, "", err
		}
		if len(vs) == 0 {
			return listData{}, "", errs.NotFound("Writer")
		}
		name := vs[0].AuthorName
		return listData{Heading: name, Intro: "Articles by " + name + " in SteppersLife Magazine."}, name, nil
	})
}

type articleData struct {
	Article  app.View
	CoByline string // ", B and C" after the writer's name
	Section  string // the category's address part
	Body     template.HTML
	CoverURL string
	Excerpt  string
	Related  []card
	Preview  bool
	CanEdit  bool
	IsEditor bool
	Meta     shareMeta
	JSONLD   map[string]any
}

// shareMeta are the tags that make a shared link preview well.
type shareMeta struct {
	Published string
	Modified  string
	Section   string
	Tags      []string
	ImageAlt  string
}

// framePolicy is the page policy with the embeds' players allowed as frames.
var framePolicy = ui.PagePolicy + "; frame-src " + strings.Join(domain.EmbedHosts, " ")

// articlePage is an article for readers (its writer and editors also preview what is
// not public); an address the article had redirects to its address now.
func (h *Handler) articlePage(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	v, err := h.app.Read(r.Context(), caller(r), slug)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	if v.Slug != slug {
		http.Redirect(w, r, "/articles/"+v.Slug, http.StatusMovedPermanently)
		return
	}
	h.countView(r, v.Article)
	w.Header().Set("Content-Security-Policy", framePolicy)
	// A signed-in reader's page is their own (a preview, the edit links); signed-out
	// readers share one per state, its read count at most a window behind.
	err = h.shared().Shared(h.cache, w, r, nil, feed.Window, "article.html", func(r *http.Request) (ui.View, error) {
		u := caller(r)
		v, err := h.app.Read(r.Context(), u, slug)
		if err != nil {
			return ui.View{}, err
		}
		related, err := h.app.Related(r.Context(), v.Article, 3)
		if err != nil {
			return ui.View{}, err
		}
		isEditor := u != nil && u.Has(auth.RoleAdmin)
		d := articleData{Article: v, Section: strings.ToLower(v.Category), Body: template.HTML(v.BodyHTML), // sanitized by domain.RenderBody
			CoverURL: h.app.ImageURL(v.CoverKey), Excerpt: h.app.Excerpt(v.Article), Related: h.cards(related),
			Preview: !v.Status.Public(), CanEdit: app.Writes(u, v.Article) || isEditor, IsEditor: isEditor,
			Meta: shareMeta{Modified: v.UpdatedAt.Format(time.RFC3339), Section: magazineapi.Words["category"][v.Category].Text,
				Tags: v.Tags, ImageAlt: v.CoverAlt}}
		if v.PublishedAt != nil {
			d.Meta.Published = v.PublishedAt.Format(time.RFC3339)
		}
		d.CoByline = coByline(v.CoAuthors)
		d.JSONLD = h.jsonLD(v, d)
		return ui.View{Title: v.Title, Description: d.Excerpt, ImageURL: h.app.ShareURL(v.CoverKey),
			Canonical: h.app.ArticleURL(v.Slug), Data: d}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// coByline is what follows the writer's name in a byline: ", B and C".
func coByline(cs []domain.CoAuthor) string {
	var b strings.Builder
	for i, c := range cs {
		if i == len(cs)-1 {
			b.WriteString(" and ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
	}
	return b.String()
}

// authors are the article's writers as schema.org people: its writer, then its
// co-authors.
func (h *Handler) authors(v app.View) []map[string]any {
	out := []map[string]any{{"@type": "Person", "name": v.AuthorName, "url": h.app.PublicURL() + "/writers/" + url.PathEscape(v.AuthorID)}}
	for _, c := range v.CoAuthors {
		out = append(out, map[string]any{"@type": "Person", "name": c.Name})
	}
	return out
}

// jsonLD is the article as schema.org NewsArticle, for search engines.
func (h *Handler) jsonLD(v app.View, d articleData) map[string]any {
	ld := map[string]any{"@context": "https://schema.org", "@type": "NewsArticle", "headline": v.Title,
		"description": d.Excerpt, "mainEntityOfPage": h.app.ArticleURL(v.Slug), "dateModified": d.Meta.Modified,
		"articleSection": d.Meta.Section, "keywords": strings.Join(v.Tags, ", "),
		"author":    h.authors(v),
		"publisher": map[string]any{"@type": "Organization", "name": "SteppersLife", "url": h.portalURL + "/"},
		"wordCount": len(strings.Fields(v.Body))}
	if d.Meta.Published != "" {
		ld["datePublished"] = d.Meta.Published
	}
	if d.CoverURL != "" {
		ld["image"] = []string{h.app.ShareURL(v.CoverKey), d.CoverURL}
	}
	return ld
}
