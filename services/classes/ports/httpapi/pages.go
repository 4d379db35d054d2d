package httpapi

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

//go:embed static
var static embed.FS

// mountPages registers the pages: a class, an enrolment, the instructor's classes
// and a session's roster.
func (h *Handler) mountPages(mux *http.ServeMux) {
	// Fingerprinted through {{asset}} in the pages: kept a year, compressed once.
	sub, _ := fs.Sub(static, "static")
	files, err := ui.NewAssets("/static/classes/", sub)
	if err != nil {
		panic(err) // the files are embedded: only a broken build fails here
	}
	files.Mount(mux)
	page := auth.RequirePage
	mux.HandleFunc("GET /classes/{slug}", h.classPage)
	mux.HandleFunc("POST /classes/{slug}/enrol", page(h.enrolForm))
	mux.HandleFunc("GET /enrollments/{id}", page(h.enrollmentPage))
	mux.HandleFunc("POST /enrollments/{id}/{action}", page(h.enrollmentForm))
	mux.HandleFunc("GET /dashboard", page(h.dashboardPage))
	mux.HandleFunc("POST /dashboard/classes", page(h.createClassForm))
	mux.HandleFunc("POST /dashboard/classes/{id}/publish", page(h.publishForm))
	mux.HandleFunc("GET /dashboard/classes/{id}/roster", page(h.rosterPage))
	mux.HandleFunc("POST /dashboard/classes/{id}/sessions/{sessionId}/attendance", page(h.attendanceForm))
	mux.HandleFunc("POST /dashboard/classes/{id}/enrollments/{enrollmentId}/door-paid", page(h.doorPaidForm))
	mux.HandleFunc("POST /dashboard/classes/{id}/assistants", page(h.addAssistantForm))
	mux.HandleFunc("POST /dashboard/classes/{id}/assistants/remove", page(h.removeAssistantForm))
	mux.HandleFunc("GET /instructors/{slug}", h.instructorPage)
	mux.HandleFunc("GET /{$}", h.homePage)
	mux.HandleFunc("POST /classes/{slug}/reviews/{id}/report", page(h.reportForm))
	h.mountAdmin(mux)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	ui.Pages{Templates: h.pages, Service: "classes", PortalURL: h.portalURL}.Render(w, r, status, name, title, data)
}

// pageError shows err as a page: the contract's status, a person's message.
func (h *Handler) pageError(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteError(w, r, err) // a browser gets the kit's error page, in the layout
}

// message is what a person reads about err: the contract's message and the fields.
func message(err error) string {
	return ui.Message(err, func(f map[string]string) string { return ui.FieldList(f, words.Field) })
}

// back redirects after a form to path, with a flash message or an error.
func back(w http.ResponseWriter, r *http.Request, path string, err error, ok string) {
	ui.Pages{Say: message}.Back(w, r, path, err, ok)
}

type classPageData struct {
	Class    app.ClassView
	Upcoming []domain.Session
	Left     int
	DropIn   int64
	HasDrop  bool
	Policy   string
	CoverURL string
	Teaches  bool
	Error    string
	Reviews  []domain.Review
	Me       string // the signed-in user's id: their own review has no report form
}

// classPage: a signed-in visitor's page is their own (their enrolment, their review,
// the teacher's links); signed-out visitors share one page per state and window.
func (h *Handler) classPage(w http.ResponseWriter, r *http.Request) {
	err := h.shared().Shared(h.cache, w, r, nil, feed.Window, "class.html", func(r *http.Request) (ui.View, error) {
		u := caller(r)
		v, err := h.app.PublicClass(r.Context(), u, r.PathValue("slug"))
		if err != nil {
			return ui.View{}, err
		}
		now := h.app.Now()
		d := classPageData{Class: v, Upcoming: domain.UpcomingOf(v.Sessions, now), Left: v.SeatsLeft(now), Policy: refundPolicy(v.Class),
			CoverURL: h.app.ImageURL(v.CoverKey), Error: r.URL.Query().Get("err"),
			Teaches: u != nil && (v.IsInstructor(u.ID, u.Email) || u.Has(auth.RoleAdmin))}
		d.DropIn, d.HasDrop = v.DropInCents()
		if d.Reviews, err = h.app.Reviews(r.Context(), v.ID); err != nil {
			return ui.View{}, err
		}
		if u != nil {
			d.Me = u.ID
		}
		return ui.View{Title: v.Title, Data: d}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// shared draws the classes' pages that every signed-out visitor sees alike.
func (h *Handler) shared() ui.Pages {
	return ui.Pages{Templates: h.pages, Service: "classes", PortalURL: h.portalURL}
}

func (h *Handler) enrolForm(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	v, err := h.app.PublicClass(r.Context(), caller(r), slug)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		back(w, r, "/classes/"+slug, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	method := r.PostFormValue("paymentMethod")
	if method == "" && v.Free() {
		method = string(domain.PayFree)
	}
	req := domain.EnrollRequest{ClassID: v.ID, SessionID: r.PostFormValue("sessionId"), Method: domain.Method(method),
		Role: domain.Role(r.PostFormValue("role")), PartnerName: r.PostFormValue("partnerName"),
		PartnerEmail: r.PostFormValue("partnerEmail"), Waitlist: r.PostFormValue("waitlist") != ""}
	e, err := h.app.Enrol(r.Context(), caller(r), req)
	if err != nil {
		back(w, r, "/classes/"+slug, err, "")
		return
	}
	if e.Status == domain.EnrollPendingPayment && e.CheckoutURL != "" {
		http.Redirect(w, r, e.CheckoutURL, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/enrollments/"+e.ID, http.StatusSeeOther)
}

type enrollmentPageData struct {
	Enrollment app.EnrollmentView
	// ClaimBy ends the window to claim an offered seat.
	ClaimBy   time.Time
	Error     string
	Mine      bool
	CanCancel bool
}

func (h *Handler) enrollmentPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	e, err := h.app.Enrollment(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := enrollmentPageData{Enrollment: e, Error: r.URL.Query().Get("err"), Mine: e.StudentID == u.ID, CanCancel: e.Status.Active()}
	if e.HoldExpiresAt != nil {
		d.ClaimBy = *e.HoldExpiresAt
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "enrollment.html", e.Class.Title, d)
}

func (h *Handler) enrollmentForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	path := "/enrollments/" + id
	var (
		e   app.EnrollmentView
		err error
		ok  string
	)
	switch r.PathValue("action") {
	case "cancel":
		e, err = h.app.Cancel(r.Context(), caller(r), id)
		ok = "Your place is cancelled."
	case "claim":
		e, err = h.app.Claim(r.Context(), caller(r), id, domain.Method(r.PostFormValue("paymentMethod")))
		ok = "The seat is yours."
		if err == nil && e.Status == domain.EnrollPendingPayment && e.CheckoutURL != "" {
			http.Redirect(w, r, e.CheckoutURL, http.StatusSeeOther)
			return
		}
	default:
		h.pageError(w, r, errs.NotFound("Page"))
		return
	}
	back(w, r, path, err, ok)
}

type dashboardData struct {
	Classes        []dashboardClass
	Styles, Levels []string
	Error          string
	// Teaches: the caller may make classes; Assisting are the classes they help run.
	Teaches   bool
	Assisting []domain.Class
}

type dashboardClass struct {
	app.ClassView
	Next     *domain.Session
	Taken    int
	FillRate int // percent of the next session's seats taken
	Stats    app.Stats
	// AttendancePct and NoShowPct are the class's rates in whole percent.
	AttendancePct, NoShowPct int
}

func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	teaches := u.Has(auth.RoleInstructor) || u.Has(auth.RoleAdmin)
	assisting, err := h.app.AssistedClasses(r.Context(), u)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	if !teaches && len(assisting) == 0 {
		h.pageError(w, r, auth.ErrForbidden)
		return
	}
	var vs []app.ClassView
	if teaches {
		if vs, err = h.app.MyClasses(r.Context(), u); err != nil {
			h.pageError(w, r, err)
			return
		}
	}
	now := h.app.Now()
	d := dashboardData{Error: r.URL.Query().Get("err"), Styles: domain.Styles, Levels: domain.Levels, Teaches: teaches,
		Assisting: assisting}
	for _, v := range vs {
		st, err := h.app.Stats(r.Context(), u, v.ID)
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		dc := dashboardClass{ClassView: v, Stats: st, AttendancePct: int(st.AttendanceRate()*100 + 0.5),
			NoShowPct: int(st.NoShowRate()*100 + 0.5)}
		if up := domain.UpcomingOf(v.Sessions, now); len(up) > 0 {
			next := up[0]
			dc.Next, dc.Taken = &next, next.Taken
			if next.Capacity > 0 {
				dc.FillRate = next.Taken * 100 / next.Capacity
			}
		}
		d.Classes = append(d.Classes, dc)
	}
	h.render(w, r, http.StatusOK, "dashboard.html", "Your classes", d)
}

func (h *Handler) createClassForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		back(w, r, "/dashboard", errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	in, err := classInputFromForm(r.PostForm)
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	v, err := h.app.CreateClass(r.Context(), caller(r), in)
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	back(w, r, "/dashboard", nil, v.Title+" is saved as a draft; publish it to open enrolment.")
}

func (h *Handler) publishForm(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Publish(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	back(w, r, "/dashboard", nil, v.Title+" is open for enrolment.")
}

type rosterPageData struct {
	Class    domain.Class
	Sessions []domain.Session
	Session  app.SessionRoster
	Rates    map[string][2]int
	Marks    []domain.AttendanceStatus
	Error    string
	// Teaches: the caller runs the class (not only assists), and manages its
	// Assistants.
	Teaches    bool
	Assistants []domain.Assistant
}

func (h *Handler) rosterPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	classID := r.PathValue("id")
	c, all, rates, err := h.app.Roster(r.Context(), u, classID, "")
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	if len(all) == 0 {
		h.pageError(w, r, errs.NotFound("Session"))
		return
	}
	// The session asked for, or the next one still to come (else the last).
	pick := all[len(all)-1]
	now := h.app.Now()
	for _, sr := range all {
		if sr.Session.EndsAt.After(now) && sr.Session.Status != domain.SessionCancelled {
			pick = sr
			break
		}
	}
	if want := r.URL.Query().Get("session"); want != "" {
		for _, sr := range all {
			if sr.Session.ID == want {
				pick = sr
			}
		}
	}
	sessions := make([]domain.Session, len(all))
	for i, sr := range all {
		sessions[i] = sr.Session
	}
	d := rosterPageData{Class: c, Sessions: sessions, Session: pick,
		Rates: rates, Marks: []domain.AttendanceStatus{domain.Present, domain.Late, domain.Absent, domain.Excused},
		Error: r.URL.Query().Get("err"), Teaches: c.IsInstructor(u.ID, u.VerifiedEmail()) || u.Has(auth.RoleAdmin)}
	if d.Teaches {
		if d.Assistants, err = h.app.Assistants(r.Context(), u, c.ID); err != nil {
			h.pageError(w, r, err)
			return
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "roster.html", "Roster · "+c.Title, d)
}

func (h *Handler) attendanceForm(w http.ResponseWriter, r *http.Request) {
	classID, sessionID := r.PathValue("id"), r.PathValue("sessionId")
	path := "/dashboard/classes/" + classID + "/roster?session=" + url.QueryEscape(sessionID)
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	var marks []app.AttendanceMark
	if all := r.PostFormValue("all"); all != "" {
		_, rosters, _, err := h.app.Roster(r.Context(), caller(r), classID, sessionID)
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		for _, l := range rosters[0].Lines {
			marks = append(marks, app.AttendanceMark{EnrollmentID: l.Enrollment.ID, Status: domain.AttendanceStatus(all)})
		}
	} else {
		for key, vals := range r.PostForm {
			if id, ok := strings.CutPrefix(key, "mark_"); ok && len(vals) > 0 && vals[0] != "" {
				marks = append(marks, app.AttendanceMark{EnrollmentID: id, Status: domain.AttendanceStatus(vals[0])})
			}
		}
		sort.Slice(marks, func(i, j int) bool { return marks[i].EnrollmentID < marks[j].EnrollmentID })
	}
	_, err := h.app.SetAttendance(r.Context(), caller(r), classID, sessionID, marks)
	back(w, r, path, err, "Attendance saved.")
}

// doorPaidForm records a door payment from the roster, back on the same session.
func (h *Handler) doorPaidForm(w http.ResponseWriter, r *http.Request) {
	path := "/dashboard/classes/" + r.PathValue("id") + "/roster?session=" + url.QueryEscape(r.PostFormValue("session"))
	e, err := h.app.MarkDoorPaid(r.Context(), caller(r), r.PathValue("enrollmentId"))
	back(w, r, path, err, e.StudentName+" paid at the door.")
}
