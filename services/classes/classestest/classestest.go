// Package classestest runs the whole classes service for tests on the kit's harness
// (internal/kit/hosttest) and adds the classes fixtures: the people of the tests, an
// instructor's published class, an enrolment.
package classestest

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/classes"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

// Options tune the service under test.
type Options = hosttest.Options

// Response is an answer read whole.
type Response = hosttest.Response

// Server is a running classes service.
type Server struct{ *hosttest.Server }

// Start builds and serves the classes service until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	return &Server{hosttest.Start(t, classes.Service(), o)}
}

// EachDB runs fn with an empty SQLite URL and with a throwaway PostgreSQL database.
func EachDB(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	hosttest.EachDB(t, fn)
}

// App is the service's use cases, for tests that drive its timed work.
func (s *Server) App() *app.Service { return s.Instance.Parts.App.(*app.Service) }

// Users for tests.
var (
	Instructor = &auth.User{ID: "u-teach", Email: "tina@example.com", Name: "Tina Teacher",
		Roles: []string{auth.RoleUser, auth.RoleInstructor}}
	OtherInstructor = &auth.User{ID: "u-teach2", Email: "terry@example.com", Name: "Terry Teacher",
		Roles: []string{auth.RoleUser, auth.RoleInstructor}}
	Student = &auth.User{ID: "u-student", Email: "sid@example.com", Name: "Sid Student", Roles: []string{auth.RoleUser}}
)

// StudentN is the n-th distinct student.
func StudentN(n int) *auth.User {
	return &auth.User{ID: "u-student-" + strconv.Itoa(n), Email: "student" + strconv.Itoa(n) + "@example.com",
		Name: "Student " + strconv.Itoa(n), Roles: []string{auth.RoleUser}}
}

// NextWeekday7PM is 7 PM Chicago time on the first given weekday at least days
// ahead.
func NextWeekday7PM(days int, wd time.Weekday) time.Time {
	d := time.Now().In(domain.Chicago).AddDate(0, 0, days)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 19, 0, 0, 0, domain.Chicago).UTC()
}

// ClassBody is the contract's create-class request with the given price, seats and
// weeks, starting at first.
func ClassBody(title string, priceCents int64, capacity, weeks int, first time.Time) map[string]any {
	return map[string]any{"title": title, "description": "Learn to step smooth.", "style": "STEPPIN", "level": "BEGINNER",
		"venue": "Chicago Cultural Center", "address": "78 E Washington St, Chicago", "capacity": capacity,
		"priceCents": priceCents, "firstSessionAt": first, "durationMinutes": 90, "weeks": weeks}
}

// PublishedClass creates and publishes a class of weeks weekly sessions starting a
// week from now, and returns it.
func (s *Server) PublishedClass(title string, priceCents int64, capacity, weeks int) classesapi.Class {
	s.T.Helper()
	return s.Publish(ClassBody(title, priceCents, capacity, weeks, NextWeekday7PM(7, time.Tuesday)))
}

// Publish creates a class from body as the instructor and publishes it.
func (s *Server) Publish(body map[string]any) classesapi.Class {
	s.T.Helper()
	var c classesapi.Class
	s.Must(http.StatusCreated, "POST", "/api/classes", Instructor, body).JSON(s.T, &c)
	s.Must(http.StatusOK, "POST", "/api/classes/"+c.ID+"/publish", Instructor, nil).JSON(s.T, &c)
	return c
}

// Enrol asks for u's place in a class (the series) with method; waitlist asks to wait
// when full.
func (s *Server) Enrol(u *auth.User, classID, method string, waitlist bool, headers ...string) Response {
	s.T.Helper()
	return s.Do("POST", "/api/enrollments", u, map[string]any{"classId": classID, "paymentMethod": method, "waitlist": waitlist}, headers...)
}

// Enrollment reads an enrolment as u.
func (s *Server) Enrollment(u *auth.User, id string) classesapi.Enrollment {
	s.T.Helper()
	var e classesapi.Enrollment
	s.Must(http.StatusOK, "GET", "/api/enrollments/"+id, u, nil).JSON(s.T, &e)
	return e
}

// Class reads a class by slug or id.
func (s *Server) Class(slugOrID string) classesapi.Class {
	s.T.Helper()
	var c classesapi.Class
	s.Must(http.StatusOK, "GET", "/api/classes/"+slugOrID, nil, nil).JSON(s.T, &c)
	return c
}
