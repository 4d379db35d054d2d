package ui

import (
	"embed"
	"fmt"
	"html"
	"net/http"
	"sync"

	"stepperslife/internal/kit/web"
)

//go:embed pages/*.html
var kitPagesFS embed.FS

// kitPages are the pages the kit itself serves on every service.
var kitPages = sync.OnceValue(func() *Templates {
	t, err := Parse(kitPagesFS, "pages/*.html")
	if err != nil {
		panic(err) // embedded: a parse error is a build error
	}
	return t
})

// Site is where a service lives, for the pages the kit draws for it.
type Site struct {
	Service   string // its name: portal, events, …
	PortalURL string // the portal's public address
	PublicURL string // its own public address
}

// problemPage is what the error page shows.
type problemPage struct {
	Heading, Sentence string
	SignIn            bool // a sign-in button: the page needs a signed-in person
	Back              string
	RequestID         string
}

// wording is the heading and the sentence of an error page with status; message
// is the error's own text for a person, shown where it tells more than the status.
func wording(status int, message string) (heading, sentence string) {
	switch {
	case status == http.StatusNotFound:
		return "We could not find that page", "The address may be mistyped, or the page may have moved. Search for it, or start again from the home page."
	case status == http.StatusMethodNotAllowed:
		return "That page cannot be opened this way", "Go back and try again, or start again from the home page."
	case status == http.StatusUnauthorized:
		return "Please sign in", "You need to be signed in to see this page."
	case status == http.StatusForbidden:
		return "This page is not open to you", orElse(message, "Your account does not have access to it.")
	case status == http.StatusServiceUnavailable:
		return "This part of SteppersLife is taking a break", "It should be back in a moment; everything else keeps working. Please try again shortly."
	case status >= 500:
		return "Something went wrong on our side", "Please try again in a moment. If it keeps happening, tell us the reference below."
	case status == http.StatusTooManyRequests:
		return "Please slow down a moment", orElse(message, "Too many tries in a short time. Wait a minute and try again.")
	}
	return "We could not do that", orElse(message, "Go back and try again.")
}

func orElse(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// ErrorPage is the page a browser gets for a failure on site: the status, a plain
// heading and sentence, a search, links home and back, and the request id for
// support; never an internal error's text (web.WriteError hands only messages meant
// for people). The host installs it with web.WithErrorPage for every service.
func ErrorPage(site Site) web.ErrorPage {
	return func(w http.ResponseWriter, r *http.Request, p web.Problem) {
		heading, sentence := wording(p.Status, p.Message)
		back := "/"
		if site.Service == "portal" {
			back = site.PortalURL + "/"
		}
		v := View{Title: heading, Service: site.Service, PortalURL: site.PortalURL, Here: hereOf(r, site.PublicURL),
			Data: problemPage{Heading: heading, Sentence: sentence, SignIn: p.Status == http.StatusUnauthorized,
				Back: back, RequestID: p.RequestID}}
		w.Header().Set("Cache-Control", "no-store")
		if err := kitPages().render(w, r, p.Status, "error.html", v); err != nil {
			// The page itself failed: a bare page, still HTML, still no internals.
			web.LoggerFrom(r.Context()).Error("error page", "error", err.Error())
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(p.Status)
			fmt.Fprintf(w, "<!doctype html><title>SteppersLife</title><h1>%s</h1><p>%s</p><p><a href=\"%s/\">SteppersLife home</a></p>",
				html.EscapeString(heading), html.EscapeString(sentence), html.EscapeString(site.PortalURL))
		}
	}
}

// Soon is a section that is not open yet, as its home page tells it: what it will
// be, and an invitation to the people who would list there.
type Soon struct {
	Heading string // "Classes are coming soon"
	What    string // what the section will hold
	Ask     string // the people it invites: "Teach steppin?"
	Invite  string // what they can do now, on their account
}

// ComingSoon serves the home page of a section that is not open yet.
func ComingSoon(site Site, s Soon) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		kitPages().Render(w, r, http.StatusOK, "soon.html", View{Title: s.Heading, Description: s.What,
			Service: site.Service, PortalURL: site.PortalURL, Data: s})
	}
}
