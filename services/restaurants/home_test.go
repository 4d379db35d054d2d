package restaurants_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"stepperslife/services/restaurants/resttest"
)

// The restaurants' own address sends browsers to the list on the portal; an
// unknown path there is the branded 404 page.
func TestHomeRedirectsToThePortalsList(t *testing.T) {
	const portal = "https://stepperslife.example"
	e := resttest.Start(t, resttest.Options{Env: map[string]string{"NEXTAUTH_URL": portal}})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", e.URL+path, nil)
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	if res, _ := get("/"); res.StatusCode != http.StatusFound || res.Header.Get("Location") != portal+"/restaurants" {
		t.Fatalf("/: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := get("/no-such-page"); res.StatusCode != http.StatusNotFound || !strings.Contains(body, "We could not find that page") {
		t.Fatalf("/no-such-page: %d %s", res.StatusCode, body)
	}
}
