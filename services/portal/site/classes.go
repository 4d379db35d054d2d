package site

import (
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// classView is a class as the portal's class page shows it.
type classView struct {
	ID, Slug, Title, Description, Style, Level  string
	Venue, Address, Image, Instructor, TeachURL string
	Price, DropIn                               string
	Starts, StartsISO                           string
	Weeks, SeatsLeft, Waiting, RoleCap          int
	PriceCents, DropInCents                     int64
	HasDropIn, CardPayments, Open               bool
	Policy, WhatToBring, Prerequisites          string
	CalendarURL                                 string
	Sessions                                    []sessionRow
	// Upcoming are the sessions one may still drop in on.
	Upcoming []sessionRow
	Roles    []string // what the form offers to dance
}

type sessionRow struct {
	ID, When, WhenISO, Status string
	Position, Left            int
	Scheduled                 bool
}

// enrolForm is what the enrolment form holds, kept to fill it again after an error.
type enrolForm struct {
	Key, Session, Payment, Role  string
	PartnerName, PartnerEmail    string
	Waitlist, SignedIn, SignInAs bool
	Error                        string
}

type classPage struct {
	Class classView
	Form  enrolForm
}

func (s *Site) class(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if serveShared(s, w, r, "class "+slug, "classes", "/api/classes/"+pathEscape(slug), func(c classesapi.Class) (string, ui.View, error) {
		cv := s.classOf(c)
		return "class.html", classPageView(cv, newEnrolForm(cv, visitorMarks.key, false)), nil
	}) {
		return
	}
	c, err := s.loadClass(r, slug)
	if err != nil {
		s.unavailable(w, r, "classes", err)
		return
	}
	_, signedIn := auth.FromContext(r.Context())
	s.renderClass(w, r, http.StatusOK, c, newEnrolForm(c, newKey(), signedIn))
}

// newEnrolForm is the empty enrolment form of c's page: by card, either role, on the
// waitlist when the class is full.
func newEnrolForm(c classView, key string, signedIn bool) enrolForm {
	return enrolForm{Key: key, Payment: classesapi.PayCard, Role: "EITHER", Waitlist: c.SeatsLeft == 0, SignedIn: signedIn}
}

func (s *Site) loadClass(r *http.Request, slug string) (classView, error) {
	c, err := getJSON[classesapi.Class](s, r, "classes", "/api/classes/"+pathEscape(slug))
	if err != nil {
		return classView{}, err
	}
	return s.classOf(c), nil
}

func (s *Site) renderClass(w http.ResponseWriter, r *http.Request, status int, c classView, f enrolForm) {
	if f.SignedIn {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	s.tpl.Render(w, r, status, "class.html", classPageView(c, f))
}

func classPageView(c classView, f enrolForm) ui.View {
	return ui.View{Title: c.Title, Description: c.Description, ImageURL: c.Image, Service: "portal",
		Data: classPage{Class: c, Form: f}}
}

// classOf is the classes service's answer as the class page shows it: which
// sessions are still to come and whether one may enrol is the service's word
// (status, seats left per session).
func (s *Site) classOf(c classesapi.Class) classView {
	v := classView{ID: c.ID, Slug: c.Slug, Title: c.Title, Description: c.Description, Style: c.Style, Level: c.Level,
		Venue: c.Venue, Address: c.Address, Image: s.imageURL("classes", c.CoverURL), Instructor: c.InstructorName,
		Weeks: len(c.Sessions), SeatsLeft: c.SeatsLeft, Waiting: c.WaitlistCount, RoleCap: c.RoleCap,
		PriceCents: c.PriceCents, Price: priceText(c.PriceCents, false), CardPayments: c.CardPayments,
		Policy: c.RefundPolicy, WhatToBring: c.WhatToBring, Prerequisites: c.Prerequisites, CalendarURL: safeURL(c.CalendarURL),
		Roles: []string{"EITHER", "LEAD", "FOLLOW"}}
	if c.InstructorSlug != "" {
		v.TeachURL = "/instructors/" + pathEscape(c.InstructorSlug)
	}
	if c.DropInPriceCents != nil {
		v.HasDropIn, v.DropInCents, v.DropIn = true, *c.DropInPriceCents, priceText(*c.DropInPriceCents, false)
	}
	if c.StartsAt != nil {
		v.Starts, v.StartsISO = datetime(*c.StartsAt), c.StartsAt.UTC().Format(time.RFC3339)
	}
	now := s.now()
	for _, x := range c.Sessions {
		row := sessionRow{ID: x.ID, When: datetime(x.StartsAt), WhenISO: x.StartsAt.UTC().Format(time.RFC3339),
			Status: x.Status, Position: x.Position, Left: x.SeatsLeft, Scheduled: x.Status == "SCHEDULED"}
		v.Sessions = append(v.Sessions, row)
		if row.Scheduled && x.StartsAt.After(now) {
			v.Upcoming = append(v.Upcoming, row)
		}
	}
	v.Open = c.Status == "PUBLISHED" && len(v.Upcoming) > 0
	return v
}

// enrolFormOf reads the enrolment form.
func enrolFormOf(r *http.Request) enrolForm {
	f := enrolForm{Key: strings.TrimSpace(r.PostFormValue("idempotency_key")), Session: r.PostFormValue("sessionId"),
		Payment: r.PostFormValue("payment"), Role: r.PostFormValue("role"),
		PartnerName: strings.TrimSpace(r.PostFormValue("partnerName")), PartnerEmail: strings.TrimSpace(r.PostFormValue("partnerEmail")),
		Waitlist: r.PostFormValue("waitlist") != ""}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newKey()
	}
	return f
}

// enrol forwards the enrolment form to the classes service, which owns the seat, as
// the signed-in student.
func (s *Site) enrol(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	c, err := s.loadClass(r, r.PathValue("slug"))
	if err != nil {
		s.unavailable(w, r, "classes", err)
		return
	}
	f := enrolFormOf(r)
	_, f.SignedIn = auth.FromContext(r.Context())
	req := classesapi.EnrollRequest{ClassID: c.ID, SessionID: f.Session, Role: f.Role, Waitlist: f.Waitlist,
		PaymentMethod: paymentFor(c, f)}
	if f.PartnerName != "" || f.PartnerEmail != "" {
		req.Partner = &classesapi.Partner{Name: f.PartnerName, Email: f.PartnerEmail}
	}
	e, err := postJSON[classesapi.Enrollment](s, r, "classes", "/api/enrollments", req, f.Key)
	if err != nil {
		ae := asError(err)
		f.Error, f.SignInAs = enrolRefusal(ae), ae.Code == errs.CodeUnauthenticated
		s.renderClass(w, r, web.Status(ae), c, f)
		return
	}
	if u := safeURL(e.CheckoutURL); u != "" {
		http.Redirect(w, r, u, http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, http.StatusCreated, "enrolled.html", ui.View{Title: enrolledHeading(e), Service: "portal",
		Data: enrolledPage{Heading: enrolledHeading(e), Enrollment: s.enrollmentOf(e), Back: "/classes/" + pathEscape(c.Slug)}})
}

// paymentFor is how the student pays for what they chose: free when it costs
// nothing, else card or at the door as they picked (at the door when the class
// takes no cards).
func paymentFor(c classView, f enrolForm) string {
	price := c.PriceCents
	if f.Session != "" {
		price = c.DropInCents
	}
	switch {
	case price == 0:
		return classesapi.PayFree
	case f.Payment == classesapi.PayDoor || !c.CardPayments:
		return classesapi.PayDoor
	}
	return classesapi.PayCard
}

// enrolRefusal is what a student reads when the service refused an enrolment.
func enrolRefusal(e *errs.Error) string {
	switch e.Code {
	case errs.CodeSoldOut:
		return "This class is full. Tick \u201cput me on the waitlist\u201d to take a place in line."
	case errs.CodeConflict:
		return "You are already enrolled in this class (or on its waitlist). See My SteppersLife."
	}
	return strings.ReplaceAll(politely(e, "classes"), "nothing was bought", "you were not enrolled")
}

type enrolledPage struct {
	Heading    string
	Enrollment enrollmentRow
	Back       string
}

func enrolledHeading(e classesapi.Enrollment) string {
	switch e.Status {
	case "WAITLISTED":
		return "You are on the waitlist"
	case "CONFIRMED":
		return "You are enrolled"
	}
	return "Thank you"
}
