package site

import (
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/portal/gateway"
)

// sectionsPage is every page made of service sections: home, a vertical, search
// results and My SteppersLife.
type sectionsPage struct {
	Heading, Intro string
	Search         bool   // show the search box
	Query          string // what was searched
	Sections       []sectionView
	Single         bool   // one vertical's page: no per-section headings
	Empty          string // what an empty section says
	Found          int    // search: how many results in all
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	res := s.agg.Feed(r.Context(), s.opts.HomeItems)
	s.tpl.Render(w, r, http.StatusOK, "sections.html", ui.View{
		Description: "Events, classes, restaurants, a marketplace, services and a magazine for the Chicago Steppin community.",
		Service:     "portal",
		Data: sectionsPage{Heading: "The home of Chicago Steppin", Search: true,
			Intro: "Everything the community offers, in one place.", Sections: sectionsOf(res),
			Empty: "Nothing here yet — check back soon."},
	})
}

func (s *Site) vertical(v vertical) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sec := sectionOf(s.agg.FeedOf(r.Context(), v.Name, s.opts.PageItems))
		s.tpl.Render(w, r, http.StatusOK, "sections.html", ui.View{
			Title: v.Title, Description: v.Blurb, Service: "portal",
			Data: sectionsPage{Heading: v.Title, Intro: v.Blurb, Sections: []sectionView{sec}, Single: true,
				Empty: "Nothing here yet — check back soon."},
		})
	}
}

func (s *Site) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > feed.MaxQuery {
		q = q[:feed.MaxQuery]
	}
	p := sectionsPage{Heading: "Search", Search: true, Query: q, Empty: "No matches here."}
	title := "Search"
	if q != "" {
		res := s.agg.Search(r.Context(), q, s.opts.HomeItems)
		p.Sections = sectionsOf(res)
		for _, sec := range p.Sections {
			p.Found += len(sec.Cards)
		}
		title = "Search: " + q
	}
	s.tpl.Render(w, r, http.StatusOK, "sections.html", ui.View{Title: title, Service: "portal", Data: p})
}

func (s *Site) me(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	res := s.agg.Activity(r.Context(), gateway.Token(r), 50)
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, http.StatusOK, "sections.html", ui.View{
		Title: "My SteppersLife", Service: "portal", User: u,
		Data: sectionsPage{Heading: "My SteppersLife",
			Intro:    "Your tickets, orders, enrollments, articles, listings and inquiries, gathered live from every part of SteppersLife.",
			Sections: sectionsOf(res), Empty: "Nothing yet."},
	})
}

// signIn sends the browser to the portal's sign-in page, to come back here after.
func signIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, auth.SignInPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}
