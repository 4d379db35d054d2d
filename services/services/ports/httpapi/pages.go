package httpapi

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/services/domain"
)

// mountPages registers the public pages: the directory's search and a listing.
func (h *Handler) mountPages(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.homePage)
	mux.HandleFunc("GET /providers/{slug}", h.providerPage)
	mux.HandleFunc("POST /providers/{slug}/inquiries", auth.RequirePage(h.inquiryForm))
	mux.HandleFunc("POST /providers/{slug}/save", auth.RequirePage(h.saveForm(true)))
	mux.HandleFunc("POST /providers/{slug}/unsave", auth.RequirePage(h.saveForm(false)))
	h.mountAdmin(mux)
	h.mountDashboard(mux)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	if h.pages == nil {
		web.WriteError(w, r, errors.New("pages are not loaded"))
		return
	}
	v := ui.View{Title: title, Service: "services", PortalURL: h.portalURL, Data: data}
	v.Flash = web.Flash(r, "ok")
	h.pages.Render(w, r, status, name, v)
}

// distances are the choices of the search's distance filter, in miles.
var distances = []string{"5", "10", "25", "50"}

// homePage is the directory's search, kept per search and state.
func (h *Handler) homePage(w http.ResponseWriter, r *http.Request) {
	err := h.shared().Shared(h.cache, w, r, searchQuery(r), feed.Window, "home.html", func(r *http.Request) (ui.View, error) {
		title, data, err := h.searchPage(r)
		return ui.View{Title: title, Data: data}, err
	})
	var e *errs.Error
	switch {
	case errors.As(err, &e) && web.Status(e) == http.StatusBadRequest:
		// A refused search is shown with what to fix, for the one who typed it.
		title, data, _ := h.searchPage(r)
		data["Error"] = message(e)
		h.render(w, r, http.StatusBadRequest, "home.html", title, data)
	case err != nil:
		web.WriteError(w, r, err)
	}
}

// searchPage is what the search page shows for r's query.
func (h *Handler) searchPage(r *http.Request) (string, map[string]any, error) {
	f, zip, err := searchOf(r)
	data := map[string]any{"Q": f.Words, "Category": string(f.Category), "ZIP": zip, "Within": r.URL.Query().Get("within"),
		"EventDate": r.URL.Query().Get("eventDate"),
		"MinRating": r.URL.Query().Get("minRating"), "Verified": f.Verified, "Categories": domain.Categories,
		"Distances": distances, "Total": 0, "Items": []card{}}
	if err == nil {
		ps, total, serr := h.app.Search(r.Context(), f, zip)
		err = serr
		items := make([]card, len(ps))
		for i, p := range ps {
			items[i] = card{Provider: h.providerOut(p, nil), Stars: stars(p.Rating())}
		}
		data["Items"], data["Total"] = items, total
		if f.Offset > 0 {
			data["Prev"] = pageURL(r, max(f.Offset-f.Limit, 0))
		}
		if f.Offset+len(ps) < total {
			data["Next"] = pageURL(r, f.Offset+f.Limit)
		}
	}
	return "Find a business", data, err
}

// shared draws the directory's pages that every signed-out visitor sees alike.
func (h *Handler) shared() ui.Pages {
	return ui.Pages{Templates: h.pages, Service: "services", PortalURL: h.portalURL}
}

// card is a listing in the search results.
type card struct {
	servicesapi.Provider
	Stars string
}

// stars is a rating to one decimal, or "" without one.
func stars(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r, 'f', 1, 64)
}

// pageURL is the search at another offset.
func pageURL(r *http.Request, offset int) string {
	q := r.URL.Query()
	q.Set("offset", strconv.Itoa(offset))
	return "/?" + q.Encode()
}

// message is what a person reads about a refusal: its message and each field's problem.
func message(e *errs.Error) string {
	msg := e.Message
	if f, ok := e.Details["fields"].(map[string]any); ok {
		var parts []string
		for k, v := range f {
			name, ok := fieldNames[k]
			if !ok {
				name = words.Field(k)
			}
			parts = append(parts, fmt.Sprintf("%s %v", name, v))
		}
		if len(parts) > 0 {
			msg = "Please check: " + strings.Join(parts, "; ") + "."
		}
	}
	return msg
}

var fieldNames = map[string]string{"zip": "ZIP code", "within": "distance", "minRating": "rating", "category": "category",
	"message": "message", "eventDate": "event date", "guests": "guests", "budgetCents": "budget", "limit": "page size",
	"offset": "page", "minPrice": "lowest price", "maxPrice": "highest price", "eventType": "kind of event", "location": "where"}

// providerPage: signed-out visitors share one page per listing, day asked about and
// state; whether it is saved and the owner's links are a signed-in visitor's own.
// Every visit is counted, kept page or not.
func (h *Handler) providerPage(w http.ResponseWriter, r *http.Request) {
	u, slug := caller(r), r.PathValue("slug")
	query := url.Values{}
	if day, err := domain.ParseDay(strings.TrimSpace(r.URL.Query().Get("eventDate"))); err == nil {
		query.Set("eventDate", day.Format(domain.DayLayout))
	}
	err := h.shared().Shared(h.cache, w, r, query, feed.Window, "provider.html", func(r *http.Request) (ui.View, error) {
		title, data, err := h.providerView(r, "", quoteForm{EventDate: r.URL.Query().Get("eventDate")})
		return ui.View{Title: title, Data: data}, err
	})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.app.ViewedListing(r.Context(), u, slug)
}

// quoteForm is the listing page's request form as the customer filled it.
type quoteForm struct {
	EventDate, EventType, Location, Guests, Budget, Message string
	// Booked: the provider marked EventDate booked; the form offers to send anyway.
	Booked bool
}

func (h *Handler) showProvider(w http.ResponseWriter, r *http.Request, status int, problem string, form quoteForm) {
	title, data, err := h.providerView(r, problem, form)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	h.render(w, r, status, "provider.html", title, data)
}

// providerView is what a listing's page shows to the visitor r names: the listing,
// the request form as filled and whether the day asked about is booked.
func (h *Handler) providerView(r *http.Request, problem string, form quoteForm) (string, map[string]any, error) {
	u := caller(r)
	v, err := h.app.Public(r.Context(), u, r.PathValue("slug"))
	if err != nil {
		return "", nil, err
	}
	if day, err := domain.ParseDay(form.EventDate); err == nil && !form.Booked {
		if form.Booked, err = h.app.Availability(r.Context(), u, v.ID, day); err != nil {
			return "", nil, err
		}
	}
	p := h.providerOut(v.Provider, &v)
	data := map[string]any{"P": p, "Description": template.HTML(p.DescriptionHTML), // sanitized by bluemonday
		"Area": area(v.Provider.Area), "Own": u != nil && v.IsOwner(u.ID, u.VerifiedEmail()), "Error": problem, "Stars": stars(p.Rating),
		"Phone": phoneWords(p.Phone), "Form": form}
	if data["Saved"], err = h.app.Saved(r.Context(), u, v.ID); err != nil {
		return "", nil, err
	}
	if day, err := domain.ParseDay(form.EventDate); err == nil {
		data["Day"] = domain.DayWords(day)
	}
	if rate := p.ResponseRate; rate != nil {
		data["Rate"] = strconv.Itoa(*rate)
	}
	if m := p.MedianResponseMinutes; m != nil {
		data["Wait"] = waitWords(time.Duration(*m) * time.Minute)
	}
	return p.BusinessName, data, nil
}

func area(a domain.ServiceArea) string {
	switch a.Kind {
	case domain.AreaCities:
		return "serves " + strings.Join(a.Cities, ", ")
	case domain.AreaOnline:
		return "works online, anywhere"
	}
	return fmt.Sprintf("travels up to %d miles", a.RadiusMiles)
}

// phoneWords writes an E.164 North American number as people read it: (312) 555-0142.
func phoneWords(e164 string) string {
	d := strings.TrimPrefix(e164, "+1")
	if len(d) != 10 {
		return e164
	}
	return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
}

// waitWords says a response time as people do: "an hour", "3 hours", "2 days".
func waitWords(d time.Duration) string {
	switch {
	case d <= time.Hour:
		return "an hour"
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours", int((d+time.Hour-1)/time.Hour))
	}
	return fmt.Sprintf("%d days", int((d+24*time.Hour-1)/(24*time.Hour)))
}

// inquiryForm sends the quote request of the listing page's form.
func (h *Handler) inquiryForm(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Public(r.Context(), caller(r), r.PathValue("slug"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	in := domain.InquiryInput{Message: r.FormValue("message"), EventType: r.FormValue("eventType"), Location: r.FormValue("location"),
		EvenIfBooked: r.FormValue("evenIfBooked") == "true"}
	form := quoteForm{EventDate: r.FormValue("eventDate"), EventType: in.EventType, Location: in.Location,
		Guests: r.FormValue("guests"), Budget: r.FormValue("budget"), Message: in.Message}
	bad := map[string]string{}
	if d := strings.TrimSpace(r.FormValue("eventDate")); d != "" {
		day, err := time.Parse(dayLayout, d)
		if err != nil {
			bad["eventDate"] = "must be a date"
		}
		in.EventDate = &day
	}
	if g := strings.TrimSpace(r.FormValue("guests")); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			bad["guests"] = "must be a whole number"
		}
		in.Guests = n
	}
	if b := strings.TrimSpace(r.FormValue("budget")); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 || n > domain.MaxBudgetCents/100 {
			bad["budgetCents"] = "must be whole dollars"
		}
		cents := n * 100
		in.BudgetCents = &cents
	}
	if len(bad) > 0 {
		h.showProvider(w, r, http.StatusBadRequest, message(errs.Invalid(bad)), form)
		return
	}
	if _, err := h.app.SendInquiry(r.Context(), caller(r), v.ID, in); err != nil {
		var e *errs.Error
		if !errors.As(err, &e) {
			web.WriteError(w, r, err)
			return
		}
		writeRetryAfter(w, err)
		form.Booked = e.Details["reason"] == "DATE_BOOKED"
		h.showProvider(w, r, web.Status(e), message(e), form)
		return
	}
	http.Redirect(w, r, "/providers/"+url.PathEscape(v.Slug)+"?ok="+url.QueryEscape("Your request is on its way. You will get an e-mail when they answer."), http.StatusSeeOther)
}

// saveForm keeps (or forgets) the listing among the caller's favourites.
func (h *Handler) saveForm(keep bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := h.app.Public(r.Context(), caller(r), r.PathValue("slug"))
		if err == nil {
			if keep {
				err = h.app.Save(r.Context(), caller(r), v.ID)
			} else {
				err = h.app.Unsave(r.Context(), caller(r), v.ID)
			}
		}
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		done := "Saved to your favourites."
		if !keep {
			done = "Removed from your favourites."
		}
		http.Redirect(w, r, "/providers/"+url.PathEscape(v.Slug)+"?ok="+url.QueryEscape(done), http.StatusSeeOther)
	}
}
