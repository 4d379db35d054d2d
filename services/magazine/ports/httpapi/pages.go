package httpapi

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

//go:embed static
var static embed.FS

// mountPages registers the pages: reading (home, articles, categories, tags,
// writers), the writer's dashboard and the editors' desk.
func (h *Handler) mountPages(mux *http.ServeMux) {
	// Fingerprinted through {{asset}} in the pages: kept a year, compressed once.
	sub, _ := fs.Sub(static, "static")
	files, err := ui.NewAssets("/static/magazine/", sub)
	if err != nil {
		panic(err) // the files are embedded: only a broken build fails here
	}
	files.Mount(mux)
	mux.HandleFunc("GET /{$}", h.homePage)
	mux.HandleFunc("GET /articles/{slug}", h.articlePage)
	mux.HandleFunc("GET /category/{category}", h.categoryPage)
	mux.HandleFunc("GET /tags/{tag}", h.tagPage)
	mux.HandleFunc("GET /writers/{id}", h.writerPage)
	h.mountLegendPages(mux)

	writer := func(f http.HandlerFunc) http.HandlerFunc {
		return auth.RequirePageRole(f, auth.RoleMagazineWriter, auth.RoleAdmin)
	}
	mux.HandleFunc("GET /dashboard", writer(h.dashboardPage))
	mux.HandleFunc("POST /dashboard/articles", writer(h.createForm))
	mux.HandleFunc("GET /dashboard/articles/{id}", auth.RequirePage(h.editPage))
	mux.HandleFunc("POST /dashboard/articles/{id}", auth.RequirePage(h.saveForm))
	mux.HandleFunc("POST /dashboard/articles/{id}/cover", auth.RequirePage(h.coverForm))
	mux.HandleFunc("POST /dashboard/articles/{id}/images", auth.RequirePage(h.imageForm))
	mux.HandleFunc("POST /dashboard/articles/{id}/submit", auth.RequirePage(h.submitForm))
	mux.HandleFunc("POST /dashboard/articles/{id}/coauthors/{action}", auth.RequirePage(h.coAuthorForm))

	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequirePageRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /admin", admin(h.deskPage))
	mux.HandleFunc("GET /admin/articles/{id}", admin(h.reviewPage))
	mux.HandleFunc("POST /admin/articles/{id}/{action}", admin(h.reviewForm))
	mux.HandleFunc("POST /admin/articles/{id}/revisions/{revisionId}/restore", admin(h.restoreForm))
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, v ui.View) {
	if h.pages == nil {
		web.WriteError(w, r, errors.New("pages are not loaded"))
		return
	}
	v.Service, v.PortalURL = "magazine", h.portalURL
	if v.Flash == "" {
		v.Flash = web.Flash(r, "ok")
	}
	h.pages.Render(w, r, status, name, v)
}

// pageError shows err as a page: the contract's status, a person's message.
func (h *Handler) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	var e *errs.Error
	if errors.As(err, &e) {
		status = web.Status(e)
	} else {
		web.LoggerFrom(r.Context()).Error("page failed", "error", err.Error(), "path", r.URL.Path)
	}
	h.render(w, r, status, "error.html", ui.View{Title: "Something is not right",
		Data: map[string]any{"Message": message(err), "Status": status}})
}

// fieldWords name a form's fields for people.
var fieldWords = map[string]string{"title": "Title", "subtitle": "Subtitle", "slug": "Address", "excerpt": "Excerpt",
	"body": "Article", "category": "Section", "tags": "Tags", "coverAlt": "Cover description", "notes": "Notes",
	"publishAt": "Publication time", "alt": "Image description", "form": "Form",
	"name": "Name", "kind": "Kind", "era": "Era", "summary": "Summary", "bio": "Story", "timeline": "Timeline",
	"portraitAlt": "Portrait description", "year": "Year", "photoAlt": "Photo description", "image": "Image",
	"reason": "Reason", "email": "E-mail"}

// message is what a person reads about err: the contract's message and the fields.
func message(err error) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return "Something went wrong on our side. Please try again."
	}
	msg := e.Message
	if f, ok := e.Details["fields"].(map[string]any); ok {
		var parts []string
		for k, v := range f {
			name := fieldWords[k]
			if name == "" {
				name = k
			}
			parts = append(parts, fmt.Sprintf("%s: %v", name, v))
		}
		sort.Strings(parts)
		msg = "Please check the form. " + strings.Join(parts, " ")
	}
	return msg
}

// back redirects after a form to path, with a flash message or an error.
func back(w http.ResponseWriter, r *http.Request, path string, err error, ok string) {
	q := url.Values{}
	if err != nil {
		q.Set("err", message(err))
	} else if ok != "" {
		q.Set("ok", ok)
	}
	if len(q) > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + q.Encode()
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}
