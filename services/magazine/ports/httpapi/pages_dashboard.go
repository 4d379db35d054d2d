package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

type dashboardData struct {
	Drafts     []app.View
	Waiting    []app.View
	SentBack   []app.View
	Published  []app.View
	Archived   []app.View
	Categories []catLink
	Error      string
}

// dashboardPage is a writer's articles by where they stand, and a new draft.
func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	vs, _, err := h.app.Mine(r.Context(), caller(r), app.MaxList, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := dashboardData{Categories: catLinks(), Error: r.URL.Query().Get("err")}
	for _, v := range vs {
		switch v.Status {
		case domain.Draft:
			d.Drafts = append(d.Drafts, v)
		case domain.Submitted:
			d.Waiting = append(d.Waiting, v)
		case domain.Rejected:
			d.SentBack = append(d.SentBack, v)
		case domain.Published:
			d.Published = append(d.Published, v)
		default:
			d.Archived = append(d.Archived, v)
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "dashboard.html", ui.View{Title: "Writer dashboard", Data: d})
}

func formPatch(r *http.Request) domain.Patch {
	field := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		return &v
	}
	p := domain.Patch{Title: field("title"), Subtitle: field("subtitle"), Slug: field("slug"), Excerpt: field("excerpt"),
		Body: field("body"), Category: field("category"), CoverAlt: field("coverAlt")}
	if t := field("tags"); t != nil {
		tags := strings.Split(*t, ",")
		p.Tags = &tags
	}
	return p
}

func (h *Handler) createForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		back(w, r, "/dashboard", errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	v, err := h.app.Create(r.Context(), caller(r), formPatch(r))
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	back(w, r, "/dashboard/articles/"+v.ID, nil, "Draft saved.")
}

type editData struct {
	Article    app.View
	IsLead     bool // the article's own writer or an editor: shares it with other writers
	Categories []catLink
	Tags       string
	Error      string
}

// editPage is the writing form of an article, its cover and images, and its move to
// the editors.
func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Manage(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	shown := v
	if v.Pending != nil {
		// The writer goes on from the text that waits, not the published one.
		shown.Article = v.WithContent(v.Pending.Content)
	}
	u := caller(r)
	d := editData{Article: shown, Categories: catLinks(), Tags: strings.Join(shown.Tags, ", "),
		Error: r.URL.Query().Get("err"), IsLead: u.ID == v.AuthorID || u.Has(auth.RoleAdmin)}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "edit.html", ui.View{Title: "Edit: " + v.Title, Data: d})
}

// version reads the version the form was opened at.
func version(r *http.Request) *int {
	n, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return nil
	}
	return &n
}

func (h *Handler) saveForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		back(w, r, "/dashboard/articles/"+id, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	v, err := h.app.Edit(r.Context(), caller(r), id, formPatch(r), version(r))
	ok := "Saved."
	if err == nil && v.Pending != nil && v.Status == domain.Published {
		ok = "Saved. Your changes wait for an editor's approval; readers see the published text until then."
	}
	back(w, r, "/dashboard/articles/"+id, err, ok)
}

// coAuthorForm shares the article with another writer, or (action remove) stops.
func (h *Handler) coAuthorForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	path := "/dashboard/articles/" + id
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	var err error
	ok := "Shared with " + strings.TrimSpace(r.PostFormValue("email")) + "."
	if r.PathValue("action") == "remove" {
		_, err = h.app.RemoveCoAuthor(r.Context(), caller(r), id, r.PostFormValue("email"))
		ok = "No longer shared with " + strings.TrimSpace(r.PostFormValue("email")) + "."
	} else {
		_, err = h.app.AddCoAuthor(r.Context(), caller(r), id, r.PostFormValue("email"), r.PostFormValue("name"))
	}
	back(w, r, path, err, ok)
}

func (h *Handler) submitForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, err := h.app.Submit(r.Context(), caller(r), id)
	back(w, r, "/dashboard/articles/"+id, err, "Sent to the editors.")
}

// formImage reads the image field of a multipart form.
func formImage(r *http.Request) ([]byte, error) {
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return nil, errs.Invalid(map[string]string{"image": "could not be read"})
	}
	f, _, err := r.FormFile("image")
	if err != nil {
		return nil, errs.Invalid(map[string]string{"image": "Choose an image."})
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, imaging.MaxUploadBytes+1))
}

func (h *Handler) coverForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	data, err := formImage(r)
	if err == nil {
		_, err = h.app.SetCover(r.Context(), caller(r), id, data, strings.TrimSpace(r.FormValue("alt")))
	}
	back(w, r, "/dashboard/articles/"+id, err, "Cover saved.")
}

// imageForm stores an image and adds it at the end of the article's text.
func (h *Handler) imageForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	data, err := formImage(r)
	if err != nil {
		back(w, r, "/dashboard/articles/"+id, err, "")
		return
	}
	u := caller(r)
	src, err := h.app.AddImage(r.Context(), u, id, data)
	if err != nil {
		back(w, r, "/dashboard/articles/"+id, err, "")
		return
	}
	v, err := h.app.Manage(r.Context(), u, id)
	if err != nil {
		back(w, r, "/dashboard/articles/"+id, err, "")
		return
	}
	body := v.Body
	if v.Pending != nil {
		body = v.Pending.Content.Body
	}
	alt := strings.NewReplacer("[", "", "]", "", "\n", " ").Replace(strings.TrimSpace(r.FormValue("alt")))
	body += "\n\n![" + alt + "](" + src + ")"
	_, err = h.app.Edit(r.Context(), u, id, domain.Patch{Body: &body}, version(r))
	back(w, r, "/dashboard/articles/"+id, err, "Image added at the end of the article.")
}
