package services_test

import (
	"strings"
	"testing"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/web"
	st "stepperslife/services/services/servicestest"
)

// "Free that Saturday?": the provider marks a day and imports its calendar; a search
// by that date hides it; a quote request for it is told so before it is sent, and
// may be sent anyway.
func TestBookedDatesAcrossTheAPI(t *testing.T) {
	st.EachDB(t, func(t *testing.T, dbURL string) {
		s := st.Start(t, st.Options{DatabaseURL: dbURL})
		busy := s.Listed(st.Owner, st.Application("Busy Beats"))
		s.Listed(st.OtherOwner, st.Application("Free Beats"))
		sat := time.Now().AddDate(0, 1, 0).Format("2006-01-02")

		// Only its owner (or an admin) marks a day; a bad day is refused at the edge.
		s.Must(403, "PUT", "/api/providers/"+busy.ID+"/booked/"+sat, st.OtherOwner, nil)
		s.Must(401, "PUT", "/api/providers/"+busy.ID+"/booked/"+sat, nil, nil)
		if r := s.Must(400, "PUT", "/api/providers/"+busy.ID+"/booked/saturday", st.Owner, nil); r.Code() != "VALIDATION_FAILED" {
			t.Fatalf("bad day: %s", r.Body)
		}
		s.Must(400, "PUT", "/api/providers/"+busy.ID+"/booked/2020-01-01", st.Owner, nil)
		var b servicesapi.BookedDay
		s.Must(200, "PUT", "/api/providers/"+busy.ID+"/booked/"+sat, st.Owner, nil).JSON(t, &b)
		if b.Date != sat || b.Source != "MANUAL" {
			t.Fatalf("marked: %+v", b)
		}

		var list web.List[servicesapi.Provider]
		s.Must(200, "GET", "/api/providers?eventDate="+sat, nil, nil).JSON(t, &list)
		if list.Pagination.Total != 1 || list.Items[0].BusinessName != "Free Beats" {
			t.Fatalf("free on %s: %+v", sat, list.Items)
		}
		s.Must(200, "GET", "/api/providers?category=DJ&eventDate="+time.Now().AddDate(0, 1, 1).Format("2006-01-02"), nil, nil).JSON(t, &list)
		if list.Pagination.Total != 2 {
			t.Fatalf("free the next day: %+v", list.Items)
		}
		s.Must(400, "GET", "/api/providers?eventDate=soon", nil, nil)

		var av servicesapi.Availability
		s.Must(200, "GET", "/api/providers/"+busy.Slug+"/availability?date="+sat, nil, nil).JSON(t, &av)
		if !av.Booked || av.Date != sat {
			t.Fatalf("availability: %+v", av)
		}

		// The request for that day is told, and sent only when the customer chooses.
		r := s.Must(409, "POST", "/api/providers/"+busy.ID+"/inquiries", st.Customer,
			map[string]any{"message": "Free that Saturday?", "eventDate": sat})
		if r.Code() != "CONFLICT" || !strings.Contains(string(r.Body), `"DATE_BOOKED"`) || !strings.Contains(string(r.Body), "Busy Beats") {
			t.Fatalf("booked day: %s", r.Body)
		}
		var mine web.List[servicesapi.Inquiry]
		s.Must(200, "GET", "/api/me/inquiries", st.Customer, nil).JSON(t, &mine)
		if mine.Pagination.Total != 0 {
			t.Fatalf("a refused request was kept: %+v", mine.Items)
		}
		s.Must(201, "POST", "/api/providers/"+busy.ID+"/inquiries", st.Customer,
			map[string]any{"message": "Free that Saturday?", "eventDate": sat, "evenIfBooked": true})

		// An imported calendar books its days; the next import replaces them, and
		// the days marked by hand stay.
		later := time.Now().AddDate(0, 2, 0)
		ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:" +
			later.Format("20060102") + "\r\nDTEND;VALUE=DATE:" + later.AddDate(0, 0, 2).Format("20060102") +
			"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		var imp servicesapi.CalendarImport
		s.Must(200, "PUT", "/api/providers/"+busy.ID+"/calendar", st.Owner, []byte(ics), "Content-Type", "text/calendar").JSON(t, &imp)
		if imp.BookedDays != 2 {
			t.Fatalf("import: %+v", imp)
		}
		s.Must(403, "PUT", "/api/providers/"+busy.ID+"/calendar", st.OtherOwner, []byte(ics), "Content-Type", "text/calendar")
		s.Must(400, "PUT", "/api/providers/"+busy.ID+"/calendar", st.Owner, []byte("not a calendar"), "Content-Type", "text/calendar")
		s.Must(413, "PUT", "/api/providers/"+busy.ID+"/calendar", st.Owner, []byte(strings.Repeat("x", 1<<20+1)), "Content-Type", "text/calendar")
		var days web.List[servicesapi.BookedDay]
		s.Must(200, "GET", "/api/providers/"+busy.ID+"/booked", st.Owner, nil).JSON(t, &days)
		if len(days.Items) != 3 || days.Items[0].Date != sat || days.Items[1].Source != "ICS" {
			t.Fatalf("booked: %+v", days.Items)
		}
		s.Must(403, "GET", "/api/providers/"+busy.ID+"/booked", st.Customer, nil)
		s.Must(200, "PUT", "/api/providers/"+busy.ID+"/calendar", st.Owner,
			[]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"), "Content-Type", "text/calendar").JSON(t, &imp)
		s.Must(200, "GET", "/api/providers/"+busy.ID+"/booked", st.Owner, nil).JSON(t, &days)
		if imp.BookedDays != 0 || len(days.Items) != 1 || days.Items[0].Source != "MANUAL" {
			t.Fatalf("after an empty import: %+v %+v", imp, days.Items)
		}
		s.Must(204, "DELETE", "/api/providers/"+busy.ID+"/booked/"+sat, st.Owner, nil)
		s.Must(404, "DELETE", "/api/providers/"+busy.ID+"/booked/"+sat, st.Owner, nil)
		s.Must(200, "GET", "/api/providers/"+busy.ID+"/availability?date="+sat, nil, nil).JSON(t, &av)
		if av.Booked {
			t.Fatalf("freed day still booked")
		}
	})
}
