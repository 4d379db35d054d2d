package site

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// providerView is a listing as the portal's provider page shows it.
type providerView struct {
	servicesapi.Provider
	Description                template.HTML // sanitized by the services directory
	Cover, Stars, Phone, Price string
	Photos                     []string
	Wait                       string // the usual time to an answer, in words
}

// quoteRequest is the provider page's request form as the customer filled it.
type quoteRequest struct {
	Key, EventDate, EventType, Location, Guests, Budget, Message string
	Error                                                        string
	SignIn                                                       bool
	// Booked: the provider marked EventDate booked; the form offers to send anyway.
	Booked bool
}

type reviewForm struct {
	Rating, Body, Error, Done string
}

type providerPage struct {
	P            providerView
	Form         quoteRequest
	Review       reviewForm
	Day          string // EventDate in words
	Services     string // the services directory's own address, for the provider's dashboard
	CategoryHref string
	StarChoices  []int
}

func (s *Site) providerPage(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if serveShared(s, w, r, "provider "+slug, "services", "/api/providers/"+pathEscape(slug), func(p servicesapi.Provider) (string, ui.View, error) {
		return "provider.html", s.providerPageView(p, quoteRequest{Key: visitorMarks.key}, reviewForm{}), nil
	}) {
		return
	}
	f := quoteRequest{Key: newKey(), EventDate: strings.TrimSpace(r.URL.Query().Get("eventDate"))}
	rv := reviewForm{Done: r.URL.Query().Get("reviewed")}
	s.showProvider(w, r, http.StatusOK, f, rv)
}

func (s *Site) loadProvider(r *http.Request) (servicesapi.Provider, error) {
	return getJSON[servicesapi.Provider](s, r, "services", "/api/providers/"+pathEscape(r.PathValue("slug")))
}

func (s *Site) showProvider(w http.ResponseWriter, r *http.Request, status int, f quoteRequest, rv reviewForm) {
	p, err := s.loadProvider(r)
	if err != nil {
		s.unavailable(w, r, "services", err)
		return
	}
	if dayWords(f.EventDate) != "" && !f.Booked {
		// Whether the provider is free is the directory's word; without an answer the
		// form simply does not warn, and the directory still does when it is sent.
		if av, err := getJSON[servicesapi.Availability](s, r, "services", "/api/providers/"+pathEscape(p.ID)+
			"/availability?date="+url.QueryEscape(f.EventDate)); err == nil {
			f.Booked = av.Booked
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "provider.html", s.providerPageView(p, f, rv))
}

// providerPageView is what p's page draws with the quote form f and review form rv.
func (s *Site) providerPageView(p servicesapi.Provider, f quoteRequest, rv reviewForm) ui.View {
	page := providerPage{P: s.providerViewOf(p), Form: f, Review: rv, Day: dayWords(f.EventDate),
		CategoryHref: categoryPath(p.Category), StarChoices: []int{5, 4, 3, 2, 1}}
	if base := s.up.Base("services"); base != nil {
		page.Services = base.String()
	}
	return ui.View{Title: p.BusinessName, Description: p.Tagline, ImageURL: page.P.Cover, Service: "portal", Data: page}
}

func (s *Site) providerViewOf(p servicesapi.Provider) providerView {
	v := providerView{Provider: p, Description: template.HTML(p.DescriptionHTML), Cover: s.imageURL("services", p.CoverURL),
		Stars: starsOf(p.Rating), Phone: phoneWords(p.Phone)}
	if p.StartingPriceCents > 0 {
		v.Price = "From " + ui.Money(p.StartingPriceCents)
	}
	for _, ph := range p.Photos {
		if u := s.imageURL("services", ph.URL); u != "" {
			v.Photos = append(v.Photos, u)
		}
	}
	if m := p.MedianResponseMinutes; m != nil {
		v.Wait = waitWords(*m)
	}
	return v
}

// phoneWords writes an E.164 North American number as people read it.
func phoneWords(e164 string) string {
	d := strings.TrimPrefix(e164, "+1")
	if len(d) != 10 {
		return e164
	}
	return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
}

// waitWords says a response time as people do: "an hour", "3 hours", "2 days".
func waitWords(minutes int) string {
	switch {
	case minutes <= 60:
		return "an hour"
	case minutes < 48*60:
		return strconv.Itoa((minutes+59)/60) + " hours"
	}
	return strconv.Itoa((minutes+24*60-1)/(24*60)) + " days"
}

// sendInquiry forwards the request form to the services directory as the caller;
// the directory keeps the request and tells the provider.
func (s *Site) sendInquiry(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	f := quoteRequest{Key: strings.TrimSpace(r.PostFormValue("idempotency_key")), EventDate: strings.TrimSpace(r.PostFormValue("eventDate")),
		EventType: r.PostFormValue("eventType"), Location: r.PostFormValue("location"), Guests: strings.TrimSpace(r.PostFormValue("guests")),
		Budget: strings.TrimSpace(r.PostFormValue("budget")), Message: r.PostFormValue("message")}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newKey()
	}
	p, err := s.loadProvider(r)
	if err != nil {
		s.unavailable(w, r, "services", err)
		return
	}
	in := servicesapi.InquiryInput{Message: f.Message, EventDate: f.EventDate, EventType: f.EventType, Location: f.Location,
		EvenIfBooked: r.PostFormValue("evenIfBooked") == "true"}
	if f.Guests != "" {
		if in.Guests, err = strconv.Atoi(f.Guests); err != nil || in.Guests < 0 {
			f.Error = "Guests must be a whole number."
		}
	}
	if f.Budget != "" {
		dollars, err := strconv.ParseInt(f.Budget, 10, 64)
		if err != nil || dollars < 0 || dollars > 10_000_000 {
			f.Error = "Budget must be whole dollars."
		}
		cents := dollars * 100
		in.BudgetCents = &cents
	}
	if f.Error != "" {
		s.showProvider(w, r, http.StatusBadRequest, f, reviewForm{})
		return
	}
	q, err := postJSON[servicesapi.Inquiry](s, r, "services", "/api/providers/"+pathEscape(p.ID)+"/inquiries", in, f.Key)
	if err != nil {
		e := asError(err)
		f.Error, f.SignIn = politely(e, "services"), e.Code == errs.CodeUnauthenticated
		f.Booked = e.Details["reason"] == "DATE_BOOKED"
		if e.Code == errs.CodeRateLimited {
			if secs, ok := e.Details["retryAfterSeconds"].(float64); ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(secs)))
			}
		}
		s.showProvider(w, r, web.Status(e), f, reviewForm{})
		return
	}
	http.Redirect(w, r, "/me/inquiries/"+pathEscape(q.ID)+"?sent=1", http.StatusSeeOther)
}

// sendReview forwards the review form; a customer's second review edits the first.
func (s *Site) sendReview(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	rv := reviewForm{Rating: r.PostFormValue("rating"), Body: r.PostFormValue("body")}
	p, err := s.loadProvider(r)
	if err != nil {
		s.unavailable(w, r, "services", err)
		return
	}
	stars, err := strconv.Atoi(rv.Rating)
	if err != nil || stars < 1 || stars > 5 {
		rv.Error = "Choose from one to five stars."
		s.showProvider(w, r, http.StatusBadRequest, quoteRequest{Key: newKey()}, rv)
		return
	}
	in := servicesapi.ReviewInput{Rating: stars, Body: rv.Body}
	_, err = postJSON[servicesapi.Review](s, r, "services", "/api/providers/"+pathEscape(p.ID)+"/reviews", in, "")
	if e := asError(err); err != nil && e.Code == errs.CodeConflict {
		// One review each: the customer's new words replace their review.
		if id, ok := e.Details["reviewId"].(string); ok && id != "" {
			_, err = sendJSON[servicesapi.Review](s, r, "services", http.MethodPatch, "/api/reviews/"+pathEscape(id), in, "")
		}
	}
	if err != nil {
		e := asError(err)
		rv.Error = politely(e, "services")
		if e.Code == errs.CodeUnauthenticated {
			rv.Error = "Please sign in to review."
		}
		s.showProvider(w, r, web.Status(e), quoteRequest{Key: newKey()}, rv)
		return
	}
	http.Redirect(w, r, "/services/"+pathEscape(p.Slug)+"?reviewed=1#reviews", http.StatusSeeOther)
}
