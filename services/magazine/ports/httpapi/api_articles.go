package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

func (h *Handler) listArticles(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := domain.Filter{Category: strings.ToUpper(strings.TrimSpace(q.Get("category"))), Tag: domain.TagSlug(q.Get("tag")),
		AuthorID: q.Get("author"), Query: q.Get("q"), Limit: page.Limit, Offset: page.Offset}
	if f.Category != "" && !contains(domain.Categories, f.Category) {
		web.WriteError(w, r, errs.Invalid(map[string]string{"category": "Choose one of the magazine's categories."}))
		return
	}
	f.Query = strings.TrimSpace(f.Query)
	key := fmt.Sprintf("list %q %q %q %q %d %d", f.Category, f.Tag, f.AuthorID, f.Query, f.Limit, f.Offset)
	// The read counts shown are at most a window behind (readings do not bump the version).
	err = h.cache.Serve(w, r, key, feed.Window, func(ctx context.Context) (cache.Answer, error) {
		vs, total, err := h.app.Public(ctx, f)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]magazineapi.Article, len(vs))
		for i, v := range vs {
			out[i] = h.articleOut(v, nil)
		}
		return cache.JSON(web.NewList(out, total, page))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// getArticle answers an article by its address (or one it had); a reading counts
// once per reader a day.
// A signed-in caller may write the article (and see a draft), so only anonymous
// answers are kept and shared; every reading is counted, kept answer or not.
func (h *Handler) getArticle(w http.ResponseWriter, r *http.Request) {
	u, slug := caller(r), r.PathValue("slug")
	v, err := h.app.Read(r.Context(), u, slug)
	if err != nil {
		w.Header().Add("Vary", "Authorization, Cookie") // a draft is found by its writer alone
		web.WriteError(w, r, err)
		return
	}
	h.countView(r, v.Article)
	_ = cache.ServeJSON(h.cache, w, r, "article "+slug, feed.Window, u, func(ctx context.Context, u *auth.User) (magazineapi.Article, error) {
		if u != nil {
			return h.articleOut(v, u), nil // read above, for this caller alone
		}
		// A kept answer is read after its stamp, so it is never older than the state it
		// is kept for.
		v, err := h.app.Read(ctx, nil, slug)
		if err != nil {
			return magazineapi.Article{}, err
		}
		return h.articleOut(v, nil), nil
	})
}

// countView counts the reading; a failure to count (logged by the use case) never
// fails the reading.
func (h *Handler) countView(r *http.Request, a domain.Article) {
	_, _ = h.app.CountView(r.Context(), a, readerOf(r))
}

// readerOf is who reads: a signed-in user by id, anyone else by address and browser.
func readerOf(r *http.Request) string {
	if u := caller(r); u != nil && u.ID != "" {
		return "user:" + u.ID
	}
	return "anon:" + web.ClientIP(r) + "|" + r.UserAgent()
}

func (h *Handler) createArticle(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.ArticleInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.Create(r.Context(), caller(r), patchOf(in))
	h.answer(w, r, http.StatusCreated, v, err)
}

func (h *Handler) patchArticle(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.ArticleInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.Edit(r.Context(), caller(r), r.PathValue("id"), patchOf(in), in.Version)
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Submit(r.Context(), caller(r), r.PathValue("id"))
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) addCoAuthor(w http.ResponseWriter, r *http.Request) {
	var in magazineapi.CoAuthor
	if err := web.DecodeJSON(r, &in); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.AddCoAuthor(r.Context(), caller(r), r.PathValue("id"), in.Email, in.Name)
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) removeCoAuthor(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.RemoveCoAuthor(r.Context(), caller(r), r.PathValue("id"), r.PathValue("email"))
	h.answer(w, r, http.StatusOK, v, err)
}

// upload reads an image body whole, refusing one over the kit's limit.
func upload(r *http.Request) ([]byte, error) {
	if r.ContentLength > imaging.MaxUploadBytes {
		return nil, imaging.ErrTooLarge
	}
	return io.ReadAll(io.LimitReader(r.Body, imaging.MaxUploadBytes+1))
}

// putCover takes the image as the body; the alt text comes as ?alt=.
func (h *Handler) putCover(w http.ResponseWriter, r *http.Request) {
	data, err := upload(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.SetCover(r.Context(), caller(r), r.PathValue("id"), data, strings.TrimSpace(r.URL.Query().Get("alt")))
	h.answer(w, r, http.StatusOK, v, err)
}

func (h *Handler) addImage(w http.ResponseWriter, r *http.Request) {
	data, err := upload(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	url, err := h.app.AddImage(r.Context(), caller(r), r.PathValue("id"), data)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	alt := strings.NewReplacer("[", "", "]", "").Replace(strings.TrimSpace(r.URL.Query().Get("alt")))
	web.WriteJSON(w, http.StatusCreated, magazineapi.Image{URL: url, Markdown: "![" + alt + "](" + url + ")"})
}

func (h *Handler) revisions(w http.ResponseWriter, r *http.Request) {
	rs, err := h.app.Revisions(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]magazineapi.Revision, len(rs))
	for i, x := range rs {
		out[i] = revisionOut(x)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}

func (h *Handler) myArticles(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	u := caller(r)
	vs, total, err := h.app.Mine(r.Context(), u, page.Limit, page.Offset)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]magazineapi.Article, len(vs))
	for i, v := range vs {
		out[i] = h.articleOut(v, u)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request, status int, v app.View, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.articleOut(v, caller(r)))
}

// media serves stored pictures, as WebP to the browsers that take it: covers, inline
// images and portraits to anyone, a memory's photo only to whom may see the memory.
func (h *Handler) media(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	public := strings.HasPrefix(key, "covers/") || strings.HasPrefix(key, "inline/") || strings.HasPrefix(key, "legends/")
	if !public && !strings.HasPrefix(key, app.MemoryPhotoPrefix) {
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	if !public && !h.memoryPhoto(w, r, key) {
		return
	}
	imaging.Serve(w, r, h.blobs, key)
}
