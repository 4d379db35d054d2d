package site

import (
	"net/http"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

type ticketView struct{ Code, Status string }

type orderView struct {
	Kind, ID, Number, Status, Total, Pickup string
	StatusKind                              string // the vocabulary kind of Status
	Tickets                                 []ticketView
	CheckoutURL                             string
}

// ticketOrderOf is a purchase the events service made, as the thank-you page shows it.
func ticketOrderOf(o eventsapi.Order) orderView {
	v := orderView{Kind: "tickets", ID: o.ID, Status: o.Status, StatusKind: "event.order", Total: ui.Money(o.TotalCents),
		CheckoutURL: safeURL(o.CheckoutURL)}
	for _, t := range o.Tickets {
		v.Tickets = append(v.Tickets, ticketView{Code: t.Code, Status: t.Status})
	}
	return v
}

type donePage struct {
	Order      orderView
	What, Back string
}

// done shows what the service made of a purchase, or sends the buyer on to pay by
// card when the service asks for it.
func (s *Site) done(w http.ResponseWriter, r *http.Request, o orderView, what, back string) {
	if o.CheckoutURL != "" {
		http.Redirect(w, r, o.CheckoutURL, http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, http.StatusCreated, "done.html", ui.View{Title: "Thank you", Service: "portal",
		Data: donePage{Order: o, What: what, Back: back}})
}

// politely is what a buyer reads when a service refused or failed a purchase.
func politely(e *errs.Error, service string) string {
	switch e.Code {
	case errs.CodeUnauthenticated:
		return "Please sign in to continue."
	case errs.CodeUnavailable, errs.CodeBadGateway:
		if answered(e) {
			break // the service's own refusal (card payment off, say): its words
		}
		return "The " + service + " service is not answering right now, so nothing was bought. Please try again in a moment."
	case errs.CodeGatewayTimeout:
		if answered(e) {
			break
		}
		return "We could not confirm this in time. Check My SteppersLife before trying again; sending this same form again will not buy twice."
	case errs.CodeInternal:
		return "Something went wrong. Nothing was bought; please try again."
	case errs.CodeValidation:
		// Name what the service found wrong, field by field, in words.
		if problems := fieldProblems(e); problems != "" {
			return e.Message + " " + problems
		}
	}
	return e.Message
}

// answered reports whether e is a service's own answer rather than a failure to
// reach it: send marks every answer it decodes with the class of its status, and
// gateway.Problem, which names transport failures, never does.
func answered(e *errs.Error) bool { return e.Like != "" }

type unavailablePage struct {
	Service, Message string
	NotFound         bool
}

// unavailable is an item page whose service could not give the item.
func (s *Site) unavailable(w http.ResponseWriter, r *http.Request, service string, err error) {
	e := asError(err)
	p := unavailablePage{Service: service, NotFound: e.Code == errs.CodeNotFound}
	title := "Not found"
	if !p.NotFound {
		title = "Temporarily unavailable"
		p.Message = "The " + service + " service is not answering right now. Everything else on SteppersLife works; please try this page again in a moment."
		w.Header().Set("Retry-After", "30")
	}
	status := web.Status(e)
	if status < 400 {
		status = http.StatusBadGateway
	}
	s.tpl.Render(w, r, status, "unavailable.html", ui.View{Title: title, Service: "portal", Data: p})
}

var chicago = func() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("CT", -6*3600)
}()
