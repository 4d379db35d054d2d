package httpapi

import (
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/ui"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

// mountLegendPages registers the legends' pages for readers and editors.
func (h *Handler) mountLegendPages(mux *http.ServeMux) {
	mux.HandleFunc("GET /legends", h.legendsPage)
	mux.HandleFunc("GET /legends/{slug}", h.legendPage)
	mux.HandleFunc("POST /legends/{slug}/memories", auth.RequirePage(h.memoryForm))

	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequirePageRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /admin/legends", admin(h.adminLegendsPage))
	mux.HandleFunc("POST /admin/legends", admin(h.createLegendForm))
	mux.HandleFunc("GET /admin/legends/{id}", admin(h.adminLegendPage))
	mux.HandleFunc("POST /admin/legends/{id}", admin(h.saveLegendForm))
	mux.HandleFunc("POST /admin/legends/{id}/portrait", admin(h.portraitForm))
	mux.HandleFunc("GET /admin/memories", admin(h.adminMemoriesPage))
	mux.HandleFunc("GET /admin/memories/{id}", admin(h.adminMemoryPage))
	mux.HandleFunc("POST /admin/memories/{id}/{action}", admin(h.memoryDecisionForm))
}

type legendCard struct {
	domain.Legend
	PortraitURL string
}

type legendsData struct {
	Kinds []legendGroup
}

type legendGroup struct {
	Kind    string
	Legends []legendCard
}

// legendsPage lists the legends by kind: dancers, DJs, clubs.
func (h *Handler) legendsPage(w http.ResponseWriter, r *http.Request) {
	err := h.shared().Shared(h.cache, w, r, nil, 0, "legends.html", func(r *http.Request) (ui.View, error) {
		ls, _, err := h.app.Legends(r.Context(), "", app.MaxList, 0)
		if err != nil {
			return ui.View{}, err
		}
		d := legendsData{}
		for _, k := range domain.LegendKinds {
			g := legendGroup{Kind: k}
			for _, l := range ls {
				if l.Kind == k {
					g.Legends = append(g.Legends, legendCard{Legend: l, PortraitURL: h.app.ImageURL(l.PortraitKey)})
				}
			}
			if len(g.Legends) > 0 {
				d.Kinds = append(d.Kinds, g)
			}
		}
		return ui.View{Title: "Legends & memories",
			Description: "The dancers, DJs and clubs of Chicago Steppin, remembered by the people who danced with them.",
			Canonical:   h.app.PublicURL() + "/legends", Data: d}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

type memoryShown struct {
	app.MemoryView
	Body     template.HTML
	PhotoURL string
}

type timelineShown struct {
	Year   int
	Text   string
	Memory *memoryShown
}

type legendData struct {
	Legend      app.LegendView
	Bio         template.HTML
	PortraitURL string
	Timeline    []timelineShown
	Memories    []memoryShown // those that name no year
	Count       int
	Error       string
	IsEditor    bool
	ThisYear    int
}

func (h *Handler) shownMemory(m app.MemoryView) memoryShown {
	return memoryShown{MemoryView: m, Body: template.HTML(m.BodyHTML), PhotoURL: h.app.ImageURL(m.PhotoKey)} // sanitized by domain.RenderText
}

// legendPage is a legend's story, the timeline of its milestones and the memories
// with a year, the other memories, and the form to share one.
func (h *Handler) legendPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", framePolicy)
	// This year bounds the memory form's year: the page stands for a window.
	err := h.shared().Shared(h.cache, w, r, nil, feed.Window, "legend.html", func(r *http.Request) (ui.View, error) {
		return h.legendView(r)
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// legendView is what a legend's page shows to the visitor r names.
func (h *Handler) legendView(r *http.Request) (ui.View, error) {
	v, err := h.app.Legend(r.Context(), r.PathValue("slug"))
	if err != nil {
		return ui.View{}, err
	}
	u := caller(r)
	d := legendData{Legend: v, Bio: template.HTML(v.BioHTML), PortraitURL: h.app.ImageURL(v.PortraitKey), // sanitized by domain.RenderBody
		Count: len(v.Memories), Error: r.URL.Query().Get("err"), IsEditor: u != nil && u.Has(auth.RoleAdmin),
		ThisYear: h.app.Now().Year()}
	byID := map[string]*memoryShown{}
	for _, m := range v.Memories {
		s := h.shownMemory(m)
		if m.Year == 0 {
			d.Memories = append(d.Memories, s)
		} else {
			byID[m.ID] = &s
		}
	}
	for _, e := range v.Timeline {
		t := timelineShown{Year: e.Year, Text: e.Text}
		if e.Memory != nil {
			t.Memory = byID[e.Memory.ID]
		}
		d.Timeline = append(d.Timeline, t)
	}
	desc := v.Summary
	if desc == "" {
		desc = domain.PlainText(v.Bio, 200)
	}
	return ui.View{Title: v.Name, Description: desc, ImageURL: d.PortraitURL,
		Canonical: h.app.LegendURL(v.Slug), Data: d}, nil
}

// memoryForm keeps a reader's memory, with its photo, for an editor to read.
func (h *Handler) memoryForm(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	path := "/legends/" + url.PathEscape(slug)
	in := app.MemoryInput{}
	photo, err := optionalImage(r)
	if err != nil {
		back(w, r, path, err, "")
		return
	}
	in.Photo, in.Body, in.PhotoAlt = photo, r.FormValue("body"), r.FormValue("photoAlt")
	if y := strings.TrimSpace(r.FormValue("year")); y != "" {
		if in.Year, err = strconv.Atoi(y); err != nil {
			back(w, r, path, errs.Invalid(map[string]string{"year": "Give a year like 1985, or none."}), "")
			return
		}
	}
	if _, err := h.app.AddMemory(r.Context(), caller(r), slug, in); err != nil {
		back(w, r, path, err, "")
		return
	}
	back(w, r, path, nil, "Thank you: your memory is with the editors. It appears here once one has read it.")
}

// optionalImage reads the image field of a form, nil when none was chosen.
func optionalImage(r *http.Request) ([]byte, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseForm(); err != nil {
			return nil, errs.Invalid(map[string]string{"form": "could not be read"})
		}
		return nil, nil
	}
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil {
		return nil, errs.Invalid(map[string]string{"form": "could not be read"})
	}
	f, _, err := r.FormFile("image")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	} else if err != nil {
		return nil, errs.Invalid(map[string]string{"image": "could not be read"})
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, imaging.MaxUploadBytes+1))
}

type adminLegendsData struct {
	Legends []legendCard
	Pending int
	Error   string
	Kinds   []string
}

// adminLegendsPage lists the legends to edit, a form for a new one, and how many
// memories wait.
func (h *Handler) adminLegendsPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	ls, _, err := h.app.Legends(r.Context(), "", app.MaxList, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	_, pending, err := h.app.PendingMemories(r.Context(), u, 1, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := adminLegendsData{Pending: pending, Error: r.URL.Query().Get("err"), Kinds: domain.LegendKinds}
	for _, l := range ls {
		d.Legends = append(d.Legends, legendCard{Legend: l, PortraitURL: h.app.ImageURL(l.PortraitKey)})
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_legends.html", ui.View{Title: "Legends", Data: d})
}

// legendFormPatch reads a legend's form; the timeline is one moment a line, its year
// first ("1979 — Opened on 79th Street").
func legendFormPatch(r *http.Request) (domain.LegendPatch, error) {
	field := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		return &v
	}
	p := domain.LegendPatch{Name: field("name"), Slug: field("slug"), Kind: field("kind"), Era: field("era"),
		Summary: field("summary"), Bio: field("bio"), PortraitAlt: field("portraitAlt")}
	if t := field("timeline"); t != nil {
		ms, err := parseTimeline(*t)
		if err != nil {
			return p, err
		}
		p.Timeline = &ms
	}
	return p, nil
}

func parseTimeline(text string) ([]domain.Milestone, error) {
	var out []domain.Milestone
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		digits := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsDigit(r) })
		if digits < 0 {
			digits = len(line)
		}
		year, err := strconv.Atoi(line[:digits])
		if err != nil || digits != 4 {
			return nil, errs.Invalid(map[string]string{"timeline": "Start each line with its year, like “1979 — Opened on 79th Street”."})
		}
		out = append(out, domain.Milestone{Year: year, Text: strings.TrimLeft(line[digits:], " \t-–—:.,")})
	}
	return out, nil
}

func timelineText(ms []domain.Milestone) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(strconv.Itoa(m.Year) + " — " + m.Text + "\n")
	}
	return b.String()
}

func (h *Handler) createLegendForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		back(w, r, "/admin/legends", errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	p, err := legendFormPatch(r)
	if err == nil {
		var l domain.Legend
		if l, err = h.app.CreateLegend(r.Context(), caller(r), p); err == nil {
			back(w, r, "/admin/legends/"+url.PathEscape(l.ID), nil, "Legend added.")
			return
		}
	}
	back(w, r, "/admin/legends", err, "")
}

type adminLegendData struct {
	Legend      domain.Legend
	PortraitURL string
	Timeline    string
	Kinds       []string
	Pending     []memoryShown
	Approved    []memoryShown
	Trail       []audit.Entry
	Error       string
}

// adminLegendPage is one legend's page to edit, its portrait, its memories and its
// history.
func (h *Handler) adminLegendPage(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	l, err := h.app.LegendByID(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := adminLegendData{Legend: l, PortraitURL: h.app.ImageURL(l.PortraitKey), Timeline: timelineText(l.Timeline),
		Kinds: domain.LegendKinds, Error: r.URL.Query().Get("err")}
	for status, dst := range map[domain.MemoryStatus]*[]memoryShown{domain.MemoryPending: &d.Pending, domain.MemoryApproved: &d.Approved} {
		ms, err := h.app.LegendMemories(r.Context(), u, l, status)
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		for _, m := range ms {
			*dst = append(*dst, h.shownMemory(m))
		}
	}
	if d.Trail, err = h.app.LegendTrail(r.Context(), u, l.ID); err != nil {
		h.pageError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_legend.html", ui.View{Title: "Legend: " + l.Name, Data: d})
}

func (h *Handler) saveLegendForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	path := "/admin/legends/" + url.PathEscape(id)
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	p, err := legendFormPatch(r)
	if err == nil {
		_, err = h.app.EditLegend(r.Context(), caller(r), id, p, version(r))
	}
	back(w, r, path, err, "Saved.")
}

func (h *Handler) portraitForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	data, err := formImage(r)
	if err == nil {
		_, err = h.app.SetPortrait(r.Context(), caller(r), id, data, strings.TrimSpace(r.FormValue("alt")))
	}
	back(w, r, "/admin/legends/"+url.PathEscape(id), err, "Portrait saved.")
}

type adminMemoriesData struct {
	Memories []memoryShown
	Total    int
}

// adminMemoriesPage is the memories waiting for an editor, oldest first.
func (h *Handler) adminMemoriesPage(w http.ResponseWriter, r *http.Request) {
	ms, total, err := h.app.PendingMemories(r.Context(), caller(r), app.MaxList, 0)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := adminMemoriesData{Total: total}
	for _, m := range ms {
		d.Memories = append(d.Memories, h.shownMemory(m))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_memories.html", ui.View{Title: "Memories waiting", Data: d})
}

type adminMemoryData struct {
	Memory memoryShown
	Trail  []audit.Entry
	Error  string
}

// adminMemoryPage is one memory with the editor's decisions and its history.
func (h *Handler) adminMemoryPage(w http.ResponseWriter, r *http.Request) {
	u, id := caller(r), r.PathValue("id")
	m, err := h.app.Memory(r.Context(), u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	trail, err := h.app.MemoryTrail(r.Context(), u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_memory.html", ui.View{Title: "Memory of " + m.LegendName,
		Data: adminMemoryData{Memory: h.shownMemory(m), Trail: trail, Error: r.URL.Query().Get("err")}})
}

// memoryDecisionForm approves, declines or takes down a memory.
func (h *Handler) memoryDecisionForm(w http.ResponseWriter, r *http.Request) {
	u, id := caller(r), r.PathValue("id")
	path := "/admin/memories/" + url.PathEscape(id)
	if err := r.ParseForm(); err != nil {
		back(w, r, path, errs.Invalid(map[string]string{"form": "could not be read"}), "")
		return
	}
	var err error
	ok := ""
	switch r.PathValue("action") {
	case "approve":
		_, err = h.app.ApproveMemory(r.Context(), u, id)
		ok = "Approved: it is on the legend's page."
	case "decline":
		_, err = h.app.DeclineMemory(r.Context(), u, id, r.PostFormValue("reason"))
		ok = "Declined: no one else sees it."
	default:
		h.pageError(w, r, errs.NotFound("Action"))
		return
	}
	back(w, r, path, err, ok)
}
