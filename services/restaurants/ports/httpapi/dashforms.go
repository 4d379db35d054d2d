package httpapi

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/internal/kit/words"
	"stepperslife/services/restaurants/domain"
)

// What the dashboard's forms share: the page's view, the way back after a form with
// what was done or what went wrong, and reading the fields.

func (h *Handlers) view(r *http.Request, title string, data any) ui.View {
	return ui.View{Title: title, Service: "restaurants", PortalURL: h.PortalURL, Flash: web.Flash(r, "flash"), Data: data}
}

// back sends the browser to the dashboard page of a restaurant (or to the list, for
// no id) with a message saying what was done.
func back(w http.ResponseWriter, r *http.Request, id, flash, anchor string) {
	redirect(w, r, id, "flash", flash, anchor)
}

// refuse sends the browser back with msg shown as an error.
func refuse(w http.ResponseWriter, r *http.Request, id, msg, anchor string) {
	redirect(w, r, id, "err", msg, anchor)
}

// fail sends the browser back with what a person may read of err, shown as an error.
func fail(w http.ResponseWriter, r *http.Request, id string, err error, anchor string) {
	refuse(w, r, id, message(w, r, err), anchor)
}

func redirect(w http.ResponseWriter, r *http.Request, id, param, msg, anchor string) {
	u := "/dashboard"
	if id != "" {
		u += "/" + url.PathEscape(id)
	}
	if msg != "" {
		u += "?" + param + "=" + url.QueryEscape(msg)
	}
	if anchor != "" {
		u += "#" + anchor
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// fieldLabels name the fields the dashboard's forms send the way the forms label
// them; any other field is put into words by words.Problems.
var fieldLabels = map[string]string{
	"priceCents": "price", "taxBasisPoints": "sales tax", "image": "photo", "hours": "opening hours",
	"hours.day": "day", "hours.open": "opening time", "hours.close": "closing time",
}

// formProblems say again, in the units the forms use (dollars, percent), the
// problems the domain states in stored units (cents, basis points).
var formProblems = map[string]string{
	"taxBasisPoints": "must be a percentage from 0 to 30",
	"priceCents":     "must be an amount from $0.01 to $10,000",
}

// message is what a person reads about err; internals stay in the log.
func message(w http.ResponseWriter, r *http.Request, err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		msg := e.Message
		if f, ok := e.Details["fields"].(map[string]any); ok {
			fields := make(map[string]string, len(f))
			for k, v := range f {
				fields[k] = toString(v)
				if p, ok := formProblems[k]; ok {
					fields[k] = p
				}
			}
			msg += " " + words.Problems(fields, fieldLabels)
		}
		return msg
	}
	web.LoggerFrom(r.Context()).Error("dashboard", "error", err.Error())
	return "Something went wrong on our side. Please try again."
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// parseDollars reads "12.50" or "12" as cents without floating point.
func parseDollars(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 2 || len(whole) > 6 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	var c int64
	for _, ch := range whole + frac {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		c = c*10 + int64(ch-'0')
	}
	return c, true
}

// formItem reads the dish fields of a dashboard form.
func formItem(r *http.Request, m *domain.MenuItem) {
	m.Name = r.PostFormValue("name")
	m.Description = r.PostFormValue("description")
	m.Category = r.PostFormValue("category")
	if c, ok := parseDollars(r.PostFormValue("price")); ok {
		m.PriceCents = c
	} else {
		m.PriceCents = 0 // refused by the item's own check with a clear message
	}
	m.Dietary = r.PostForm["dietary"]
	m.Available = r.PostFormValue("available") != ""
}

// formImage returns the uploaded picture of a form, if one was chosen.
func formImage(r *http.Request) ([]byte, error) {
	f, hdr, err := r.FormFile("image")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Errorf(errs.CodeValidation, "The picture could not be read.")
	}
	defer f.Close()
	if hdr.Size == 0 {
		return nil, nil
	}
	return imaging.ReadUpload(io.Reader(f))
}
