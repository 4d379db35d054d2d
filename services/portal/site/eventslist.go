package site

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// categories are the events' categories in the order the filter offers them.
var categories = []string{"SET", "BALL", "SOCIAL", "WORKSHOP", "CRUISE", "COMPETITION", "OTHER"}

// maxListPage bounds ?page= of the events list.
const maxListPage = 50

// eventFilter is what the portal's events list is narrowed to, read from its address
// (?when=tonight|weekend|month&category=BALL&free=1&page=2). Anything else is ignored,
// so an old or mistyped link still shows events.
type eventFilter struct {
	When, Category string
	Free           bool
	Page           int
}

func filterOf(q url.Values) eventFilter {
	f := eventFilter{Page: 1}
	for _, c := range whenChoices {
		if q.Get("when") == c.Value {
			f.When = c.Value
		}
	}
	for _, c := range categories {
		if strings.EqualFold(q.Get("category"), c) {
			f.Category = c
		}
	}
	switch q.Get("free") {
	case "1", "true", "on":
		f.Free = true
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		f.Page = min(n, maxListPage)
	}
	return f
}

// apiPath is the events service's public list narrowed by f, limit events a page.
func (f eventFilter) apiPath(now time.Time, limit int) string {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if from, to, ok := window(f.When, now); ok {
		q.Set("from", from.UTC().Format(time.RFC3339))
		q.Set("to", to.UTC().Format(time.RFC3339))
	}
	if f.Category != "" {
		q.Set("category", f.Category)
	}
	if f.Free {
		q.Set("free", "true")
	}
	if f.Page > 1 {
		q.Set("offset", strconv.Itoa((f.Page-1)*limit))
	}
	return "/api/events?" + q.Encode()
}

// href is the portal's address of the events list narrowed by f.
func (f eventFilter) href() string {
	q := url.Values{}
	if f.When != "" {
		q.Set("when", f.When)
	}
	if f.Category != "" {
		q.Set("category", f.Category)
	}
	if f.Free {
		q.Set("free", "1")
	}
	if f.Page > 1 {
		q.Set("page", strconv.Itoa(f.Page))
	}
	if len(q) == 0 {
		return "/events"
	}
	return "/events?" + q.Encode()
}

// filterView is the filters as the events list shows them: a link for each window
// and for free events, each keeping the other filters, and a form of all of them.
type filterView struct {
	eventFilter
	Quick      []filterLink
	Categories []string
	Clear      string // the list with no filter; "" when none is set
}

type filterLink struct {
	Label, Href string
	Current     bool
}

func (f eventFilter) view() filterView {
	v := filterView{eventFilter: f, Categories: categories}
	for _, c := range whenChoices {
		g := f
		g.Page, g.When = 1, c.Value
		if f.When == c.Value {
			g.When = "" // a second tap lifts the filter
		}
		v.Quick = append(v.Quick, filterLink{Label: c.Label, Href: g.href(), Current: f.When == c.Value})
	}
	g := f
	g.Page, g.Free = 1, !f.Free
	v.Quick = append(v.Quick, filterLink{Label: "Free", Href: g.href(), Current: f.Free})
	if f.When != "" || f.Category != "" || f.Free {
		v.Clear = "/events"
	}
	return v
}

// heading names what the list holds: "Balls this weekend", "Free events tonight".
func (f eventFilter) heading(total int) string {
	what := "events"
	switch f.Category {
	case "":
	case "OTHER":
		what = "other events"
	default:
		what = strings.ToLower(vocabulary.Of("event.category", f.Category).Text) + " events"
	}
	if f.Free {
		what = "free " + what
	}
	s := strconv.Itoa(total) + " " + what
	if total == 1 {
		s = "1 " + strings.TrimSuffix(what, "s")
	}
	for _, c := range whenChoices {
		if f.When == c.Value {
			s += " " + c.Heading
		}
	}
	return s
}

// eventsPage is the portal's list of events, narrowed by date, category and price
// with links and a plain form, so it works without scripts.
func (s *Site) eventsPage(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r.URL.Query())
	v := verticalOf("events")
	fv := f.view()
	p := sectionsPage{Heading: v.Title, Intro: v.Blurb, Filters: &fv}
	status := http.StatusOK
	list, err := getJSON[web.List[eventsapi.Event]](s, r, "events", f.apiPath(s.now(), s.opts.PageItems))
	if err != nil {
		p.DownNote, status = downNote([]string{v.Title}), http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "30")
	} else {
		lead := &leadView{ID: "results", Heading: f.heading(list.Pagination.Total)}
		for _, e := range list.Items {
			lead.Cards = append(lead.Cards, s.eventCard(e))
		}
		if list.Pagination.HasMore && f.Page < maxListPage {
			next := f
			next.Page++
			lead.Next = next.href()
		}
		if f.Page > 1 {
			prev := f
			prev.Page--
			lead.Prev = prev.href()
		}
		p.Lead = lead
	}
	s.tpl.Render(w, r, status, "sections.html", ui.View{Title: v.Title, Description: v.Blurb, Service: "portal", Data: p})
}

// weekendBudget bounds asking the events service for this weekend's events on the
// home page, which shows the rest of its sections without them.
const weekendBudget = 800 * time.Millisecond

// weekendFresh is how long the home page reuses this weekend's events.
const weekendFresh = 5 * time.Second

// weekendCache keeps the home page's weekend events a few seconds: the home page is
// the busiest page and the answer changes rarely.
type weekendCache struct {
	mu      sync.Mutex
	path    string // the path events were asked with
	at      time.Time
	events  []eventsapi.Event
	version string // names events, for pages kept under it

	pathHour time.Time // the hour nextPath was made in, for limit
	limit    int
	nextPath string
}

// thisWeekend is the events of this weekend (Friday to Sunday in Chicago), at most
// limit; ok is false when the events service did not answer in time.
func (s *Site) thisWeekend(r *http.Request, limit int) ([]eventsapi.Event, string, bool) {
	evs, v, path, ok := s.keptWeekend(limit)
	if ok {
		return evs, v, true
	}
	list, err := getJSONWithin[web.List[eventsapi.Event]](s, r, weekendBudget, "events", path)
	if err != nil {
		return nil, "", false
	}
	raw, _ := json.Marshal(list.Items)
	sum := fnv.New64a()
	sum.Write(raw)
	v = strconv.FormatUint(sum.Sum64(), 36)
	c := &s.weekend
	c.mu.Lock()
	c.path, c.at, c.events, c.version = path, s.now(), list.Items, v
	c.mu.Unlock()
	return list.Items, v, true
}

// keptWeekend is this weekend's events when a few seconds old at most; otherwise the
// path that asks for them. The path, which names Chicago's dates, is made once an
// hour: Chicago's offsets from UTC are whole hours, so its dates change on the hour.
func (s *Site) keptWeekend(limit int) (evs []eventsapi.Event, version, path string, ok bool) {
	now := s.now()
	c := &s.weekend
	c.mu.Lock()
	defer c.mu.Unlock()
	if hour := now.Truncate(time.Hour); !hour.Equal(c.pathHour) || limit != c.limit {
		c.pathHour, c.limit, c.nextPath = hour, limit, eventFilter{When: whenWeekend}.apiPath(now, limit)
	}
	if c.path == c.nextPath && now.Sub(c.at) < weekendFresh {
		return c.events, c.version, c.path, true
	}
	return nil, "", c.nextPath, false
}
