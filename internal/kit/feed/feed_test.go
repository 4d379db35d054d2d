package feed

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/web"
)

// numbered offers n items, newest first, honouring the limit like a real provider.
type numbered int

func (n numbered) items(limit int) []Item {
	var out []Item
	for i := range min(int(n), limit) {
		out = append(out, Item{ID: strconv.Itoa(i), Kind: "thing", Title: "Thing " + strconv.Itoa(i)})
	}
	return out
}

func (n numbered) Feed(_ context.Context, limit int) ([]Item, error) { return n.items(limit), nil }
func (n numbered) Search(_ context.Context, _ string, limit int) ([]Item, error) {
	return n.items(limit), nil
}
func (n numbered) Activity(_ context.Context, _ *auth.User, limit int) ([]Item, error) {
	return n.items(limit), nil
}

// The feed routes are lists of the contract: ?offset= moves the window and the
// pagination says where it is and whether more follow.
func TestFeedPages(t *testing.T) {
	mux := http.NewServeMux()
	Mount(mux, numbered(5), nil)
	cases := []struct {
		query       string
		first, n    int
		offset      int
		wantHasMore bool
	}{
		{"", 0, 5, 0, false},
		{"?limit=2", 0, 2, 0, true},
		{"?limit=2&offset=2", 2, 2, 2, true},
		{"?limit=2&offset=3", 3, 2, 3, false},
		{"?limit=3&offset=4", 4, 1, 4, false},
		{"?offset=9", 0, 0, 9, false},
	}
	for _, path := range []string{"/api/feed", "/api/search"} {
		for _, c := range cases {
			q := c.query
			if path == "/api/search" {
				q = "?q=thing&" + q[min(1, len(q)):]
			}
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest("GET", path+q, nil))
			var l web.List[Item]
			if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil || rec.Code != 200 {
				t.Fatalf("%s%s: %d %s", path, q, rec.Code, rec.Body)
			}
			if len(l.Items) != c.n || l.Pagination.Offset != c.offset || l.Pagination.HasMore != c.wantHasMore {
				t.Errorf("%s%s: %d items, pagination %+v; want %d items at offset %d, hasMore %v",
					path, q, len(l.Items), l.Pagination, c.n, c.offset, c.wantHasMore)
			}
			if c.n > 0 && l.Items[0].ID != strconv.Itoa(c.first) {
				t.Errorf("%s%s: first item %s, want %d", path, q, l.Items[0].ID, c.first)
			}
		}
	}
}
