package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

func (h *Handler) listClasses(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := domain.ClassFilter{Q: strings.TrimSpace(q.Get("q")), Style: strings.TrimSpace(q.Get("style")),
		Level: strings.TrimSpace(q.Get("level")), Limit: page.Limit, Offset: page.Offset}
	bad := map[string]string{}
	for name, dst := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := parseDay(v)
			if err != nil {
				bad[name] = "must be a date (2006-01-02) or an RFC 3339 time"
				continue
			}
			*dst = &t
		}
	}
	if len(f.Q) > 200 {
		bad["q"] = "must be at most 200 characters"
	}
	if f.Style != "" && !contains(domain.Styles, strings.ToUpper(f.Style)) {
		bad["style"] = "must be one of " + strings.Join(domain.Styles, ", ")
	}
	if f.Level != "" && !contains(domain.Levels, strings.ToUpper(f.Level)) {
		bad["level"] = "must be one of " + strings.Join(domain.Levels, ", ")
	}
	if len(bad) > 0 {
		web.WriteError(w, r, errs.Invalid(bad))
		return
	}
	key := fmt.Sprintf("list %q %q %q %s %s %d %d", f.Q, strings.ToUpper(f.Style), strings.ToUpper(f.Level), day(f.From), day(f.To), f.Limit, f.Offset)
	// Upcoming sessions and seats held for a payment change with the clock: the
	// answer stands for a window.
	err = h.cache.Serve(w, r, key, feed.Window, func(ctx context.Context) (cache.Answer, error) {
		vs, total, err := h.app.PublicClasses(ctx, f)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]classesapi.Class, len(vs))
		for i, v := range vs {
			out[i] = h.classOut(v)
		}
		return cache.JSON(web.NewList(out, total, page))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

// day names an optional bound of the list in its cache key.
func day(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// getClass: a signed-in caller may teach a class not yet published, so only
// anonymous answers are kept and shared.
func (h *Handler) getClass(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_ = cache.ServeJSON(h.cache, w, r, "class "+slug, feed.Window, caller(r), func(ctx context.Context, u *auth.User) (classesapi.Class, error) {
		return h.classAnswer(ctx, u, slug)
	})
}

// classAnswer is the class slugOrID names as u sees it, with its instructor's page.
func (h *Handler) classAnswer(ctx context.Context, u *auth.User, slugOrID string) (classesapi.Class, error) {
	v, err := h.app.PublicClass(ctx, u, slugOrID)
	if err != nil {
		return classesapi.Class{}, err
	}
	out := h.classOut(v)
	out.InstructorSlug, err = h.app.InstructorSlug(ctx, v.InstructorID)
	return out, err
}

func (h *Handler) answerClass(w http.ResponseWriter, r *http.Request, status int, v app.ClassView, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.classOut(v))
}

func (h *Handler) createClass(w http.ResponseWriter, r *http.Request) {
	var req classesapi.ClassInput
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.CreateClass(r.Context(), caller(r), domain.ClassInput{Title: req.Title, Description: req.Description,
		Style: req.Style, Level: req.Level, Venue: req.Venue, Address: req.Address, Capacity: req.Capacity,
		PriceCents: req.PriceCents, DropInPriceCents: req.DropInPriceCents, FirstSessionAt: req.FirstSessionAt,
		DurationMinutes: req.DurationMinutes, Weeks: req.Weeks, CutoffHours: req.CancelCutoffHours, RoleCap: req.RoleCap,
		WhatToBring: req.WhatToBring, Prerequisites: req.Prerequisites})
	h.answerClass(w, r, http.StatusCreated, v, err)
}

func (h *Handler) publishClass(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Publish(r.Context(), caller(r), r.PathValue("id"))
	h.answerClass(w, r, http.StatusOK, v, err)
}

func (h *Handler) answerCancel(w http.ResponseWriter, r *http.Request, v app.ClassView, res app.CancelResult, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"class": h.classOut(v), "result": res})
}

func (h *Handler) cancelClass(w http.ResponseWriter, r *http.Request) {
	v, res, err := h.app.CancelClass(r.Context(), caller(r), r.PathValue("id"))
	h.answerCancel(w, r, v, res, err)
}

func (h *Handler) cancelSession(w http.ResponseWriter, r *http.Request) {
	v, res, err := h.app.CancelSession(r.Context(), caller(r), r.PathValue("id"), r.PathValue("sessionId"))
	h.answerCancel(w, r, v, res, err)
}

func (h *Handler) moveSession(w http.ResponseWriter, r *http.Request) {
	var req struct {
		StartsAt time.Time `json:"startsAt"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.MoveSession(r.Context(), caller(r), r.PathValue("id"), r.PathValue("sessionId"), req.StartsAt)
	h.answerClass(w, r, http.StatusOK, v, err)
}

func (h *Handler) putCover(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > imaging.MaxUploadBytes {
		web.WriteError(w, r, imaging.ErrTooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, imaging.MaxUploadBytes+1))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.SetCover(r.Context(), caller(r), r.PathValue("id"), data)
	h.answerClass(w, r, http.StatusOK, v, err)
}

func (h *Handler) myClasses(w http.ResponseWriter, r *http.Request) {
	vs, err := h.app.MyClasses(r.Context(), caller(r))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]classesapi.Class, len(vs))
	for i, v := range vs {
		out[i] = h.classOut(v)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}

func (h *Handler) roster(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.Header.Get("Accept"), "text/csv") {
		h.rosterCSV(w, r)
		return
	}
	c, rosters, rates, err := h.app.Roster(r.Context(), caller(r), r.PathValue("id"), r.URL.Query().Get("sessionId"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := classesapi.Roster{ClassID: c.ID, Sessions: []classesapi.SessionRoster{}}
	for _, sr := range rosters {
		out.Sessions = append(out.Sessions, sessionRosterOut(sr, rates))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func sessionRosterOut(sr app.SessionRoster, rates map[string][2]int) classesapi.SessionRoster {
	out := classesapi.SessionRoster{Session: sessionOut(sr.Session), Students: []classesapi.RosterLine{}}
	for _, l := range sr.Lines {
		out.Students = append(out.Students, rosterLineOut(l, rates))
	}
	return out
}

func (h *Handler) attendance(w http.ResponseWriter, r *http.Request) {
	var req classesapi.AttendanceRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	classID, sessionID := r.PathValue("id"), r.PathValue("sessionId")
	marks := make([]app.AttendanceMark, 0, len(req.Records))
	for _, rec := range req.Records {
		marks = append(marks, app.AttendanceMark{EnrollmentID: rec.EnrollmentID,
			Status: domain.AttendanceStatus(strings.ToUpper(strings.TrimSpace(rec.Status)))})
	}
	if req.All != "" {
		// Everyone on the roster alike, then any named records over it.
		_, rosters, _, err := h.app.Roster(r.Context(), caller(r), classID, sessionID)
		if err != nil {
			web.WriteError(w, r, err)
			return
		}
		named := map[string]bool{}
		for _, m := range marks {
			named[m.EnrollmentID] = true
		}
		for _, l := range rosters[0].Lines {
			if !named[l.Enrollment.ID] {
				marks = append(marks, app.AttendanceMark{EnrollmentID: l.Enrollment.ID,
					Status: domain.AttendanceStatus(strings.ToUpper(strings.TrimSpace(req.All)))})
			}
		}
	}
	sr, err := h.app.SetAttendance(r.Context(), caller(r), classID, sessionID, marks)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	_, _, rates, err := h.app.Roster(r.Context(), caller(r), classID, sessionID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, sessionRosterOut(sr, rates))
}

func (h *Handler) addReview(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Rating int    `json:"rating"`
		Body   string `json:"body"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.AddReview(r.Context(), caller(r), r.PathValue("id"), domain.ReviewInput{Rating: req.Rating, Body: req.Body})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, reviewOut(v))
}

func (h *Handler) listReviews(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.cache.Serve(w, r, "reviews "+id, 0, func(ctx context.Context) (cache.Answer, error) {
		vs, err := h.app.Reviews(ctx, id)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]classesapi.Review, len(vs))
		for i, v := range vs {
			out[i] = reviewOut(v)
		}
		return cache.JSON(web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
	})
	if err != nil {
		web.WriteError(w, r, err)
	}
}

func (h *Handler) reply(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Body string `json:"body"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.Reply(r.Context(), caller(r), r.PathValue("id"), req.Body)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, reviewOut(v))
}

func (h *Handler) connect(w http.ResponseWriter, r *http.Request) {
	url, err := h.app.ConnectLink(r.Context(), caller(r))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"url": url})
}

// media serves stored covers, as WebP to the browsers that take it.
func (h *Handler) media(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !strings.HasPrefix(key, "covers/") {
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	imaging.Serve(w, r, h.blobs, key)
}
