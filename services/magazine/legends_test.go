package magazine_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"stepperslife/internal/kit/imaging"
	"strings"
	"sync"
	"testing"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/adminq"
	"stepperslife/services/magazine/magazinetest"
)

// legend adds a legend as the editor.
func legend(t *testing.T, s *magazinetest.Server, name, kind string) magazineapi.Legend {
	t.Helper()
	var l magazineapi.Legend
	s.Must(201, "POST", "/api/admin/legends", editor, map[string]any{"name": name, "kind": kind, "era": "1970s–1990s",
		"summary": "A legend.", "bio": "Danced **every** weekend.",
		"timeline": []map[string]any{{"year": 1988, "text": "Starts a class."}, {"year": 1974, "text": "First contest."}}}).JSON(t, &l)
	return l
}

// Admins write the legends' pages; no one else does; a stale edit is refused.
func TestEditorsWriteLegends(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		body := map[string]any{"name": "Sweet Lou Carter", "kind": "DANCER"}
		s.Must(401, "POST", "/api/admin/legends", nil, body)
		s.Must(403, "POST", "/api/admin/legends", writer, body)
		s.Must(403, "POST", "/api/admin/legends", reader, body)
		if r := s.Must(400, "POST", "/api/admin/legends", editor, map[string]any{"name": "X", "kind": "SINGER",
			"timeline": []map[string]any{{"year": 1850, "text": "Too early"}}}); r.Code() != "VALIDATION_FAILED" ||
			!strings.Contains(string(r.Body), `"kind"`) || !strings.Contains(string(r.Body), `"timeline"`) || !strings.Contains(string(r.Body), `"name"`) {
			t.Errorf("%s", r.Body)
		}
		l := legend(t, s, "Sweet Lou Carter", "DANCER")
		if l.Slug != "sweet-lou-carter" || l.Version != 1 || len(l.Timeline) != 2 || l.Timeline[0].Year != 1974 {
			t.Fatalf("%+v", l)
		}
		s.Must(400, "POST", "/api/admin/legends", editor, map[string]any{"name": "Sweet Lou Carter", "kind": "DJ"})

		var got magazineapi.Legend
		s.Must(200, "PATCH", "/api/admin/legends/"+l.ID, editor, map[string]any{"era": "1970s–2000s", "version": 1}).JSON(t, &got)
		if got.Era != "1970s–2000s" || got.Version != 2 {
			t.Errorf("%+v", got)
		}
		if r := s.Must(409, "PATCH", "/api/admin/legends/"+l.ID, editor, map[string]any{"era": "stale", "version": 1}); r.Code() != "CONFLICT" {
			t.Errorf("%s", r.Body)
		}
		s.Must(403, "PATCH", "/api/admin/legends/"+l.ID, writer, map[string]any{"era": "x"})
		s.Must(200, "PUT", "/api/admin/legends/"+l.ID+"/portrait?alt=Lou+on+the+floor", editor, pngOf(t, 300, 400),
			"Content-Type", "image/png").JSON(t, &got)
		if got.PortraitURL == "" || got.PortraitAlt != "Lou on the floor" {
			t.Fatalf("%+v", got)
		}
		if img := s.Must(200, "GET", strings.TrimPrefix(got.PortraitURL, s.URL), nil, nil); img.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("portrait %v", img.Header)
		}

		var pub magazineapi.Legend
		s.Must(200, "GET", "/api/legends/sweet-lou-carter", nil, nil).JSON(t, &pub)
		if !strings.Contains(pub.BioHTML, "<strong>every</strong>") || pub.Bio != "" || len(pub.Memories) != 0 {
			t.Errorf("%+v", pub)
		}
		var list struct {
			Items      []magazineapi.Legend
			Pagination struct{ Total int }
		}
		s.Must(200, "GET", "/api/legends?kind=dancer", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 1 || list.Items[0].Name != "Sweet Lou Carter" {
			t.Errorf("%+v", list)
		}
		s.Must(200, "GET", "/api/legends?kind=DJ", nil, nil).JSON(t, &list)
		if list.Pagination.Total != 0 {
			t.Errorf("%+v", list)
		}
		s.Must(400, "GET", "/api/legends?kind=singer", nil, nil)
		s.Must(404, "GET", "/api/legends/no-such-legend", nil, nil)
	})
}

// A reader's memory, photo and all, waits for an editor; no one else sees it until
// one approves it; it is on the admins' desk meanwhile; each decision is in its
// history; an approved memory can be taken down again.
func TestMemoriesWaitForAnEditor(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		l := legend(t, s, "DJ Ronnie Mack", "DJ")
		path := "/api/legends/" + l.Slug + "/memories"
		body := map[string]any{"body": "He played the same last record every Saturday.<script>alert(1)</script> " +
			"<img src=x onerror=alert(1)> [me](javascript:alert(1))", "year": 1986}
		s.Must(401, "POST", path, nil, body)
		if r := s.Must(400, "POST", path, reader, map[string]any{"body": "Short.", "year": 3000}); !strings.Contains(string(r.Body), `"year"`) ||
			!strings.Contains(string(r.Body), `"body"`) {
			t.Errorf("%s", r.Body)
		}
		s.Must(404, "POST", "/api/legends/no-such-legend/memories", reader, body)
		var m magazineapi.Memory
		s.Must(201, "POST", path, reader, body).JSON(t, &m)
		if m.Status != "PENDING" || m.AuthorName != reader.Name || m.Year != 1986 || m.Body == "" {
			t.Fatalf("%+v", m)
		}
		for _, bad := range []string{"<script", "onerror", "javascript:"} {
			if strings.Contains(strings.ToLower(m.BodyHTML), bad) {
				t.Errorf("%s in %s", bad, m.BodyHTML)
			}
		}
		s.Must(200, "PUT", "/api/memories/"+m.ID+"/photo?alt=The+decks", reader, pngOf(t, 900, 600), "Content-Type", "image/png").JSON(t, &m)
		s.Must(404, "PUT", "/api/memories/"+m.ID+"/photo", other, pngOf(t, 20, 20), "Content-Type", "image/png")
		photo := strings.TrimPrefix(m.PhotoURL, s.URL)
		if !strings.HasPrefix(photo, "/media/memories/"+m.ID+"/") || m.PhotoAlt != "The decks" {
			t.Fatalf("%+v", m)
		}

		// Waiting: the writer and editors see it, no one else.
		s.Must(404, "GET", "/api/memories/"+m.ID, nil, nil)
		s.Must(404, "GET", "/api/memories/"+m.ID, other, nil)
		s.Must(200, "GET", "/api/memories/"+m.ID, reader, nil)
		s.Must(404, "GET", photo, nil, nil)
		s.Must(404, "GET", photo, other, nil)
		// Its narrower copy (the page's srcset offers it) is guarded alike.
		small := imaging.SizedKey(photo, 320)
		s.Must(404, "GET", small, nil, nil)
		s.Must(404, "GET", small, other, nil)
		s.Must(200, "GET", small, reader, nil)
		if r := s.Must(200, "GET", photo, reader, nil); r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("a waiting photo may be cached: %v", r.Header)
		}
		var pub magazineapi.Legend
		s.Must(200, "GET", "/api/legends/"+l.Slug, nil, nil).JSON(t, &pub)
		if len(pub.Memories) != 0 {
			t.Fatalf("a waiting memory is public: %+v", pub.Memories)
		}
		if page := s.Must(200, "GET", "/legends/"+l.Slug, nil, nil); strings.Contains(string(page.Body), "same last record") {
			t.Fatal("a waiting memory is on the page")
		}
		var mine struct{ Items []magazineapi.Memory }
		s.Must(200, "GET", "/api/me/memories", reader, nil).JSON(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].Status != "PENDING" || mine.Items[0].LegendName != "DJ Ronnie Mack" {
			t.Errorf("%+v", mine)
		}

		// On the admins' desk and the service's own list.
		var queue struct {
			Items      []adminq.Item
			Pagination struct{ Total int }
		}
		s.Must(403, "GET", adminq.Path, reader, nil)
		s.Must(200, "GET", adminq.Path, editor, nil).JSON(t, &queue)
		if queue.Pagination.Total != 1 || queue.Items[0].Kind != "memory_pending" || queue.Items[0].ID != m.ID ||
			queue.Items[0].URL != s.URL+"/admin/memories/"+m.ID || !strings.Contains(queue.Items[0].Title, "DJ Ronnie Mack") {
			t.Fatalf("%+v", queue)
		}
		var pending struct{ Items []magazineapi.Memory }
		s.Must(403, "GET", "/api/admin/memories", reader, nil)
		s.Must(200, "GET", "/api/admin/memories", editor, nil).JSON(t, &pending)
		if len(pending.Items) != 1 || pending.Items[0].ID != m.ID {
			t.Errorf("%+v", pending)
		}

		// Approved: on the page, in the timeline by its year.
		s.Must(403, "POST", "/api/admin/memories/"+m.ID+"/approve", reader, nil)
		s.Must(200, "POST", "/api/admin/memories/"+m.ID+"/approve", editor, nil).JSON(t, &m)
		if m.Status != "APPROVED" || m.DecidedAt == nil {
			t.Fatalf("%+v", m)
		}
		if r := s.Must(409, "POST", "/api/admin/memories/"+m.ID+"/approve", editor, nil); r.Code() != "INVALID_TRANSITION" {
			t.Errorf("%s", r.Body)
		}
		if r := s.Must(409, "PUT", "/api/memories/"+m.ID+"/photo", reader, pngOf(t, 20, 20), "Content-Type", "image/png"); r.Code() != "INVALID_TRANSITION" {
			t.Errorf("an approved photo changed: %s", r.Body)
		}
		s.Must(200, "GET", "/api/legends/"+l.Slug, nil, nil).JSON(t, &pub)
		if len(pub.Memories) != 1 || pub.Memories[0].Body != "" || pub.Memories[0].PhotoURL == "" {
			t.Fatalf("%+v", pub.Memories)
		}
		if img := s.Must(200, "GET", photo, nil, nil); img.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("%v", img.Header)
		}
		shown := string(s.Must(200, "GET", "/legends/"+l.Slug, nil, nil).Body)
		for _, want := range []string{"same last record", `class="timeline"`, "1974", "First contest.", "1986", "DJ Ronnie Mack"} {
			if !strings.Contains(shown, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Index(shown, "First contest.") > strings.Index(shown, "same last record") ||
			strings.Index(shown, "same last record") > strings.Index(shown, "Starts a class.") {
			t.Error("the timeline is not in the order of the years")
		}
		s.Must(200, "GET", adminq.Path, editor, nil).JSON(t, &queue)
		if queue.Pagination.Total != 0 {
			t.Errorf("still waiting: %+v", queue)
		}

		// Taken down: gone again, with the reason for its writer.
		s.Must(200, "POST", "/api/admin/memories/"+m.ID+"/decline", editor, map[string]any{"reason": "A name is wrong."}).JSON(t, &m)
		if m.Status != "DECLINED" || m.Reason != "A name is wrong." {
			t.Fatalf("%+v", m)
		}
		s.Must(404, "GET", photo, nil, nil)
		s.Must(200, "GET", "/api/me/memories", reader, nil).JSON(t, &mine)
		if mine.Items[0].Status != "DECLINED" || mine.Items[0].Reason != "A name is wrong." {
			t.Errorf("%+v", mine)
		}
		s.Must(409, "POST", "/api/admin/memories/"+m.ID+"/decline", editor, nil)

		// The editor's page of the memory tells its history, who and when.
		status, hist := page(t, s.Browser(editor), s.URL+"/admin/memories/"+m.ID)
		if status != 200 {
			t.Fatalf("%d", status)
		}
		for _, want := range []string{"shared the memory", "approved the memory", "took the memory down", "A name is wrong.", editor.Email} {
			if !strings.Contains(hist, want) {
				t.Errorf("the history lacks %q", want)
			}
		}
	})
}

// Two editors deciding on one memory at once: one decision lands, the other is told.
func TestTwoEditorsDecideAMemoryOnce(t *testing.T) {
	magazinetest.EachDB(t, func(t *testing.T, dbURL string) {
		s := magazinetest.Start(t, magazinetest.Options{DatabaseURL: dbURL})
		l := legend(t, s, "The Blue Flame Lounge", "CLUB")
		for round := range 5 {
			var m magazineapi.Memory
			s.Must(201, "POST", "/api/legends/"+l.Slug+"/memories", reader,
				map[string]any{"body": "The last night everyone wore white, round " + string(rune('a'+round)) + "."}).JSON(t, &m)
			var wg sync.WaitGroup
			codes := make([]int, 2)
			for i, action := range []string{"approve", "decline"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := s.Try("POST", "/api/admin/memories/"+m.ID+"/"+action, editor, nil)
					if err != nil {
						t.Error(err)
						return
					}
					codes[i] = r.Status
				}()
			}
			wg.Wait()
			ok := 0
			for _, c := range codes {
				if c == 200 {
					ok++
				} else if c != 409 {
					t.Errorf("status %d", c)
				}
			}
			// Approve then decline is a take-down, a move of its own: both may land in
			// that order, never decline then approve.
			var got magazineapi.Memory
			s.Must(200, "GET", "/api/memories/"+m.ID, editor, nil).JSON(t, &got)
			if ok == 0 || (ok == 2 && got.Status != "DECLINED") {
				t.Errorf("round %d: %v → %s", round, codes, got.Status)
			}
		}
	})
}

// A signed-in reader shares a memory with a photo through the legend's page; a
// reader signed out is offered to sign in instead of the form.
func TestShareAMemoryFromThePage(t *testing.T) {
	s := magazinetest.Start(t, magazinetest.Options{})
	l := legend(t, s, "Sweet Lou Carter", "DANCER")
	_, anon := page(t, s.Browser(nil), s.URL+"/legends/"+l.Slug)
	if strings.Contains(anon, `id="memory-form"`) || !strings.Contains(anon, "Sign in to share a memory") {
		t.Errorf("signed out: %s", anon)
	}
	status, body, final := postMultipart(t, s.Browser(reader), s.URL+"/legends/"+l.Slug+"/memories",
		url.Values{"body": {"He danced with my grandmother on her eightieth birthday."}, "year": {"1995"}, "photoAlt": {"Grandma and Lou"}},
		pngOf(t, 120, 90))
	if status != 200 || !strings.Contains(body, "your memory is with the editors") || !strings.Contains(final, "/legends/"+l.Slug) {
		t.Fatalf("%d %s %s", status, final, body)
	}
	var mine struct{ Items []magazineapi.Memory }
	s.Must(200, "GET", "/api/me/memories", reader, nil).JSON(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].Year != 1995 || mine.Items[0].PhotoURL == "" || mine.Items[0].PhotoAlt != "Grandma and Lou" {
		t.Fatalf("%+v", mine)
	}
	status, body, _ = postMultipart(t, s.Browser(reader), s.URL+"/legends/"+l.Slug+"/memories",
		url.Values{"body": {"Too short."}, "year": {"nineteen"}}, nil)
	if status != 200 || !strings.Contains(body, "Year") {
		t.Errorf("%d %s", status, body)
	}
}

// postMultipart posts a page's form with an image field (none when image is nil) and
// reads where the redirect led.
func postMultipart(t *testing.T, c *http.Client, rawURL string, form url.Values, image []byte) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if image != nil {
		fw, err := mw.CreateFormFile("image", "photo.png")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(image)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	res, err := c.Post(rawURL, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL.String()
}
