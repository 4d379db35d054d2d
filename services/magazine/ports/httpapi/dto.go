package httpapi

import (
	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// articleOut is the wire shape of v for u: the Markdown, the editor's notes and the
// waiting revision only for its writer and editors.
func (h *Handler) articleOut(v app.View, u *auth.User) magazineapi.Article {
	out := magazineapi.Article{ID: v.ID, Slug: v.Slug, Title: v.Title, Subtitle: v.Subtitle, Excerpt: h.app.Excerpt(v.Article),
		Category: v.Category, Tags: v.Tags, AuthorID: v.AuthorID, AuthorName: v.AuthorName, BodyHTML: v.BodyHTML,
		CoverURL: h.app.ImageURL(v.CoverKey), CoverAlt: v.CoverAlt, Status: string(v.Status), Featured: v.Featured,
		ReadingMinutes: v.ReadingMinutes, Views: v.Views, Version: v.Version, URL: h.app.ArticleURL(v.Slug),
		PublishAt: v.PublishAt, PublishedAt: v.PublishedAt, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	writes := u != nil && (app.Writes(u, v.Article) || u.Has(auth.RoleAdmin))
	for _, c := range v.CoAuthors {
		co := magazineapi.CoAuthor{Name: c.Name}
		if writes {
			co.Email = c.Email
		}
		out.CoAuthors = append(out.CoAuthors, co)
	}
	if writes {
		out.Body, out.Notes = v.Body, v.Notes
		if v.Pending != nil {
			r := revisionOut(*v.Pending)
			out.PendingRevision = &r
		}
	}
	return out
}

func revisionOut(r domain.Revision) magazineapi.Revision {
	c := r.Content
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	return magazineapi.Revision{ID: r.ID, ArticleID: r.ArticleID, AuthorName: r.AuthorName, Status: string(r.Status),
		Title: c.Title, Subtitle: c.Subtitle, Excerpt: c.Excerpt, Body: c.Body, Category: c.Category, Tags: tags,
		CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}

func patchOf(in magazineapi.ArticleInput) domain.Patch {
	return domain.Patch{Title: in.Title, Subtitle: in.Subtitle, Slug: in.Slug, Excerpt: in.Excerpt, Body: in.Body,
		Category: in.Category, Tags: in.Tags, CoverAlt: in.CoverAlt}
}
