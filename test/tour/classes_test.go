package tour

import (
	"net/http"
	"testing"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/services/classes/classestest"
)

// classesWorld is the classes service with a free series that is full with a
// waitlist, a paid series with a place to be paid at the door, and a roster to call.
type classesWorld struct {
	s          *classestest.Server
	free, paid classesapi.Class
	doorPlace  classesapi.Enrollment
	teacher    classesapi.Instructor // the instructor's profile
	aide       *auth.User            // an assistant of the free series
}

func newClassesWorld(t *testing.T, o classestest.Options) *classesWorld {
	t.Helper()
	s := classestest.Start(t, o)
	w := &classesWorld{s: s}
	w.free = s.PublishedClass("Tour Beginner Steppin", 0, 2, 4)
	w.paid = s.PublishedClass("Tour Smooth Turns", 6000, 20, 6)
	for i, waitlist := range []bool{false, false, true} {
		s.Must(http.StatusCreated, "POST", "/api/enrollments", classestest.StudentN(i),
			map[string]any{"classId": w.free.ID, "paymentMethod": classesapi.PayFree, "waitlist": waitlist})
	}
	s.Must(http.StatusCreated, "POST", "/api/enrollments", classestest.Student,
		map[string]any{"classId": w.paid.ID, "paymentMethod": classesapi.PayDoor}).JSON(t, &w.doorPlace)
	w.aide = &auth.User{ID: "u-tour-aide", Email: "aide@example.com", Name: "Andy Aide", EmailVerified: true,
		Roles: []string{auth.RoleUser}}
	s.Must(http.StatusCreated, "POST", "/api/classes/"+w.free.ID+"/assistants", classestest.Instructor,
		map[string]any{"email": w.aide.Email})
	s.Must(http.StatusOK, "PUT", "/api/me/instructor", classestest.Instructor, map[string]any{"displayName": "Tour Teacher",
		"bio": "Twenty years on Chicago floors.", "styles": []string{"STEPPIN", "WALKIN"},
		"links": []string{"https://www.example.com/tour-teacher"}}).JSON(t, &w.teacher)
	return w
}

// enrol gives u (a person signed in at the portal) a place paid at the door.
func (w *classesWorld) enrol(t *testing.T, u *auth.User) {
	t.Helper()
	w.s.Must(http.StatusCreated, "POST", "/api/enrollments", u,
		map[string]any{"classId": w.paid.ID, "paymentMethod": classesapi.PayDoor})
}

// stops are the classes' pages: the list and a class as anyone sees them, a
// student's place, the instructor's desk and roster, and an assistant's.
func (w *classesWorld) stops(anyone, instructor, student, aide browsertest.Person) []browsertest.Stop {
	classes := w.s.URL
	return []browsertest.Stop{
		{Who: anyone, URL: classes + "/", Name: "classes home"},
		{Who: anyone, URL: classes + "/classes/" + w.free.Slug, Name: "classes a full class"},
		{Who: anyone, URL: classes + "/classes/" + w.paid.Slug, Name: "classes a paid class"},
		{Who: anyone, URL: classes + "/classes/no-such-class", Status: 404, Name: "classes missing class"},
		{Who: anyone, URL: classes + "/instructors/" + w.teacher.Slug, Name: "classes instructor page"},
		{Who: anyone, URL: classes + "/dashboard", Name: "classes dashboard, signed out (the portal's sign-in)"},
		{Who: student, URL: classes + "/classes/" + w.paid.Slug, Name: "classes a class I am in"},
		{Who: student, URL: classes + "/enrollments/" + w.doorPlace.ID, Name: "classes a place paid at the door"},
		{Who: student, URL: classes + "/dashboard", Status: 403, Name: "classes dashboard without the role"},
		{Who: instructor, URL: classes + "/dashboard", Name: "classes dashboard"},
		{Who: instructor, URL: classes + "/dashboard/classes/" + w.free.ID + "/roster", Name: "classes roster with a waitlist"},
		{Who: instructor, URL: classes + "/dashboard/classes/" + w.paid.ID + "/roster", Name: "classes roster, paid at the door"},
		{Who: aide, URL: classes + "/dashboard", Name: "classes dashboard of an assistant"},
		{Who: aide, URL: classes + "/dashboard/classes/" + w.free.ID + "/roster", Name: "classes roster called by an assistant"},
	}
}
