package site

import (
	"net/http"
	"strings"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// inquiryRow is one of the user's quote requests as the portal lists it.
type inquiryRow struct {
	ID, Href, Provider, ProviderHref, Status, Day, Message string
	Guests                                                 int
	Budget, Sent, SentISO                                  string
}

type inquiriesPage struct {
	Rows []inquiryRow
	More string
	Down string
}

// inquiryPage is one quote request with its thread, where the customer answers.
type inquiryPage struct {
	Q       inquiryRow
	Thread  []threadTurn
	Sent    bool // just sent from a provider page
	Archive bool // the request is archived: no more messages
	Body    string
	Error   string
}

type threadTurn struct {
	Who, Body, When, WhenISO string
	FromProvider             bool
}

func inquiryRowOf(q servicesapi.Inquiry) inquiryRow {
	row := inquiryRow{ID: q.ID, Href: "/me/inquiries/" + pathEscape(q.ID), Provider: q.ProviderName, Status: q.Status,
		Day: dayWords(q.EventDate), Message: q.Message, Guests: q.Guests}
	if q.ProviderSlug != "" {
		row.ProviderHref = "/services/" + pathEscape(q.ProviderSlug)
	}
	if q.BudgetCents != nil {
		row.Budget = ui.Money(*q.BudgetCents)
	}
	if !q.CreatedAt.IsZero() {
		row.Sent, row.SentISO = datetime(q.CreatedAt), q.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	return row
}

func (s *Site) myInquiries(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	var p inquiriesPage
	inquiries, more, down, status := readMine[servicesapi.Inquiry](s, w, r,
		mineSource{service: "services", name: "Services", path: "/api/me/inquiries", what: "quote requests", safe: "They are safe"})
	for _, q := range inquiries {
		p.Rows = append(p.Rows, inquiryRowOf(q))
	}
	p.More, p.Down = more, down
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "inquiries.html", ui.View{Title: "Your quote requests", Service: "portal", User: u, Data: p})
}

func (s *Site) myInquiry(w http.ResponseWriter, r *http.Request) {
	s.showInquiry(w, r, http.StatusOK, inquiryPage{Sent: r.URL.Query().Get("sent") == "1"})
}

func (s *Site) showInquiry(w http.ResponseWriter, r *http.Request, status int, p inquiryPage) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	q, err := getJSON[servicesapi.Inquiry](s, r, "services", "/api/inquiries/"+pathEscape(r.PathValue("id")))
	if err != nil {
		s.unavailable(w, r, "services", err)
		return
	}
	p.Q, p.Archive = inquiryRowOf(q), q.Status == "ARCHIVED"
	for _, m := range q.Messages {
		t := threadTurn{Who: q.CustomerName, Body: m.Body, FromProvider: m.FromProvider, When: datetime(m.CreatedAt),
			WhenISO: m.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00")}
		if m.FromProvider {
			t.Who = q.ProviderName
		}
		p.Thread = append(p.Thread, t)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "inquiry.html", ui.View{Title: "Quote request to " + q.ProviderName, Service: "portal", User: u, Data: p})
}

// replyInquiry forwards the customer's message to the thread, kept by the directory,
// which tells the provider by e-mail.
func (s *Site) replyInquiry(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	body := strings.TrimSpace(r.PostFormValue("body"))
	id := r.PathValue("id")
	if body == "" {
		s.showInquiry(w, r, http.StatusBadRequest, inquiryPage{Error: "Write a message first."})
		return
	}
	if _, err := postJSON[servicesapi.Inquiry](s, r, "services", "/api/inquiries/"+pathEscape(id)+"/messages",
		servicesapi.BodyInput{Body: body}, ""); err != nil {
		e := asError(err)
		if e.Code == errs.CodeNotFound || e.Code == errs.CodeUnauthenticated {
			s.unavailable(w, r, "services", err)
			return
		}
		s.showInquiry(w, r, web.Status(e), inquiryPage{Body: body, Error: politely(e, "services")})
		return
	}
	http.Redirect(w, r, "/me/inquiries/"+pathEscape(id)+"#thread-end", http.StatusSeeOther)
}
