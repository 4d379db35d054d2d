package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

// Pages draws a service's own pages in the kit layout: the page a handler renders,
// the service's error page for a failure it shows in place, and the redirect after
// a form.
type Pages struct {
	Templates *Templates // the service's parsed pages; nil answers every page with a 500
	Service   string     // its name: events, store, …
	PortalURL string     // the portal's public address
	// Say is what a page tells a person about a failure (a flash after a form, the
	// error page); nil says Message(err, nil).
	Say func(error) string
}

// Render draws the page name with status: View{Title: title, Data: data} for the
// service, with the flash a form left in ?ok=.
func (p Pages) Render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	if p.Templates == nil {
		web.WriteError(w, r, errors.New(p.Service+" pages are not loaded"))
		return
	}
	p.Templates.Render(w, r, status, name, View{Title: title, Service: p.Service, PortalURL: p.PortalURL, Data: data,
		Flash: web.Flash(r, "ok")})
}

// Error shows err as the service's error.html with the contract's status and the
// words for a person (Data: Message, Status). A failure that is not a contract
// error is logged and shown as "something went wrong", never its text.
func (p Pages) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	var e *errs.Error
	if errors.As(err, &e) {
		status = web.Status(e)
	} else {
		web.LoggerFrom(r.Context()).Error("page failed", "error", err.Error(), "path", r.URL.Path)
	}
	p.Render(w, r, status, "error.html", "Something is not right", map[string]any{"Message": p.say(err), "Status": status})
}

// Back redirects (303) after a form to path, adding ?err= with what went wrong when
// err is set, else ?ok= with the flash ok when there is one.
func (p Pages) Back(w http.ResponseWriter, r *http.Request, path string, err error, ok string) {
	q := url.Values{}
	if err != nil {
		q.Set("err", p.say(err))
	} else if ok != "" {
		q.Set("ok", ok)
	}
	if len(q) > 0 {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + q.Encode()
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

func (p Pages) say(err error) string {
	if p.Say != nil {
		return p.Say(err)
	}
	return Message(err, nil)
}

// Message is what a page says about err: the contract error's message for a person
// and, for a request with bad fields, what is wrong with each as describe words it
// (nil: FieldList(fields, nil)). Any other error reads as "something went wrong".
func Message(err error, describe func(fields map[string]string) string) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return "Something went wrong on our side. Please try again."
	}
	msg := e.Message
	if f, ok := e.Details["fields"].(map[string]any); ok {
		fields := make(map[string]string, len(f))
		for k, v := range f {
			fields[k] = fmt.Sprint(v)
		}
		if describe == nil {
			describe = func(fields map[string]string) string { return FieldList(fields, nil) }
		}
		msg += " " + describe(fields)
	}
	return msg
}

// FieldList words bad fields as one sentence, "Name is required; Size must be …."
// in the order of their names; name says what a form calls a field (nil: its key).
func FieldList(fields map[string]string, name func(string) string) string {
	parts := make([]string, 0, len(fields))
	for k, v := range fields {
		if name != nil {
			k = name(k)
		}
		parts = append(parts, k+" "+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ") + "."
}
