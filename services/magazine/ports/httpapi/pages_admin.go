package httpapi

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// chicago is the zone editors schedule in.
var chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.UTC
}()

type deskData struct {
	Waiting         app.Waiting
	Scheduled       []app.View
	MemoriesWaiting int
}

// deskPage is what waits for an editor: submitted articles, revisions of published
// ones, and what is scheduled.
func (h *Handler) deskPage(w http.ResponseWriter, r *http.Request) {
	wt, scheduled, err := h.app.Desk(r.Context(), caller(r), app.MaxList, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	_, memories, err := h.app.PendingMemories(r.Context(), caller(r), 1, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin.html", ui.View{Title: "Editors' desk",
		Data: deskData{Waiting: wt, Scheduled: scheduled, MemoriesWaiting: memories}})
}

type reviewData struct {
	Article     app.View
	Body        template.HTML
	PendingBody template.HTML
	Revisions   []domain.Revision
	Trail       []audit.Entry
	Error       string
	CanPublish  bool
	CanReject   bool
	IsPublished bool
	MinLocal    string
}

// reviewPage is one article on the editors' desk with every action that applies.
func (h *Handler) reviewPage(w http.ResponseWriter, r *http.Request) {
	u, id := caller(r), r.PathValue("id")
	v, err := h.app.Manage(r.Context(), u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	revs, err := h.app.Revisions(r.Context(), u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	trail, err := h.app.Trail(r.Context(), u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := reviewData{Article: v, Body: template.HTML(v.BodyHTML), Revisions: revs, Trail: trail, // sanitized
		Error: r.URL.Query().Get("err"), CanPublish: v.Status == domain.Submitted, CanReject: v.Status == domain.Submitted,
		IsPublished: v.Status == domain.Published, MinLocal: h.app.Now().In(chicago).Format(localLayout)}
	if v.Pending != nil {
		d.PendingBody = template.HTML(domain.RenderBody(v.Pending.Content.Body))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Security-Policy", framePolicy)
	h.render(w, r, http.StatusOK, "admin_article.html", ui.View{Title: "Review: " + v.Title, Data: d})
}

const localLayout = "2006-01-02T15:04"

// reviewForm takes one editor's action on an article.
func (h *Handler) reviewForm(w http.ResponseWriter, r *http.Request) {
	u, id := caller(r), r.PathValue("id")
	path := "/admin/articles/" + id
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	ctx := r.Context()
	var err error
	ok := ""
	switch r.PathValue("action") {
	case "publish":
		var at *time.Time
		if s := strings.TrimSpace(r.PostFormValue("publishAt")); s != "" {
			t, perr := time.ParseInLocation(localLayout+":05", s, chicago)
			if perr != nil {
				t, perr = time.ParseInLocation(localLayout, s, chicago)
			}
			if perr != nil {
				back(w, r, path, errs.Invalid(map[string]string{"publishAt": "Give a date and a time."}), "")
				return
			}
			at = &t
		}
		var v app.View
		v, err = h.app.Publish(ctx, u, id, at)
		ok = "Published."
		if err == nil && v.Scheduled() {
			ok = "Scheduled for " + v.PublishAt.In(chicago).Format("Mon Jan 2, 3:04 PM") + " (Chicago time)."
		}
	case "reject":
		_, err = h.app.Reject(ctx, u, id, r.PostFormValue("notes"))
		ok = "Sent back to the writer with your notes."
	case "feature":
		_, err = h.app.Feature(ctx, u, id, true)
		ok = "Featured."
	case "unfeature":
		_, err = h.app.Feature(ctx, u, id, false)
		ok = "No longer featured."
	case "archive":
		_, err = h.app.Archive(ctx, u, id)
		ok = "Archived."
	case "approve":
		_, err = h.app.ApproveRevision(ctx, u, id)
		ok = "The revision is published."
	case "discard":
		_, err = h.app.DiscardRevision(ctx, u, id)
		ok = "The revision is discarded."
	default:
		h.pageError(w, r, errs.NotFound("Action"))
		return
	}
	back(w, r, path, err, ok)
}

func (h *Handler) restoreForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, err := h.app.Restore(r.Context(), caller(r), id, r.PathValue("revisionId"))
	back(w, r, "/admin/articles/"+id, err, "The earlier text is restored.")
}
