package httpapi

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

// homeRow is one class on the list: its next session and seats left.
type homeRow struct {
	app.ClassView
	Next *domain.Session
	Left int
}

func homeRowOf(v app.ClassView, now time.Time) homeRow {
	row := homeRow{ClassView: v, Left: v.SeatsLeft(now)}
	if up := domain.UpcomingOf(v.Sessions, now); len(up) > 0 {
		row.Next = &up[0]
	}
	return row
}

type homeData struct {
	Style  string
	Styles []string
	Q      string
	Rows   []homeRow
	Total  int
}

// homePage is the classes' public list: open classes, soonest first, by style or
// words.
func (h *Handler) homePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := homeData{Styles: domain.Styles, Q: strings.TrimSpace(q.Get("q"))}
	if s := strings.ToUpper(q.Get("style")); contains(domain.Styles, s) {
		d.Style = s
	}
	if q := []rune(d.Q); len(q) > 200 {
		d.Q = string(q[:200]) // the API refuses longer; the page searches what fits
	}
	// The search as read is what the page is kept under.
	query := url.Values{}
	if d.Q != "" {
		query.Set("q", d.Q)
	}
	if d.Style != "" {
		query.Set("style", d.Style)
	}
	err := h.shared().Shared(h.cache, w, r, query, feed.Window, "home.html", func(r *http.Request) (ui.View, error) {
		vs, total, err := h.app.PublicClasses(r.Context(), domain.ClassFilter{Q: d.Q, Style: d.Style, Limit: web.MaxLimit})
		if err != nil {
			return ui.View{}, err
		}
		now := h.app.Now()
		d.Total = total
		for _, v := range vs {
			d.Rows = append(d.Rows, homeRowOf(v, now))
		}
		return ui.View{Title: "Classes", Data: d}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// reportForm is someone reporting a review from a class's page.
func (h *Handler) reportForm(w http.ResponseWriter, r *http.Request) {
	_, err := h.app.ReportReview(r.Context(), caller(r), r.PathValue("id"), r.PostFormValue("reason"))
	if isPageless(err) {
		h.pageError(w, r, err)
		return
	}
	back(w, r, "/classes/"+url.PathEscape(r.PathValue("slug")), err, "Thank you: the review is hidden until an admin looks at it.")
}
