package aggregate

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// CompleteHeader says whether every section of an answer is complete.
const CompleteHeader = "X-Aggregate-Complete"

// Mount registers GET /api/feed, GET /api/search, GET /api/me/activity and, for
// admins, GET /api/admin/queue.
func (a *Aggregator) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/feed", a.serveFeed)
	mux.HandleFunc("GET /api/search", a.serveSearch)
	mux.HandleFunc("GET /api/me/activity", auth.RequireUser(a.serveActivity))
	a.mountQueue(mux)
}

func (a *Aggregator) serveFeed(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	writeResult(w, a.Feed(r.Context(), page.Limit), "no-cache")
}

func (a *Aggregator) serveSearch(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > feed.MaxQuery {
		web.WriteError(w, r, errs.Invalid(map[string]string{"q": "must be at most 200 characters"}))
		return
	}
	if q == "" {
		// Nothing to look for: every section is complete and empty, no service asked.
		writeResult(w, empty(), "no-cache")
		return
	}
	writeResult(w, a.Search(r.Context(), q, page.Limit), "no-cache")
}

func (a *Aggregator) serveActivity(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	writeResult(w, a.Activity(r.Context(), gateway.Token(r), page.Limit), "private, no-store")
}

func empty() Result {
	res := Result{Complete: true}
	for _, name := range Order {
		res.Sections = append(res.Sections, Section{Service: name, Items: []feed.Item{}, json: []byte("[]"), Complete: true})
	}
	return res
}

// writeResult answers with the contract's aggregate shape. It is assembled from each
// section's already-encoded items, so a warm feed encodes nothing.
func writeResult(w http.ResponseWriter, res Result, cacheControl string) {
	var buf bytes.Buffer
	buf.Grow(256)
	buf.WriteString(`{"sections":{`)
	for i, s := range res.Sections {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('"')
		buf.WriteString(s.Service)
		buf.WriteString(`":{"items":`)
		if len(s.json) == 0 {
			buf.WriteString("[]")
		} else {
			buf.Write(s.json)
		}
		buf.WriteString(`,"complete":`)
		buf.WriteString(strconv.FormatBool(s.Complete))
		buf.WriteString(`,"stale":`)
		buf.WriteString(strconv.FormatBool(s.Stale))
		if s.Error != "" && validCode(s.Error) {
			buf.WriteString(`,"error":"`)
			buf.WriteString(s.Error)
			buf.WriteByte('"')
		}
		buf.WriteByte('}')
	}
	buf.WriteString(`},"complete":`)
	buf.WriteString(strconv.FormatBool(res.Complete))
	buf.WriteString("}\n")
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", cacheControl)
	h.Set(CompleteHeader, strconv.FormatBool(res.Complete))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}
