package ui

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"stepperslife/internal/kit/errs"
)

func ownPages(t *testing.T) Pages {
	t.Helper()
	tpl, err := Parse(fstest.MapFS{
		"hello.html": {Data: []byte(`{{define "content"}}<p id="d">{{.Data}}</p><p id="f">{{.Flash}}</p>{{end}}`)},
		"error.html": {Data: []byte(`{{define "content"}}<p id="e">{{.Data.Status}}: {{.Data.Message}}</p>{{end}}`)},
	}, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	return Pages{Templates: tpl, Service: "events", PortalURL: "https://portal.example"}
}

func TestPagesRenderWithFlash(t *testing.T) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/x?ok=Saved.", nil)
	r.Header.Set("Sec-Fetch-Site", "same-origin") // the browser's word that our form led here
	ownPages(t).Render(w, r, http.StatusOK, "hello.html", "Hello", "data")
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, `<p id="d">data</p>`) || !strings.Contains(body, `<p id="f">Saved.</p>`) {
		t.Fatalf("%d\n%s", w.Code, body)
	}

	// A link from another site cannot write in the banner.
	w = httptest.NewRecorder()
	ownPages(t).Render(w, httptest.NewRequest("GET", "/x?ok=Call+555-0100+now", nil), http.StatusOK, "hello.html", "Hello", "data")
	if strings.Contains(w.Body.String(), `<p id="f">Call`) {
		t.Fatalf("a foreign link's words are shown:\n%s", w.Body.String())
	}

	w = httptest.NewRecorder()
	Pages{Service: "events"}.Render(w, httptest.NewRequest("GET", "/x", nil), http.StatusOK, "hello.html", "Hello", nil)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("no templates: %d", w.Code)
	}
}

func TestPagesError(t *testing.T) {
	p := ownPages(t)
	w := httptest.NewRecorder()
	p.Error(w, httptest.NewRequest("GET", "/x", nil), errs.Errorf(errs.CodeNotFound, "No such event."))
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "404: No such event.") {
		t.Fatalf("%d\n%s", w.Code, w.Body.String())
	}
	w = httptest.NewRecorder()
	p.Error(w, httptest.NewRequest("GET", "/x", nil), errors.New("pq: secret internals"))
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "secret") ||
		!strings.Contains(w.Body.String(), "Something went wrong on our side") {
		t.Fatalf("%d\n%s", w.Code, w.Body.String())
	}
}

func TestPagesBack(t *testing.T) {
	p := ownPages(t)
	for _, c := range []struct {
		path string
		err  error
		ok   string
		want string
	}{
		{"/dashboard", nil, "", "/dashboard"},
		{"/dashboard", nil, "Saved.", "/dashboard?ok=Saved."},
		{"/orders?tab=2", errs.Errorf(errs.CodeConflict, "Sold out."), "ignored", "/orders?tab=2&err=Sold+out."},
	} {
		w := httptest.NewRecorder()
		p.Back(w, httptest.NewRequest("POST", "/form", nil), c.path, c.err, c.ok)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != c.want {
			t.Errorf("Back(%q): %d %q, want %q", c.path, w.Code, w.Header().Get("Location"), c.want)
		}
	}
	p.Say = func(error) string { return "said" }
	w := httptest.NewRecorder()
	p.Back(w, httptest.NewRequest("POST", "/form", nil), "/x", errors.New("any"), "")
	if u, _ := url.Parse(w.Header().Get("Location")); u.Query().Get("err") != "said" {
		t.Errorf("Say not used: %s", w.Header().Get("Location"))
	}
}

func TestMessage(t *testing.T) {
	bad := errs.Invalid(map[string]string{"name": "is required", "size": "must be S, M or L"})
	if got := Message(bad, nil); !strings.HasSuffix(got, " name is required; size must be S, M or L.") {
		t.Errorf("default: %q", got)
	}
	got := Message(bad, func(f map[string]string) string { return FieldList(f, strings.ToUpper) })
	if !strings.HasSuffix(got, " NAME is required; SIZE must be S, M or L.") {
		t.Errorf("named: %q", got)
	}
	if got := Message(errs.Errorf(errs.CodeConflict, "Sold out."), nil); got != "Sold out." {
		t.Errorf("plain: %q", got)
	}
	if got := Message(errors.New("pq: boom"), nil); strings.Contains(got, "boom") {
		t.Errorf("internal text shown: %q", got)
	}
}
