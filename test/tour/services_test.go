package tour

import (
	"net/http"
	"testing"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/internal/kit/hosttest"
	"stepperslife/services/services"
	st "stepperslife/services/services/servicestest"
)

// servicesWorld is the services directory with a listed DJ (a photo, a review, a
// booked day) and an application waiting for an admin.
type servicesWorld struct {
	s           *hosttest.Server
	dj          servicesapi.Provider
	waiting     string
	bookedDay   string
	owner       *auth.User
	inquiryOf   map[string]string // a customer's e-mail → their request's id
	customerDay string
}

func newServicesWorld(t *testing.T, o hosttest.Options) *servicesWorld {
	t.Helper()
	s := hosttest.Start(t, services.Service(), o)
	w := &servicesWorld{s: s, owner: st.Owner, inquiryOf: map[string]string{}}
	in := st.Application("Tour Windy City Grooves")
	in.Description = "Chicago's steppers DJ for **weddings**, sets and birthdays."
	s.Must(http.StatusCreated, "POST", "/api/providers", w.owner, in).JSON(t, &w.dj)
	s.Must(http.StatusOK, "POST", "/api/admin/providers/"+w.dj.ID+"/approve", st.Admin, nil).JSON(t, &w.dj)
	s.Must(http.StatusCreated, "POST", "/api/providers/"+w.dj.ID+"/photos", w.owner, flyerJPEG(t), "Content-Type", "image/jpeg")
	s.Must(http.StatusCreated, "POST", "/api/providers/"+w.dj.ID+"/reviews", st.CustomerN(1), map[string]any{"rating": 5, "body": "Kept the floor full."})
	w.bookedDay = time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	w.customerDay = time.Now().AddDate(0, 1, 1).Format("2006-01-02")
	s.Must(http.StatusOK, "PUT", "/api/providers/"+w.dj.ID+"/booked/"+w.bookedDay, w.owner, nil)
	var waiting servicesapi.Provider
	s.Must(http.StatusCreated, "POST", "/api/providers", st.OtherOwner, st.Application("Tour Waiting Lens")).JSON(t, &waiting)
	w.waiting = waiting.ID
	return w
}

// ask sends the DJ a quote request as u (a person signed in at the portal), which
// the DJ answers, so their pages have a thread to show.
func (w *servicesWorld) ask(t *testing.T, u *auth.User) {
	t.Helper()
	var q servicesapi.Inquiry
	w.s.Must(http.StatusCreated, "POST", "/api/providers/"+w.dj.ID+"/inquiries", u,
		map[string]any{"message": "Are you free for our anniversary set?", "eventDate": w.customerDay, "budgetCents": 60000}).JSON(t, &q)
	w.s.Must(http.StatusCreated, "POST", "/api/inquiries/"+q.ID+"/messages", w.owner, map[string]string{"body": "Yes — $600 covers five hours."})
	w.inquiryOf[u.Email] = q.ID
}

// stops are the directory's own pages (the provider's dashboard, a listing) and the
// portal's services pages, as anyone and as a customer signed in at the portal.
func (w *servicesWorld) stops(portal string, anyone, provider, customer, admin browsertest.Person, customerEmail string) []browsertest.Stop {
	slug := w.dj.Slug
	return []browsertest.Stop{
		{Who: anyone, URL: w.s.URL + "/?eventDate=" + w.customerDay, Name: "services search by date"},
		{Who: anyone, URL: w.s.URL + "/providers/" + slug, Name: "services listing"},
		{Who: provider, URL: w.s.URL + "/dashboard", Name: "services provider dashboard"},
		{Who: admin, URL: w.s.URL + "/admin", Name: "services admin"},
		{Who: admin, URL: w.s.URL + "/admin/providers/" + w.waiting, Name: "services admin, an application"},
		{Who: anyone, URL: portal + "/services/categories/dj", Name: "portal services category"},
		{Who: anyone, URL: portal + "/services/categories/dj?eventDate=" + w.bookedDay, Name: "portal services category, all booked"},
		{Who: anyone, URL: portal + "/services/categories/no-such-kind", Status: 404, Name: "portal services missing category"},
		{Who: anyone, URL: portal + "/services/" + slug, Name: "portal provider page"},
		{Who: customer, URL: portal + "/services/" + slug + "?eventDate=" + w.bookedDay, Name: "portal provider page, a booked day"},
		{Who: customer, URL: portal + "/me/inquiries", Name: "portal my quote requests"},
		{Who: customer, URL: portal + "/me/inquiries/" + w.inquiryOf[customerEmail], Name: "portal a quote request's thread"},
	}
}
