package httpapi

import (
	"net/http"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/classes/app"
)

func (h *Handler) addAssistantForm(w http.ResponseWriter, r *http.Request) {
	path := "/dashboard/classes/" + r.PathValue("id") + "/roster#assistants"
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	a, err := h.app.AddAssistant(r.Context(), caller(r), r.PathValue("id"), r.PostFormValue("email"))
	back(w, r, path, err, a.Email+" can call this roster now.")
}

func (h *Handler) removeAssistantForm(w http.ResponseWriter, r *http.Request) {
	path := "/dashboard/classes/" + r.PathValue("id") + "/roster#assistants"
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	email := r.PostFormValue("email")
	err := h.app.RemoveAssistant(r.Context(), caller(r), r.PathValue("id"), email)
	back(w, r, path, err, email+" is no longer an assistant.")
}

type instructorPageData struct {
	Profile  app.ProfileView
	PhotoURL string
	Rows     []homeRow
}

// instructorPage is an instructor's public profile with the classes they have open.
func (h *Handler) instructorPage(w http.ResponseWriter, r *http.Request) {
	err := h.shared().Shared(h.cache, w, r, nil, feed.Window, "instructor.html", func(r *http.Request) (ui.View, error) {
		v, err := h.app.Profile(r.Context(), r.PathValue("slug"))
		if err != nil {
			return ui.View{}, err
		}
		d := instructorPageData{Profile: v, PhotoURL: h.app.ImageURL(v.PhotoKey)}
		now := h.app.Now()
		for _, c := range v.Classes {
			d.Rows = append(d.Rows, homeRowOf(c, now))
		}
		return ui.View{Title: v.DisplayName, Data: d}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}
