package site

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// enrollmentRow is one of a student's places (or places in line) as the portal's
// pages show it.
type enrollmentRow struct {
	ID, Anchor, Class, ClassHref, Venue  string
	Kind, Status, Payment, Role, Partner string
	Amount, DoorNote, ClaimBy            string
	Position, Seats                      int
	Next, NextISO                        string
	Sessions                             []sessionRow
	// Cancel: the student may still cancel (or leave the line); Claim: a seat is
	// offered to them; ClaimCard: it may be claimed by card.
	Cancel, Claim, ClaimCard bool
	Key                      string // the Idempotency-Key of its forms
	starts                   time.Time
}

func (s *Site) enrollmentOf(e classesapi.Enrollment) enrollmentRow {
	row := enrollmentRow{ID: e.ID, Anchor: enrollmentAnchor(e.ID), Class: e.ClassTitle, Venue: e.Venue, Kind: e.Kind,
		Status: e.Status, Payment: e.PaymentMethod, Role: e.Role, Seats: e.Seats, Amount: priceText(e.AmountCents, false),
		Key: newKey()}
	if e.ClassSlug != "" {
		row.ClassHref = "/classes/" + pathEscape(e.ClassSlug)
	}
	if e.Partner != nil {
		row.Partner = e.Partner.Name
	}
	if e.WaitlistPosition != nil {
		row.Position = *e.WaitlistPosition
	}
	if e.PaymentMethod == classesapi.PayDoor && e.AmountCents > 0 && !e.DoorPaid {
		row.DoorNote = ui.Money(e.AmountCents) + " to pay at the door"
	}
	now := s.now()
	for _, x := range e.Sessions {
		r := sessionRow{ID: x.ID, When: datetime(x.StartsAt), WhenISO: x.StartsAt.UTC().Format(time.RFC3339),
			Status: x.Status, Position: x.Position, Scheduled: x.Status == "SCHEDULED"}
		row.Sessions = append(row.Sessions, r)
		if r.Scheduled && x.StartsAt.After(now) && row.Next == "" {
			row.Next, row.NextISO, row.starts = r.When, r.WhenISO, x.StartsAt
		}
	}
	switch e.Status {
	case "CONFIRMED", "PENDING_PAYMENT", "WAITLISTED":
		row.Cancel = true
	case "OFFERED":
		row.Cancel, row.Claim = true, true
		row.ClaimCard = e.PaymentMethod == classesapi.PayCard
		if e.HoldExpiresAt != nil {
			row.ClaimBy = datetime(*e.HoldExpiresAt)
		}
	}
	return row
}

// enrollmentAnchor is the id of an enrolment's part of the classes page.
func enrollmentAnchor(id string) string { return "enrollment-" + id }

// myClassesPage is all of a student's enrolments and places in line.
type myClassesPage struct {
	Groups                  []enrollmentGroup
	Done, Error, Down, More string
}

// enrollmentGroup is one part of the classes page: offered seats, enrolments to
// come, places in line, or earlier ones.
type enrollmentGroup struct {
	ID, Heading string
	Rows        []enrollmentRow
}

// classesDone are the notes the page shows after its own forms.
var classesDone = map[string]string{
	"cancelled": "Your enrolment is cancelled and your seat is freed for the next person in line.",
	"left":      "You left the waitlist.",
	"claimed":   "The seat is yours.",
}

func (s *Site) myClasses(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	s.renderMyClasses(w, r, u, http.StatusOK, myClassesPage{Done: classesDone[r.URL.Query().Get("done")]})
}

// renderMyClasses draws the student's classes page with status, carrying p's notes.
func (s *Site) renderMyClasses(w http.ResponseWriter, r *http.Request, u *auth.User, status int, p myClassesPage) {
	enrollments, more, down, read := readMine[classesapi.Enrollment](s, w, r, mineSource{service: "classes", name: "Classes",
		path: "/api/me/enrollments", what: "classes", safe: "Your places are safe"})
	if down != "" {
		status = read
	}
	var offered, enrolled, waiting, earlier []enrollmentRow
	for _, e := range enrollments {
		row := s.enrollmentOf(e)
		switch {
		case e.Status == "OFFERED":
			offered = append(offered, row)
		case e.Status == "WAITLISTED":
			waiting = append(waiting, row)
		case (e.Status == "CONFIRMED" || e.Status == "PENDING_PAYMENT") && row.Next != "":
			enrolled = append(enrolled, row)
		default:
			earlier = append(earlier, row)
		}
	}
	sort.SliceStable(enrolled, func(i, j int) bool { return enrolled[i].starts.Before(enrolled[j].starts) })
	for _, g := range []enrollmentGroup{{"offered", "A seat is waiting for you", offered}, {"enrolled", "Enrolled", enrolled},
		{"waiting", "On a waitlist", waiting}, {"earlier", "Earlier", earlier}} {
		if len(g.Rows) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	p.More, p.Down = more, down
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "myclasses.html", ui.View{Title: "Your classes", Service: "portal", User: u, Data: p})
}

// enrollmentAction forwards a cancel or a claim from the classes page to the
// classes service as the student, then comes back to the page.
func (s *Site) enrollmentAction(w http.ResponseWriter, r *http.Request) {
	u, ok := auth.FromContext(r.Context())
	if !ok {
		signIn(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	id, action := r.PathValue("id"), r.PathValue("action")
	key := strings.TrimSpace(r.PostFormValue("idempotency_key"))
	if key == "" || len(key) > 64 {
		key = newKey()
	}
	var (
		e    classesapi.Enrollment
		err  error
		done string
	)
	switch action {
	case "cancel":
		e, err = postJSON[classesapi.Enrollment](s, r, "classes", "/api/enrollments/"+pathEscape(id)+"/cancel", struct{}{}, key)
		done = "cancelled"
		if r.PostFormValue("line") != "" { // the form of a place in line
			done = "left"
		}
	case "claim":
		method := r.PostFormValue("payment") // the service refuses a method the class does not take
		e, err = postJSON[classesapi.Enrollment](s, r, "classes", "/api/enrollments/"+pathEscape(id)+"/claim",
			map[string]string{"paymentMethod": method}, key)
		done = "claimed"
	default:
		web.WriteError(w, r, errs.Errorf(errs.CodeNotFound, "There is no such page."))
		return
	}
	if err != nil {
		ae := asError(err)
		s.renderMyClasses(w, r, u, web.Status(ae), myClassesPage{Error: politely(ae, "classes")})
		return
	}
	if u := safeURL(e.CheckoutURL); u != "" {
		http.Redirect(w, r, u, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/me/classes?done="+done+"#"+enrollmentAnchor(id), http.StatusSeeOther)
}
