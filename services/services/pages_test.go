package services_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	st "stepperslife/services/services/servicestest"
)

func page(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The directory's home searches, and a listing's page shows it in words and takes a
// quote request.
func TestPublicPages(t *testing.T) {
	s := st.Start(t, st.Options{})
	in := st.Application("Page Beats")
	in.Description = "We **spin** all night. <script>alert(1)</script>"
	p := s.Listed(st.Owner, in)
	s.Must(201, "POST", "/api/providers/"+p.ID+"/reviews", st.Customer, map[string]any{"rating": 4, "body": "Solid set"})
	browser := s.Browser(nil)
	code, body := page(t, browser, s.URL+"/?category=DJ&q=beats")
	if code != 200 || !strings.Contains(body, "Page Beats") || !strings.Contains(body, "4.0 ★") || strings.Contains(body, ">DJ<") {
		t.Fatalf("home %d:\n%s", code, body)
	}
	code, body = page(t, browser, s.URL+"/?zip=99999")
	if code != 400 || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "ZIP code") {
		t.Fatalf("bad zip %d:\n%s", code, body)
	}
	code, body = page(t, browser, s.URL+"/providers/"+p.Slug)
	if code != 200 || !strings.Contains(body, "<strong>spin</strong>") || strings.Contains(body, "<script>alert") ||
		!strings.Contains(body, "$$ · moderate") || !strings.Contains(body, "Steppers") || !strings.Contains(body, "Solid set") ||
		!strings.Contains(body, "Sign in") || !strings.Contains(body, "(312) 555-0142") {
		t.Fatalf("listing %d:\n%s", code, body)
	}
	// A signed-in customer sends a quote request from the page.
	customer := s.Browser(st.Customer)
	code, body = page(t, customer, s.URL+"/providers/"+p.Slug)
	if code != 200 || !strings.Contains(body, `action="/providers/`+p.Slug+`/inquiries"`) {
		t.Fatalf("form %d", code)
	}
	res, err := customer.PostForm(s.URL+"/providers/"+p.Slug+"/inquiries", url.Values{"message": {"Free on the 4th?"}, "budget": {"600"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "on its way") {
		t.Fatalf("sent %d:\n%s", res.StatusCode, b)
	}
	var mine struct {
		Items []struct {
			BudgetCents int64  `json:"budgetCents"`
			Message     string `json:"message"`
		} `json:"items"`
	}
	s.Must(200, "GET", "/api/me/inquiries", st.Customer, nil).JSON(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].BudgetCents != 60000 {
		t.Fatalf("inquiry: %+v", mine)
	}
	code, _ = page(t, browser, s.URL+"/providers/no-such-listing")
	if code != 404 {
		t.Fatalf("missing listing: %d", code)
	}
}
