package web

import (
	"net/http"
	"strconv"

	"stepperslife/internal/kit/errs"
)

// Page is a window of a list: ?limit= (default 20, at most 100) and ?offset=.
type Page struct {
	Limit  int
	Offset int
}

// Default and maximum page sizes of the contract.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// MaxOffset is far past any real list and keeps offset+limit arithmetic (a merged
	// queue reads offset+limit rows of each source) from overflowing.
	MaxOffset = 1_000_000_000
)

// ParsePage reads limit and offset from the query, refusing nonsense.
func ParsePage(r *http.Request) (Page, error) {
	p := Page{Limit: DefaultLimit}
	q := r.URL.Query()
	bad := map[string]string{}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad["limit"] = "must be a whole number from 1 to 100"
		} else {
			p.Limit = min(n, MaxLimit)
		}
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxOffset {
			bad["offset"] = "must be a whole number from 0 to 1000000000"
		} else {
			p.Offset = n
		}
	}
	if len(bad) > 0 {
		return p, errs.Invalid(bad)
	}
	return p, nil
}

// Pagination is the list metadata of the contract.
type Pagination struct {
	Total   int  `json:"total"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"hasMore"`
}

// List is the contract's list shape.
type List[T any] struct {
	Items      []T        `json:"items"`
	Pagination Pagination `json:"pagination"`
}

// NewList wraps one page of items out of total.
func NewList[T any](items []T, total int, p Page) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Pagination: Pagination{
		Total: total, Limit: p.Limit, Offset: p.Offset, HasMore: p.Offset+len(items) < total,
	}}
}
