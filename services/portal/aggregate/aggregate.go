// Package aggregate gathers the portal's feed, search, activity and admin queue from
// the six services at once. Each service answers within its own time budget or its
// section says why not; one slow or dead service never holds up or breaks the others.
package aggregate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	kitcache "stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/web"
	"stepperslife/services/portal/gateway"
)

// Order is the contract's order of the sections.
var Order = []string{"events", "classes", "restaurants", "store", "services", "magazine"}

// Section error codes, beyond the codes a service itself answers with.
const (
	CodeUnavailable = "UNAVAILABLE" // refused, dead, or its breaker is open
	CodeTimeout     = "TIMEOUT"     // did not answer within its budget
	CodeBadResponse = "BAD_RESPONSE"
)

// maxAnswerBytes bounds one service's answer; a feed page is far smaller.
const maxAnswerBytes = 4 << 20

// Options tune the aggregator; zero values take the defaults.
type Options struct {
	// Budget is how long each service may take (default 800ms).
	Budget time.Duration
	// Budgets overrides Budget per service name.
	Budgets map[string]time.Duration
	// Fresh is how long a feed section is served from the cache as it is (default
	// 5s); Stale is how long it is still shown, marked stale, when the service cannot
	// give a newer one (default 5 min).
	Fresh, Stale time.Duration
}

// Aggregator fans the portal's questions out to every service.
type Aggregator struct {
	up      *gateway.Upstreams
	opts    Options
	cache   *Cache
	flights singleflight.Group
	// answers keeps the encoded feed under the versions of its sections.
	answers *kitcache.Cache
}

// New asks the services of up.
func New(up *gateway.Upstreams, o Options) *Aggregator {
	if o.Budget <= 0 {
		o.Budget = 800 * time.Millisecond
	}
	if o.Fresh <= 0 {
		o.Fresh = 5 * time.Second
	}
	if o.Stale <= 0 {
		o.Stale = 5 * time.Minute
	}
	return &Aggregator{up: up, opts: o, cache: NewCache(o.Fresh, o.Stale), answers: kitcache.New(nil, nil)}
}

func (a *Aggregator) budget(name string) time.Duration {
	if d, ok := a.opts.Budgets[name]; ok && d > 0 {
		return d
	}
	return a.opts.Budget
}

// Section is one service's part of an answer.
type Section struct {
	Service  string
	Items    []feed.Item
	Complete bool
	Stale    bool
	Error    string
	// Version names the items (see Entry.Version); empty for answers not kept.
	Version string
	json    []byte // Items, encoded
}

// Result is the answer of all six services.
type Result struct {
	Sections []Section // in Order
	Complete bool      // every section complete
}

// Section returns the section of service name.
func (r Result) Section(name string) Section {
	for _, s := range r.Sections {
		if s.Service == name {
			return s
		}
	}
	return Section{Service: name, Items: []feed.Item{}, Error: CodeUnavailable}
}

// Feed is what is new on every service, limit items each, served from the cache
// when it can be.
func (a *Aggregator) Feed(ctx context.Context, limit int) Result {
	if res, ok := a.freshFeed(limit); ok {
		return res
	}
	return gather(func(name string) Section { return a.FeedOf(ctx, name, limit) })
}

// freshFeed is the feed when every section is fresh in the cache, as it is on most
// requests: read in place, it costs no goroutine per service.
func (a *Aggregator) freshFeed(limit int) (Result, bool) {
	res := Result{Sections: make([]Section, len(Order)), Complete: true}
	suffix := "?limit=" + strconv.Itoa(limit)
	for i, name := range Order {
		e, fresh := a.cache.Get(name + suffix)
		if fresh != Fresh {
			return Result{}, false
		}
		res.Sections[i] = fromEntry(name, e, true, false, "")
	}
	return res, true
}

// Search asks every service for q. Answers are not cached.
func (a *Aggregator) Search(ctx context.Context, q string, limit int) Result {
	path := "/api/search?q=" + url.QueryEscape(q) + "&limit=" + strconv.Itoa(limit)
	return gather(func(name string) Section { return a.live(ctx, name, path, "") })
}

// Activity is the caller's own things on every service; token is their session
// token, which each service verifies. Answers are never cached.
func (a *Aggregator) Activity(ctx context.Context, token string, limit int) Result {
	path := "/api/me/activity?limit=" + strconv.Itoa(limit)
	return gather(func(name string) Section { return a.live(ctx, name, path, token) })
}

// gather runs one goroutine per service; each bounds itself by its budget.
func gather(one func(name string) Section) Result {
	res := Result{Sections: make([]Section, len(Order)), Complete: true}
	var wg sync.WaitGroup
	for i, name := range Order {
		wg.Go(func() { res.Sections[i] = one(name) })
	}
	wg.Wait()
	for _, s := range res.Sections {
		res.Complete = res.Complete && s.Complete
	}
	return res
}

// FeedOf is service name's feed section. A fresh cached answer is served as it is.
// An older one is served at once while one refresh runs in the background, as long
// as the service was answering well. Otherwise the caller waits for the refresh, at
// most the service's budget, and gets the old answer marked stale if it fails.
// Concurrent refreshes of one section collapse into one call.
func (a *Aggregator) FeedOf(ctx context.Context, name string, limit int) Section {
	key := name + "?limit=" + strconv.Itoa(limit)
	e, fresh := a.cache.Get(key)
	if fresh == Fresh {
		return fromEntry(name, e, true, false, "")
	}
	b := a.up.Breaker(name)
	if b == nil {
		return failed(name, nil, CodeUnavailable)
	}
	ch := a.refresh(ctx, name, key, limit)
	if fresh == Usable && b.Healthy() {
		// Complete, as the service is answering; stale, as these items are older
		// than the fresh window while the refresh runs.
		return fromEntry(name, e, true, true, "")
	}
	timer := time.NewTimer(a.budget(name))
	defer timer.Stop()
	var err error
	select {
	case r := <-ch:
		if r.Err == nil {
			return fromEntry(name, r.Val.(*Entry), true, false, "")
		}
		err = r.Err
	case <-timer.C:
		err = context.DeadlineExceeded
	case <-ctx.Done():
		err = ctx.Err()
	}
	return failed(name, e, codeOf(err))
}

// refresh fetches a feed section once however many callers ask. The call is detached
// from the caller, so it lives to fill the cache even when its first caller leaves,
// and carries that caller's request id.
func (a *Aggregator) refresh(ctx context.Context, name, key string, limit int) <-chan singleflight.Result {
	rid := web.RequestID(ctx)
	return a.flights.DoChan(key, func() (any, error) {
		fctx := web.WithRequestID(context.Background(), rid)
		e, err := a.revalidate(fctx, name, "/api/feed?limit="+strconv.Itoa(limit), a.cache.Last(key))
		if err != nil {
			return nil, err
		}
		a.cache.Put(key, e)
		return e, nil
	})
}

// revalidate GETs a feed, conditionally on prev's ETag: a 304 renews prev.
func (a *Aggregator) revalidate(ctx context.Context, name, path string, prev *Entry) (*Entry, error) {
	ctx, cancel := context.WithTimeout(ctx, a.budget(name))
	defer cancel()
	req, err := a.up.NewRequest(ctx, name, http.MethodGet, path, nil, "")
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.ETag != "" {
		req.Header.Set("If-None-Match", prev.ETag)
	}
	resp, err := a.up.Do(name, req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && prev != nil {
		return &Entry{Items: prev.Items, JSON: prev.JSON, ETag: prev.ETag, Version: prev.Version, At: time.Now()}, nil
	}
	list, err := decodeList[feed.Item](ctx, resp)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(list.Items)
	if err != nil {
		return nil, err
	}
	e := &Entry{Items: list.Items, JSON: raw, At: time.Now(), ETag: resp.Header.Get("ETag")}
	e.Version = e.ETag
	if e.Version == "" {
		sum := fnv.New64a()
		sum.Write(raw)
		e.Version = strconv.FormatUint(sum.Sum64(), 36)
	}
	return e, nil
}

// live asks service name without the cache.
func (a *Aggregator) live(ctx context.Context, name, path, token string) Section {
	items, raw, err := a.call(ctx, name, path, token)
	if err != nil {
		return failed(name, nil, codeOf(err))
	}
	return Section{Service: name, Items: items, json: raw, Complete: true}
}

// call GETs a list of feed items from service name within its budget.
func (a *Aggregator) call(ctx context.Context, name, path, token string) ([]feed.Item, []byte, error) {
	// Every service answers its feed routes in the kit's list shape of feed items.
	list, err := fetch[feed.Item](ctx, a, name, path, token)
	if err != nil {
		return nil, nil, err
	}
	raw, err := json.Marshal(list.Items)
	if err != nil {
		return nil, nil, err
	}
	return list.Items, raw, nil
}

// fetch GETs a list in the contract's list shape from service name within its
// budget, passing token on as the caller's identity when set.
func fetch[T any](ctx context.Context, a *Aggregator, name, path, token string) (web.List[T], error) {
	ctx, cancel := context.WithTimeout(ctx, a.budget(name))
	defer cancel()
	req, err := a.up.NewRequest(ctx, name, http.MethodGet, path, nil, token)
	if err != nil {
		return web.List[T]{}, err
	}
	resp, err := a.up.Do(name, req)
	if err != nil {
		return web.List[T]{}, err
	}
	defer resp.Body.Close()
	return decodeList[T](ctx, resp)
}

// decodeList reads an answer in the contract's list shape.
func decodeList[T any](ctx context.Context, resp *http.Response) (web.List[T], error) {
	body := io.LimitReader(resp.Body, maxAnswerBytes)
	if resp.StatusCode != http.StatusOK {
		return web.List[T]{}, answerError(resp.StatusCode, body)
	}
	var list web.List[T]
	if err := json.NewDecoder(body).Decode(&list); err != nil {
		if ctx.Err() != nil {
			return web.List[T]{}, ctx.Err()
		}
		return web.List[T]{}, &statusError{status: resp.StatusCode, code: CodeBadResponse}
	}
	if list.Items == nil {
		list.Items = []T{}
	}
	return list, nil
}

// statusError is a service's refusal, with its code.
type statusError struct {
	status int
	code   string
}

func (e *statusError) Error() string { return fmt.Sprintf("service answered %d %s", e.status, e.code) }

func answerError(status int, body io.Reader) error {
	var b web.Body
	_ = json.NewDecoder(body).Decode(&b)
	code := string(b.Code)
	if !validCode(code) {
		code = CodeBadResponse
		if status >= 500 {
			code = CodeUnavailable
		}
	}
	return &statusError{status: status, code: code}
}

// validCode keeps only codes shaped like the contract's (A–Z and _), so a service
// cannot put arbitrary text into the portal's answer.
func validCode(c string) bool {
	if c == "" || len(c) > 40 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if (c[i] < 'A' || c[i] > 'Z') && c[i] != '_' {
			return false
		}
	}
	return true
}

func codeOf(err error) string {
	var se *statusError
	if errors.As(err, &se) {
		return se.code
	}
	switch gateway.Problem("", err).Code {
	case errs.CodeGatewayTimeout:
		return CodeTimeout
	case errs.CodeBadGateway:
		return CodeBadResponse
	}
	return CodeUnavailable
}

func fromEntry(name string, e *Entry, complete, stale bool, code string) Section {
	return Section{Service: name, Items: e.Items, json: e.JSON, Version: e.Version, Complete: complete, Stale: stale, Error: code}
}

// failed is a section whose service did not answer: its last good answer, marked
// stale, when there is one.
func failed(name string, e *Entry, code string) Section {
	if e != nil {
		return fromEntry(name, e, false, true, code)
	}
	return Section{Service: name, Items: []feed.Item{}, json: []byte("[]"), Error: code}
}
