package services_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"

	st "stepperslife/services/services/servicestest"
)

// On the dashboard the provider marks a date, frees it and imports a calendar; the
// search page by date hides the booked listing, and its page says so before a
// request is sent, which goes only when the customer ticks "send anyway".
func TestBookedDatesOnThePages(t *testing.T) {
	s := st.Start(t, st.Options{})
	p := s.Listed(st.Owner, st.Application("Calendar Beats"))
	when := time.Now().AddDate(0, 1, 0)
	sat := when.Format("2006-01-02")

	code, body := post(t, s, st.Owner, "/dashboard/listings/"+p.ID+"/booked", url.Values{"date": {sat}})
	if code != 200 || !strings.Contains(body, "as booked") || !strings.Contains(body, "/booked/"+sat+"/free") {
		t.Fatalf("mark %d:\n%s", code, body)
	}
	if code, body = post(t, s, st.Owner, "/dashboard/listings/"+p.ID+"/booked", url.Values{"date": {"2020-01-01"}}); code != 200 ||
		!strings.Contains(body, `role="alert"`) || !strings.Contains(body, "past") {
		t.Fatalf("a past day %d:\n%s", code, body)
	}
	if code, _ = post(t, s, st.OtherOwner, "/dashboard/listings/"+p.ID+"/booked", url.Values{"date": {sat}}); code != 403 {
		t.Fatalf("another provider marked a day: %d", code)
	}

	upload := func(content string) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("calendar", "mine.ics")
		_, _ = io.WriteString(fw, content)
		_ = mw.Close()
		res, err := s.Browser(st.Owner).Post(s.URL+"/dashboard/listings/"+p.ID+"/calendar", mw.FormDataContentType(), &b)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(out)
	}
	next := when.AddDate(0, 0, 7)
	code, body = upload("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:" +
		next.Format("20060102") + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	if code != 200 || !strings.Contains(body, "books 1 upcoming day") || !strings.Contains(body, "from your calendar") {
		t.Fatalf("import %d:\n%s", code, body)
	}
	if code, body = upload("a shopping list"); code != 200 || !strings.Contains(body, `role="alert"`) {
		t.Fatalf("not a calendar %d:\n%s", code, body)
	}

	browser := s.Browser(nil)
	if code, body = page(t, browser, s.URL+"/?eventDate="+sat); code != 200 || strings.Contains(body, "Calendar Beats") {
		t.Fatalf("search on a booked day %d:\n%s", code, body)
	}
	free := when.AddDate(0, 0, 1).Format("2006-01-02")
	if code, body = page(t, browser, s.URL+"/?eventDate="+free); code != 200 ||
		!strings.Contains(body, "/providers/"+p.Slug+"?eventDate="+free) {
		t.Fatalf("search on a free day %d:\n%s", code, body)
	}

	customer := s.Browser(st.Customer)
	if code, body = page(t, customer, s.URL+"/providers/"+p.Slug+"?eventDate="+sat); code != 200 ||
		!strings.Contains(body, "has marked") || !strings.Contains(body, `value="`+sat+`"`) {
		t.Fatalf("listing on a booked day %d:\n%s", code, body)
	}
	form := url.Values{"eventDate": {sat}, "message": {"Free that Saturday?"}, "guests": {"120"}}
	res, err := customer.PostForm(s.URL+"/providers/"+p.Slug+"/inquiries", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 409 || !strings.Contains(string(b), `name="evenIfBooked"`) || !strings.Contains(string(b), "Free that Saturday?") ||
		!strings.Contains(string(b), `value="120"`) {
		t.Fatalf("booked request %d:\n%s", res.StatusCode, b)
	}
	form.Set("evenIfBooked", "true")
	if res, err = customer.PostForm(s.URL+"/providers/"+p.Slug+"/inquiries", form); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || s.Must(200, "GET", "/api/me/inquiries", st.Customer, nil).Map(t)["pagination"].(map[string]any)["total"] != 1.0 {
		t.Fatalf("sent anyway: %d", res.StatusCode)
	}

	if code, body = post(t, s, st.Owner, "/dashboard/listings/"+p.ID+"/booked/"+sat+"/free", url.Values{}); code != 200 ||
		!strings.Contains(body, "free again") {
		t.Fatalf("free %d:\n%s", code, body)
	}
}
