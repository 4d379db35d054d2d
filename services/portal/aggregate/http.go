package aggregate

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
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
	res := a.Feed(r.Context(), page.Limit)
	// The feed is the same for everyone: it is encoded once for each state of its
	// sections (their versions and how each was answered) and answered 304 to whoever
	// holds that state. A section's change moves its version, so the stamp.
	limit := strconv.Itoa(page.Limit)
	state := make([]string, 0, 2+5*len(res.Sections))
	state = append(state, "feed", limit)
	for _, s := range res.Sections {
		state = append(state, s.Service, s.Version, strconv.FormatBool(s.Complete), strconv.FormatBool(s.Stale), s.Error)
	}
	h := w.Header()
	h.Set(CompleteHeader, strconv.FormatBool(res.Complete))
	// Short, like the home page's: sections are at most the fresh window old.
	h.Set("Cache-Control", "public, max-age=5, stale-while-revalidate=30")
	err = a.answers.ServeStamped(w, r, "feed?limit="+limit, cache.Stamp{Tag: cache.Tag(state...)},
		func(context.Context) (cache.Answer, error) {
			return cache.Answer{Type: jsonType, Body: encodeResult(res)}, nil
		})
	if err != nil {
		web.WriteError(w, r, err)
	}
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

const jsonType = "application/json; charset=utf-8"

// writeResult answers with the contract's aggregate shape.
func writeResult(w http.ResponseWriter, res Result, cacheControl string) {
	body := encodeResult(res)
	h := w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", cacheControl)
	h.Set(CompleteHeader, strconv.FormatBool(res.Complete))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// encodeResult is the contract's aggregate shape, assembled from each section's
// already-encoded items.
func encodeResult(res Result) []byte {
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
	return buf.Bytes()
}
