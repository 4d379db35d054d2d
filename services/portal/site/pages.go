package site

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// sectionsPage is every page made of service sections: home, a vertical, search
// results, My SteppersLife and the events list. Only sections with something in
// them are shown, in the contract's order.
type sectionsPage struct {
	Heading, Intro string
	Search         bool   // show the search box
	Query          string // what was searched
	Found          int    // search: how many results in all
	Lead           *leadView
	Filters        *filterView // the events list's filters
	Sections       []sectionView
	Single         bool // one vertical's page: no per-section headings
	Mine           bool // My SteppersLife: "See all" leads to all of mine
	// DownNote says which services did not answer, so their parts are missing;
	// NoteLast puts it after what the page has (the home page's).
	DownNote   string
	NoteLast   bool
	Empty      string       // what the page says when it has nothing at all
	EmptyLinks []filterLink // and where to go instead
}

// leadView is the list a page leads with: this weekend's events on the home page,
// the filtered events on the events list.
type leadView struct {
	ID, Heading string
	Cards       []card
	More        string // the page of all of them
	MoreLabel   string
	Prev, Next  string // the list's other pages
}

// Nothing reports whether the page shows no item at all.
func (p sectionsPage) Nothing() bool {
	return (p.Lead == nil || len(p.Lead.Cards) == 0) && len(p.Sections) == 0
}

// elsewhere is where a page with nothing sends people.
var elsewhere = []filterLink{{Label: "Find an event", Href: "/events"}, {Label: "Order food", Href: "/restaurants"}}

// downNote is one sentence naming the services that did not answer: "We could not
// reach Classes and Store right now…"; "" when all did.
func downNote(titles []string) string {
	switch len(titles) {
	case 0:
		return ""
	case 1:
		return "We could not reach " + titles[0] + " right now, so that part is missing here. Everything else works; please check back in a moment."
	}
	names := strings.Join(titles[:len(titles)-1], ", ") + " and " + titles[len(titles)-1]
	return "We could not reach " + names + " right now, so those parts are missing here. Everything else works; please check back in a moment."
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	type weekendAnswer struct {
		events  []eventsapi.Event
		version string
		ok      bool
	}
	var wa weekendAnswer
	var weekend chan weekendAnswer
	if evs, v, _, ok := s.keptWeekend(s.opts.HomeItems); ok {
		wa = weekendAnswer{evs, v, true}
	} else { // asked beside the sections, which may wait on services too
		weekend = make(chan weekendAnswer, 1)
		go func() {
			evs, v, ok := s.thisWeekend(r, s.opts.HomeItems)
			weekend <- weekendAnswer{evs, v, ok}
		}()
	}
	res := s.agg.Feed(r.Context(), s.opts.HomeItems)
	if weekend != nil {
		wa = <-weekend
	}
	draw := func(r *http.Request) ([]byte, error) {
		sections, down := shown(res)
		p := sectionsPage{Heading: "The home of Chicago Steppin", Search: true,
			Intro:    "Events, food and more from the Chicago Steppin community, in one place.",
			DownNote: downNote(down), NoteLast: true, Empty: "Nothing is listed yet. Check back soon."}
		p.Lead, p.Sections = s.homeLead(wa.events, wa.ok, sections)
		p.Sections = homeCards(p.Sections)
		return s.tpl.Page(r, "sections.html", ui.View{
			Description: "Events, classes, restaurants, a marketplace, services and a magazine for the Chicago Steppin community.",
			Service:     "portal", Data: p,
		})
	}
	w.Header().Add("Vary", "Cookie")
	if _, signedIn := auth.FromContext(r.Context()); signedIn {
		w.Header().Set("Cache-Control", cache.Private)
		page, err := draw(r)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		ui.WritePage(w, http.StatusOK, page)
		return
	}
	// Everyone signed out sees the same page: it is drawn once for each state of
	// what it shows (the versions of the sections and of this weekend's events) and
	// answered 304 to whoever holds that state.
	state := make([]string, 0, 3+5*len(res.Sections))
	state = append(state, "home", strconv.FormatBool(wa.ok), wa.version)
	for _, sec := range res.Sections {
		state = append(state, sec.Service, sec.Version, strconv.FormatBool(sec.Complete), strconv.FormatBool(sec.Stale), sec.Error)
	}
	stamp := cache.Stamp{Tag: cache.Tag(state...)}
	// Short: the sections themselves are at most a few seconds old (the aggregator's
	// fresh window).
	w.Header().Set("Cache-Control", "public, max-age=5, stale-while-revalidate=30")
	ui.SetPagePolicies(w.Header())
	err := s.pages.ServeStamped(w, r, "home", stamp, func(ctx context.Context) (cache.Answer, error) {
		shared := r.Clone(ctx)
		shared.Header.Del("Cookie")
		shared.URL.RawQuery = ""
		page, err := draw(shared)
		return cache.Answer{Type: ui.PageType, Body: page}, err
	})
	if err != nil {
		w.Header().Set("Cache-Control", cache.Private)
		web.WriteError(w, r, err)
	}
}

// homeShown is how many cards each section below the lead shows on the home page,
// each section's "See all" leading to the rest.
const homeShown = 2

// homeCards trims the sections below the lead to a taste of each: a few compact
// cards, without pictures or summaries (the lead, on the first screen, keeps
// them), so the page stays small on a phone's connection.
func homeCards(sections []sectionView) []sectionView {
	out := make([]sectionView, len(sections))
	for i, sec := range sections {
		sec.Cards = slices.Clone(sec.Cards[:min(len(sec.Cards), homeShown)])
		for j := range sec.Cards {
			sec.Cards[j].Summary, sec.Cards[j].ImageURL = "", ""
			// Only published articles are shown to the public: the badge says nothing.
			if sec.Cards[j].Status == "PUBLISHED" {
				sec.Cards[j].Status = ""
			}
		}
		out[i] = sec
	}
	return out
}

// homeLead is what the home page leads with: this weekend's events, or, when there
// are none, the next ones coming up (the events section moves up to lead). Events
// the lead shows are not repeated below it.
func (s *Site) homeLead(weekend []eventsapi.Event, answered bool, sections []sectionView) (*leadView, []sectionView) {
	if len(weekend) > 0 {
		lead := &leadView{ID: "weekend", Heading: "This weekend", More: eventFilter{When: whenWeekend}.href(),
			MoreLabel: "All this weekend"}
		seen := map[string]bool{}
		for _, e := range weekend {
			lead.Cards = append(lead.Cards, s.eventCard(e))
			seen[e.ID] = true
		}
		var out []sectionView
		for _, sec := range sections {
			if sec.Name == "events" {
				sec.Cards = slices.DeleteFunc(slices.Clone(sec.Cards), func(c card) bool { return seen[c.ID] })
				if len(sec.Cards) == 0 {
					continue
				}
				sec.Title = "Coming up"
			}
			out = append(out, sec)
		}
		return lead, out
	}
	if !answered {
		return nil, sections
	}
	for i, sec := range sections {
		if sec.Name == "events" {
			lead := &leadView{ID: "next", Heading: "Coming up next", Cards: sec.Cards, More: "/events", MoreLabel: "All events"}
			return lead, slices.Delete(slices.Clone(sections), i, i+1)
		}
	}
	return nil, sections
}

func (s *Site) vertical(v vertical) http.HandlerFunc {
	empty := v.Title + " are coming soon to SteppersLife. Meanwhile, there is plenty to do:"
	if v.OwnPages {
		empty = "Nothing is listed here yet. Check back soon, or look around:"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		sec := sectionOf(s.agg.FeedOf(r.Context(), v.Name, s.opts.PageItems))
		p := sectionsPage{Heading: v.Title, Intro: v.Blurb, Single: true}
		switch {
		case len(sec.Cards) > 0:
			p.Sections = []sectionView{sec}
		case sec.Down:
			p.DownNote = downNote([]string{v.Title})
		default:
			p.Empty = empty
			for _, l := range elsewhere {
				if l.Href != "/"+v.Name {
					p.EmptyLinks = append(p.EmptyLinks, l)
				}
			}
		}
		s.tpl.Render(w, r, http.StatusOK, "sections.html", ui.View{
			Title: v.Title, Description: v.Blurb, Service: "portal", Data: p,
		})
	}
}

func (s *Site) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > feed.MaxQuery {
		q = q[:feed.MaxQuery]
	}
	p := sectionsPage{Heading: "Search", Search: true, Query: q}
	title := "Search"
	if q != "" {
		var down []string
		p.Sections, down = shown(s.agg.Search(r.Context(), q, s.opts.HomeItems))
		p.DownNote = downNote(down)
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
	sections, down := shown(s.agg.Activity(r.Context(), gateway.Token(r), 50))
	for i := range sections {
		sections[i].Cards = groupTickets(sections[i].Cards)
	}
	p := sectionsPage{Heading: "My SteppersLife", Mine: true, Sections: sections, DownNote: downNote(down),
		Intro: "What you have on SteppersLife, gathered live from each part of it.",
		Empty: "Nothing here yet. Tickets you get and food you order show up here.", EmptyLinks: elsewhere}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, http.StatusOK, "sections.html", ui.View{Title: "My SteppersLife", Service: "portal", User: u, Data: p})
}

// signIn sends the browser to the portal's sign-in page, to come back here after.
func signIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, auth.SignInPath+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}
