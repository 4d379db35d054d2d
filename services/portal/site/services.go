package site

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// directoryPage is the services directory on the portal: every category, or one
// category's providers, narrowed by words, an event date (hiding those booked) and a
// ZIP code.
type directoryPage struct {
	Heading, Intro string
	Category       string // the category shown; "" on the directory's first page
	Categories     []categoryLink
	Q, EventDate   string
	ZIP            string
	Providers      []providerCard
	Total          int
	Prev, Next     string
	Error, Down    string
	Action         string // where the filter form goes
}

type categoryLink struct {
	Key, Name, Href string
	Count           int
	Current         bool
}

// providerCard is a listing in the portal's lists.
type providerCard struct {
	Href, Name, Tagline, Category, City, Price, Image, Stars string
	Reviews                                                  int
	Verified, Premium                                        bool
}

// directoryItems is how many providers a directory page shows.
const directoryItems = 24

func categoryPath(key string) string {
	return "/services/categories/" + url.PathEscape(strings.ToLower(key))
}

func (s *Site) servicesDirectory(w http.ResponseWriter, r *http.Request) {
	s.directory(w, r, "")
}

func (s *Site) servicesCategory(w http.ResponseWriter, r *http.Request) {
	s.directory(w, r, strings.ToUpper(r.PathValue("category")))
}

func (s *Site) directory(w http.ResponseWriter, r *http.Request, category string) {
	q := r.URL.Query()
	p := directoryPage{Heading: "Services", Intro: verticalOf("services").Blurb, Category: category,
		Q: strings.TrimSpace(q.Get("q")), EventDate: strings.TrimSpace(q.Get("eventDate")), ZIP: strings.TrimSpace(q.Get("zip")),
		Action: "/services"}
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(offset, 0)
	cats, err := getJSON[web.List[servicesapi.Category]](s, r, "services", "/api/categories")
	if err != nil {
		s.unavailable(w, r, "services", err)
		return
	}
	known := false
	for _, c := range cats.Items {
		l := categoryLink{Key: c.Key, Name: c.Name, Count: c.Count, Href: categoryPath(c.Key), Current: c.Key == category}
		if l.Current {
			known = true
			p.Heading, p.Action = c.Name, l.Href
			p.Intro = c.Name + " for your event: pick its date to see only those who are free."
		}
		p.Categories = append(p.Categories, l)
	}
	if category != "" && !known {
		s.unavailable(w, r, "services", errs.NotFound("Category"))
		return
	}
	search := url.Values{"limit": {strconv.Itoa(directoryItems)}, "offset": {strconv.Itoa(offset)}}
	for k, v := range map[string]string{"category": category, "q": p.Q, "eventDate": p.EventDate, "zip": p.ZIP} {
		if v != "" {
			search.Set(k, v)
		}
	}
	status := http.StatusOK
	list, err := getJSON[web.List[servicesapi.Provider]](s, r, "services", "/api/providers?"+search.Encode())
	if err != nil {
		e := asError(err)
		if e.Class() != errs.CodeValidation {
			s.unavailable(w, r, "services", err)
			return
		}
		p.Error, status = politely(e, "services"), http.StatusBadRequest
	}
	for _, pr := range list.Items {
		p.Providers = append(p.Providers, s.providerCard(pr, p.EventDate))
	}
	p.Total = list.Pagination.Total
	page := func(at int) string {
		v := r.URL.Query()
		v.Set("offset", strconv.Itoa(at))
		return r.URL.Path + "?" + v.Encode()
	}
	if offset > 0 {
		p.Prev = page(max(offset-directoryItems, 0))
	}
	if list.Pagination.HasMore {
		p.Next = page(offset + directoryItems)
	}
	s.tpl.Render(w, r, status, "directory.html", ui.View{Title: p.Heading, Description: p.Intro, Service: "portal", Data: p})
}

func (s *Site) providerCard(p servicesapi.Provider, eventDate string) providerCard {
	c := providerCard{Href: "/services/" + pathEscape(p.Slug), Name: p.BusinessName, Tagline: p.Tagline, Category: p.Category,
		City: p.City, Image: s.imageURL("services", p.CoverURL), Stars: starsOf(p.Rating), Reviews: p.ReviewCount,
		Verified: p.Verified, Premium: p.Premium}
	if eventDate != "" {
		c.Href += "?eventDate=" + url.QueryEscape(eventDate)
	}
	if p.StartingPriceCents > 0 {
		c.Price = "From " + ui.Money(p.StartingPriceCents)
	}
	return c
}

// starsOf is a rating to one decimal, or "" without one.
func starsOf(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r, 'f', 1, 64)
}

// dayWords is a YYYY-MM-DD day as people read it, or "" when it is not one.
func dayWords(day string) string {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return ""
	}
	return d.Format("Mon, Jan 2, 2006")
}
