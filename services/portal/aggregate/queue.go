package aggregate

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// Waiting is one service's part of the admin queue: what waits there for an admin,
// newest first, and how many wait in all.
type Waiting struct {
	Service  string
	Items    []adminq.Item
	Total    int
	Complete bool
	Error    string
}

// Queue is what waits for an admin on every service.
type Queue struct {
	Sections []Waiting // in Order
	Complete bool      // every service answered
}

// Section returns the part of service name.
func (q Queue) Section(name string) Waiting {
	for _, s := range q.Sections {
		if s.Service == name {
			return s
		}
	}
	return Waiting{Service: name, Items: []adminq.Item{}, Error: CodeUnavailable}
}

// Queue asks every service what waits for an admin, limit items each, as the admin
// whose session token is token (each service checks it is an admin's). Answers are
// never cached: an admin acts on them.
func (a *Aggregator) Queue(ctx context.Context, token string, limit int) Queue {
	path := adminq.Path + "?limit=" + strconv.Itoa(limit)
	q := Queue{Sections: make([]Waiting, len(Order)), Complete: true}
	var wg sync.WaitGroup
	for i, name := range Order {
		wg.Go(func() {
			list, err := fetch[adminq.Item](ctx, a, name, path, token)
			if err != nil {
				q.Sections[i] = Waiting{Service: name, Items: []adminq.Item{}, Error: codeOf(err)}
				return
			}
			q.Sections[i] = Waiting{Service: name, Items: list.Items, Total: max(list.Pagination.Total, len(list.Items)), Complete: true}
		})
	}
	wg.Wait()
	for _, s := range q.Sections {
		q.Complete = q.Complete && s.Complete
	}
	return q
}

// serveQueue answers GET /api/admin/queue (admins only) in the feed's shape, each
// section with the total waiting there.
func (a *Aggregator) serveQueue(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := a.Queue(r.Context(), gateway.Token(r), page.Limit)
	type section struct {
		Items    []adminq.Item `json:"items"`
		Total    int           `json:"total"`
		Complete bool          `json:"complete"`
		Stale    bool          `json:"stale"` // never: the queue is asked live
		Error    string        `json:"error,omitempty"`
	}
	var buf bytes.Buffer
	buf.WriteString(`{"sections":{`)
	for i, s := range q.Sections {
		if i > 0 {
			buf.WriteByte(',')
		}
		code := s.Error
		if !validCode(code) {
			code = ""
		}
		b, err := json.Marshal(section{Items: s.Items, Total: s.Total, Complete: s.Complete, Error: code})
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		buf.WriteString(strconv.Quote(s.Service))
		buf.WriteByte(':')
		buf.Write(b)
	}
	buf.WriteString(`},"complete":` + strconv.FormatBool(q.Complete) + "}\n")
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set(CompleteHeader, strconv.FormatBool(q.Complete))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// mountQueue registers GET /api/admin/queue, for admins only.
func (a *Aggregator) mountQueue(mux *http.ServeMux) {
	mux.HandleFunc("GET "+adminq.Path, auth.RequireRole(a.serveQueue, auth.RoleAdmin))
}
