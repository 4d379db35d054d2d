package magazine_test

import (
	"context"
	"strings"
	"testing"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/services/magazine/magazinetest"
)

var (
	writer = magazinetest.Writer
	other  = magazinetest.OtherWriter
	editor = magazinetest.Editor
	reader = magazinetest.Reader
)

// A writer drafts, submits; an editor rejects with notes; the writer revises (back to
// DRAFT) and resubmits; the editor publishes, features and archives; every move is in
// the article's audit trail.
func TestTheEditorialWorkflow(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		a := s.Draft(writer, "The Return of the Bop", "HISTORY", "Legends", "chicago")
		if a.Status != "DRAFT" || a.Version != 1 || !strings.HasPrefix(a.Slug, "the-return-of-the-bop-") ||
			strings.Join(a.Tags, ",") != "legends,chicago" || a.ReadingMinutes != 1 {
			t.Fatalf("%+v", a)
		}
		s.Must(404, "GET", "/api/articles/"+a.Slug, nil, nil)
		s.Must(404, "GET", "/api/articles/"+a.Slug, other, nil)
		if p := s.Get(writer, a.Slug); !strings.Contains(p.BodyHTML, "<h2") || p.Body == "" {
			t.Errorf("the writer's preview: %+v", p)
		}
		s.Must(403, "POST", "/api/articles", reader, magazinetest.ArticleBody("Not a writer", "NEWS"))
		s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
		if r := s.Must(403, "POST", "/api/admin/articles/"+a.ID+"/publish", writer, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("a writer published: %s", r.Body)
		}
		if r := s.Must(400, "POST", "/api/admin/articles/"+a.ID+"/reject", editor, map[string]any{"notes": " "}); r.Code() != "VALIDATION_FAILED" {
			t.Errorf("rejected without notes: %s", r.Body)
		}
		var got magazineapi.Article
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/reject", editor, map[string]any{"notes": "Name the club."}).JSON(t, &got)
		if got.Status != "REJECTED" || got.Notes != "Name the club." {
			t.Fatalf("%+v", got)
		}
		var mine struct{ Items []magazineapi.Article }
		s.Must(200, "GET", "/api/me/articles", writer, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].Notes != "Name the club." {
			t.Errorf("the writer does not see the notes: %+v", mine.Items)
		}
		s.Must(409, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
		s.Must(200, "PATCH", "/api/articles/"+a.ID, writer, map[string]any{"body": "It was at the Checkerboard Lounge.",
			"version": got.Version}).JSON(t, &got)
		if got.Status != "DRAFT" {
			t.Fatalf("revising a rejected article: %s", got.Status)
		}
		s.Must(200, "POST", "/api/articles/"+a.ID+"/submit", writer, nil)
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/publish", editor, map[string]any{}).JSON(t, &got)
		if got.Status != "PUBLISHED" || got.PublishedAt == nil {
			t.Fatalf("%+v", got)
		}
		for path, body := range map[string]any{"publish": nil, "reject": map[string]any{"notes": "x"}} {
			if r := s.Must(409, "POST", "/api/admin/articles/"+a.ID+"/"+path, editor, body); r.Code() != "INVALID_TRANSITION" {
				t.Errorf("%s a published article: %s", path, r.Body)
			}
		}
		pub := s.Get(nil, a.Slug)
		if pub.Body != "" || pub.Notes != "" || !strings.Contains(pub.BodyHTML, "Checkerboard") {
			t.Errorf("readers see the writer's side: %+v", pub)
		}
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/feature", editor, nil).JSON(t, &got)
		if !got.Featured {
			t.Error("not featured")
		}
		var list struct {
			Items      []magazineapi.Article
			Pagination struct{ Total int }
		}
		s.Must(200, "GET", "/api/articles?category=history", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 1 || list.Items[0].ID != a.ID || list.Items[0].BodyHTML != "" {
			t.Errorf("list: %+v", list)
		}
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/archive", editor, nil)
		s.Must(200, "GET", "/api/articles", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 0 {
			t.Errorf("an archived article is still listed: %+v", list)
		}
		if got := s.Get(nil, a.Slug); got.Status != "ARCHIVED" || got.Featured {
			t.Errorf("the archived article's address: %+v", got)
		}
		s.Must(409, "POST", "/api/admin/articles/"+a.ID+"/feature", editor, nil)
		trail, err := s.App().Trail(context.Background(), editor, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var moves []string
		for _, e := range trail {
			moves = append([]string{e.Actor.ID + ":" + e.Action}, moves...)
		}
		want := "u-writer:create u-writer:submit u-editor:reject u-writer:redraft u-writer:submit u-editor:publish " +
			"u-editor:feature u-editor:archive"
		if strings.Join(moves, " ") != want {
			t.Errorf("trail\n got %s\nwant %s", strings.Join(moves, " "), want)
		}
		if trail[5].Reason != "Name the club." {
			t.Errorf("the rejection's notes are not its reason: %+v", trail[5])
		}
	})
}

// Every move over HTTP from every state by every kind of caller: the desk's five
// moves for those who may take them; 403 for a writer on an editor's route (however
// the article stands) and for a stranger on another's public article; 404 for a
// stranger on another's unpublished one; 409 INVALID_TRANSITION for the rest.
func TestEveryMoveOverHTTP(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	moves := map[[2]string]bool{{"DRAFT", "submit"}: true, {"SUBMITTED", "publish"}: true, {"SUBMITTED", "reject"}: true,
		{"PUBLISHED", "archive"}: true}
	routes := map[string]string{"submit": "/api/articles/%s/submit", "publish": "/api/admin/articles/%s/publish",
		"reject": "/api/admin/articles/%s/reject", "archive": "/api/admin/articles/%s/archive"}
	editorRoute := map[string]bool{"publish": true, "reject": true, "archive": true}
	callers := map[string]*auth.User{"writer": writer, "other writer": other, "editor": editor, "reader": reader}
	for _, from := range []string{"DRAFT", "SUBMITTED", "PUBLISHED", "REJECTED", "ARCHIVED"} {
		for action, route := range routes {
			for name, u := range callers {
				a := articleIn(t, s, from)
				isAuthor, isEditor := u == writer, u == editor
				want := 200
				switch {
				case editorRoute[action] && !isEditor:
					want = 403
				case !isAuthor && !isEditor && (from == "PUBLISHED" || from == "ARCHIVED"):
					want = 403
				case !isAuthor && !isEditor:
					want = 404
				case !moves[[2]string{from, action}]:
					want = 409
				}
				var body any
				if action == "reject" {
					body = map[string]any{"notes": "Tighten the opening."}
				}
				r := s.Do("POST", strings.Replace(route, "%s", a.ID, 1), u, body)
				if r.Status != want || (want == 409 && r.Code() != "INVALID_TRANSITION") {
					t.Errorf("%s %s a %s article: %d %s, want %d", name, action, from, r.Status, r.Body, want)
				}
			}
		}
	}
}

// articleIn is a fresh article by the writer in state.
func articleIn(t *testing.T, s *magazinetest.Server, state string) magazineapi.Article {
	t.Helper()
	switch state {
	case "DRAFT":
		return s.Draft(writer, "Draft piece", "NEWS")
	case "SUBMITTED":
		return s.Submitted(writer, "Submitted piece", "NEWS")
	case "PUBLISHED":
		return s.Published(writer, "Published piece", "NEWS")
	case "REJECTED":
		a := s.Submitted(writer, "Rejected piece", "NEWS")
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/reject", editor, map[string]any{"notes": "Shorter."})
		return a
	case "ARCHIVED":
		a := s.Published(writer, "Archived piece", "NEWS")
		s.Must(200, "POST", "/api/admin/articles/"+a.ID+"/archive", editor, nil)
		return a
	}
	t.Fatalf("no state %s", state)
	return magazineapi.Article{}
}
