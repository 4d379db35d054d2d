package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
)

type order struct {
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

func decode(contentType, body string) (order, error) {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	var o order
	err := web.DecodeJSON(req, &o)
	return o, err
}

func TestDecodeJSON(t *testing.T) {
	o, err := decode("application/json; charset=utf-8", `{"name":"Gala","quantity":2}`)
	if err != nil || o != (order{"Gala", 2}) {
		t.Fatalf("%+v %v", o, err)
	}
	if _, err := decode("", `{"name":"no content type is fine"}`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, ct, body string
		code           errs.Code
		mention        string
	}{
		{"unknown field", "application/json", `{"name":"x","price":1}`, errs.CodeValidation, "price"},
		{"bad JSON", "application/json", `{"name":`, errs.CodeValidation, "not valid JSON"},
		{"syntax error", "application/json", `{"name" "x"}`, errs.CodeValidation, "not valid JSON"},
		{"empty body", "application/json", ``, errs.CodeValidation, "empty"},
		{"two values", "application/json", `{"name":"a"}{"name":"b"}`, errs.CodeValidation, "single"},
		{"wrong type", "application/json", `{"quantity":"two"}`, errs.CodeValidation, "quantity"},
		{"form post", "application/x-www-form-urlencoded", `name=x`, errs.CodeUnsupportedMedia, "application/json"},
		{"text", "text/plain", `{"name":"x"}`, errs.CodeUnsupportedMedia, "application/json"},
		{"junk content type", ";;;", `{}`, errs.CodeUnsupportedMedia, "application/json"},
		{"too big", "application/json", `{"name":"` + strings.Repeat("x", web.MaxJSONBytes) + `"}`, errs.CodePayloadTooLarge, "at most"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decode(c.ct, c.body)
			e, ok := err.(*errs.Error)
			if !ok {
				t.Fatalf("err = %#v, want *errs.Error", err)
			}
			if text := fmt.Sprint(e, e.Details); e.Code != c.code || !strings.Contains(text, c.mention) {
				t.Fatalf("err = %v, want %s mentioning %q", e, c.code, c.mention)
			}
		})
	}
}

func TestParsePage(t *testing.T) {
	for _, c := range []struct {
		query         string
		limit, offset int
		bad           bool
	}{
		{"", 20, 0, false},
		{"limit=5&offset=10", 5, 10, false},
		{"limit=100", 100, 0, false},
		{"limit=101", 100, 0, false}, // clamped, not refused
		{"limit=100000", 100, 0, false},
		{"limit=1", 1, 0, false},
		{"limit=0", 0, 0, true},
		{"limit=-3", 0, 0, true},
		{"limit=ten", 0, 0, true},
		{"offset=-1", 0, 0, true},
		{"offset=1.5", 0, 0, true},
		{"offset=1000000001", 0, 0, true},
		{"offset=9223372036854775807", 0, 0, true},
		{"limit=99999999999999999999", 0, 0, true},
	} {
		p, err := web.ParsePage(httptest.NewRequest(http.MethodGet, "/?"+c.query, nil))
		if c.bad {
			if e, ok := err.(*errs.Error); !ok || e.Code != errs.CodeValidation {
				t.Errorf("%q: err = %v, want VALIDATION_FAILED", c.query, err)
			}
			continue
		}
		if err != nil || p.Limit != c.limit || p.Offset != c.offset {
			t.Errorf("%q: %+v %v", c.query, p, err)
		}
	}
}

func TestNewList(t *testing.T) {
	l := web.NewList([]string(nil), 0, web.Page{Limit: 20})
	if l.Items == nil || l.Pagination.HasMore {
		t.Fatalf("empty list = %+v", l)
	}
	l = web.NewList([]string{"a", "b"}, 5, web.Page{Limit: 2, Offset: 2})
	if !l.Pagination.HasMore || l.Pagination.Total != 5 || l.Pagination.Offset != 2 {
		t.Fatalf("middle page = %+v", l.Pagination)
	}
	l = web.NewList([]string{"e"}, 5, web.Page{Limit: 2, Offset: 4})
	if l.Pagination.HasMore {
		t.Fatalf("last page = %+v", l.Pagination)
	}
	rec := httptest.NewRecorder()
	web.WriteJSON(rec, 200, web.NewList([]int{}, 0, web.Page{Limit: 20}))
	if got := strings.TrimSpace(rec.Body.String()); got != `{"items":[],"pagination":{"total":0,"limit":20,"offset":0,"hasMore":false}}` {
		t.Fatalf("json = %s", got)
	}
	// Browsers must not guess another type for an answer that echoes user text.
	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Fatalf("X-Content-Type-Options = %q", got)
	}
}
