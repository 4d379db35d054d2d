package adminq

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

// waiting is a queue of n items, newest first, that pages like a real store.
type waiting int

func (n waiting) Waiting(_ context.Context, u *auth.User, limit, offset int) ([]Item, int, error) {
	if !u.Has(auth.RoleAdmin) {
		return nil, 0, errors.New("the route let a non-admin through")
	}
	var out []Item
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("CST", -6*3600))
	for i := offset; i < int(n) && len(out) < limit; i++ {
		out = append(out, Item{Kind: "thing_application", ID: strconv.Itoa(i), Title: "Thing " + strconv.Itoa(i),
			CreatedAt: start.Add(-time.Duration(i) * time.Hour), URL: "http://svc/admin/things/" + strconv.Itoa(i)})
	}
	return out, int(n), nil
}

var (
	admin  = &auth.User{ID: "a", Roles: []string{auth.RoleUser, auth.RoleAdmin}}
	dancer = &auth.User{ID: "d", Roles: []string{auth.RoleUser}}
)

func serve(p Provider, u *auth.User, query string) *httptest.ResponseRecorder {
	mux := http.NewServeMux()
	Mount(mux, p)
	req := httptest.NewRequest("GET", Path+query, nil)
	if u != nil {
		req = req.WithContext(auth.WithUser(req.Context(), u))
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

func TestQueueIsForAdminsOnly(t *testing.T) {
	for _, c := range []struct {
		u    *auth.User
		want int
		code string
	}{{nil, 401, "UNAUTHENTICATED"}, {dancer, 403, "FORBIDDEN"}, {admin, 200, ""}} {
		rec := serve(waiting(3), c.u, "")
		if rec.Code != c.want {
			t.Fatalf("%v: %d %s, want %d", c.u, rec.Code, rec.Body, c.want)
		}
		if c.code != "" {
			var b web.Body
			if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil || string(b.Code) != c.code {
				t.Errorf("%v: body %s, want code %s", c.u, rec.Body, c.code)
			}
		}
	}
}

func TestQueueIsAListOfTheContract(t *testing.T) {
	for _, c := range []struct {
		query         string
		n, first, tot int
		limit, offset int
		hasMore       bool
	}{
		{"", 5, 0, 5, 20, 0, false},
		{"?limit=2", 2, 0, 5, 2, 0, true},
		{"?limit=2&offset=3", 2, 3, 5, 2, 3, false},
		{"?offset=9", 0, 0, 5, 20, 9, false},
	} {
		rec := serve(waiting(5), admin, c.query)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", c.query, rec.Code, rec.Body)
		}
		if rec.Header().Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s: Cache-Control %q", c.query, rec.Header().Get("Cache-Control"))
		}
		var l web.List[map[string]any]
		if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		p := l.Pagination
		if len(l.Items) != c.n || p.Total != c.tot || p.Limit != c.limit || p.Offset != c.offset || p.HasMore != c.hasMore {
			t.Errorf("%s: %d items, %+v", c.query, len(l.Items), p)
		}
		if c.n == 0 {
			continue
		}
		it := l.Items[0]
		for _, k := range []string{"kind", "id", "title", "createdAt", "url"} {
			if _, ok := it[k]; !ok {
				t.Errorf("%s: item without %q: %v", c.query, k, it)
			}
		}
		if it["id"] != strconv.Itoa(c.first) {
			t.Errorf("%s: first item %v, want %d", c.query, it["id"], c.first)
		}
		at, err := time.Parse(time.RFC3339, it["createdAt"].(string))
		if err != nil || at.Location() != time.UTC {
			t.Errorf("%s: createdAt %v is not RFC 3339 in UTC", c.query, it["createdAt"])
		}
	}
	if rec := serve(waiting(5), admin, "?limit=0"); rec.Code != 400 {
		t.Errorf("limit=0: %d", rec.Code)
	}
}

func TestNoneIsAnEmptyList(t *testing.T) {
	rec := serve(None{}, admin, "")
	if rec.Code != 200 || rec.Body.String() != `{"items":[],"pagination":{"total":0,"limit":20,"offset":0,"hasMore":false}}`+"\n" {
		t.Fatalf("%d %q", rec.Code, rec.Body)
	}
}
