package tour

import (
	"net/http"
	"testing"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/browsertest"
	"stepperslife/services/magazine/magazinetest"
)

// magazineWorld is the magazine with its demo (articles, legends and their memories),
// a writer's draft, an article with the editors, and a memory waiting for an editor.
type magazineWorld struct {
	s                *magazinetest.Server
	featured         magazineapi.Article
	draft, submitted magazineapi.Article
	legend           magazineapi.Legend
	memory           magazineapi.Memory
}

func newMagazineWorld(t *testing.T, o magazinetest.Options) *magazineWorld {
	t.Helper()
	o.Demo = true
	s := magazinetest.Start(t, o)
	w := &magazineWorld{s: s}
	var list struct{ Items []magazineapi.Article }
	s.Must(http.StatusOK, "GET", "/api/articles?limit=1", nil, nil).JSON(t, &list)
	w.featured = list.Items[0]
	w.draft = s.Draft(magazinetest.Writer, "Tour Draft on the Floor", "COMMUNITY", "tour")
	w.submitted = s.Submitted(magazinetest.Writer, "Tour Story With the Editors", "NEWS")
	s.Must(http.StatusOK, "GET", "/api/legends/sweet-lou-carter", nil, nil).JSON(t, &w.legend)
	s.Must(http.StatusCreated, "POST", "/api/legends/sweet-lou-carter/memories", magazinetest.Reader,
		map[string]any{"body": "Lou danced with every newcomer at least once a night.", "year": 1990}).JSON(t, &w.memory)
	return w
}

// stops are the magazine's pages: reading and the legends as anyone sees them, the
// writer's desk, the editors' desk with its legends and memories, and a reader
// where only writers and editors go.
func (w *magazineWorld) stops(anyone, writer, editor, reader browsertest.Person) []browsertest.Stop {
	m := w.s.URL
	return []browsertest.Stop{
		{Who: anyone, URL: m + "/", Name: "magazine home"},
		{Who: anyone, URL: m + "/?q=no+such+story", Name: "magazine search, nothing found"},
		{Who: anyone, URL: m + "/articles/" + w.featured.Slug, Name: "magazine article"},
		{Who: anyone, URL: m + "/articles/no-such-story", Status: 404, Name: "magazine missing article"},
		{Who: anyone, URL: m + "/category/history", Name: "magazine section"},
		{Who: anyone, URL: m + "/tags/chicago", Name: "magazine tag"},
		{Who: anyone, URL: m + "/writers/" + w.featured.AuthorID, Name: "magazine writer"},
		{Who: anyone, URL: m + "/legends", Name: "magazine legends"},
		{Who: anyone, URL: m + "/legends/" + w.legend.Slug, Name: "magazine legend, signed out"},
		{Who: anyone, URL: m + "/legends/no-such-legend", Status: 404, Name: "magazine missing legend"},
		{Who: reader, URL: m + "/legends/" + w.legend.Slug, Name: "magazine legend with the memory form"},
		{Who: reader, URL: m + "/dashboard", Status: 403, Name: "magazine dashboard without the role"},
		{Who: reader, URL: m + "/admin/memories", Status: 403, Name: "magazine memories without the role"},
		{Who: writer, URL: m + "/dashboard", Name: "magazine writer dashboard"},
		{Who: writer, URL: m + "/dashboard/articles/" + w.draft.ID, Name: "magazine edit a draft"},
		{Who: writer, URL: m + "/articles/" + w.draft.Slug, Name: "magazine preview a draft"},
		{Who: editor, URL: m + "/admin", Name: "magazine editors' desk"},
		{Who: editor, URL: m + "/admin/articles/" + w.submitted.ID, Name: "magazine review a submission"},
		{Who: editor, URL: m + "/admin/legends", Name: "magazine admin legends"},
		{Who: editor, URL: m + "/admin/legends/" + w.legend.ID, Name: "magazine admin legend"},
		{Who: editor, URL: m + "/admin/memories", Name: "magazine memories waiting"},
		{Who: editor, URL: m + "/admin/memories/" + w.memory.ID, Name: "magazine review a memory"},
	}
}
