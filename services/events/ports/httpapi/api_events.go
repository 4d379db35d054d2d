package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/events/domain"
)

func caller(r *http.Request) *auth.User {
	u, _ := auth.FromContext(r.Context())
	return u
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := domain.EventFilter{Q: q.Get("q"), Category: strings.TrimSpace(q.Get("category")), Limit: page.Limit, Offset: page.Offset}
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
	switch q.Get("free") {
	case "", "false":
	case "true":
		f.Free = true
	default:
		bad["free"] = "must be true or false"
	}
	if len(bad) > 0 {
		web.WriteError(w, r, errs.Invalid(bad))
		return
	}
	key := fmt.Sprintf("list %q %q %s %s %v %d %d", f.Q, f.Category, day(f.From), day(f.To), f.Free, f.Limit, f.Offset)
	err = h.cache.Serve(w, r, key, feed.Window, func(ctx context.Context) (cache.Answer, error) {
		evs, total, err := h.ev.PublicEvents(ctx, f)
		if err != nil {
			return cache.Answer{}, err
		}
		out := make([]eventsapi.Event, len(evs))
		for i, e := range evs {
			out[i] = h.eventOut(e)
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

// parseDay reads an RFC 3339 time or a plain date (midnight UTC).
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse("2006-01-02", s)
}

// getEvent: a signed-in caller may be the organizer of a draft, so only anonymous
// answers are kept and shared.
func (h *Handler) getEvent(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_ = cache.ServeJSON(h.cache, w, r, "event "+slug, feed.Window, caller(r), func(ctx context.Context, u *auth.User) (eventsapi.Event, error) {
		e, err := h.ev.PublicEvent(ctx, u, slug)
		if err != nil {
			return eventsapi.Event{}, err
		}
		return h.eventOut(e), nil
	})
}

type eventReq struct {
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Category    string    `json:"category"`
	Venue       string    `json:"venue"`
	Address     string    `json:"address"`
	StartsAt    time.Time `json:"startsAt"`
	EndsAt      time.Time `json:"endsAt"`
}

// patchEventReq is a PATCH of an event: its details and its cash deadline.
type patchEventReq struct {
	eventReq
	CashDeadline optional `json:"cashDeadline"`
}

// optional is a field that a PATCH may leave out, set, or set to null.
type optional struct {
	set, null bool
	raw       json.RawMessage
}

func (o *optional) UnmarshalJSON(b []byte) error {
	o.set, o.null, o.raw = true, string(b) == "null", append(json.RawMessage(nil), b...)
	return nil
}

func (e eventReq) input() domain.EventInput {
	return domain.EventInput{Title: e.Title, Description: e.Description, Category: e.Category, Venue: e.Venue,
		Address: e.Address, StartsAt: e.StartsAt, EndsAt: e.EndsAt}
}

func (h *Handler) createEvent(w http.ResponseWriter, r *http.Request) {
	var req eventReq
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	ev, err := h.ev.CreateEvent(r.Context(), caller(r), req.input())
	h.answerEvent(w, r, http.StatusCreated, ev, err)
}

func (h *Handler) updateEvent(w http.ResponseWriter, r *http.Request) {
	u := caller(r)
	cur, err := h.ev.Manage(r.Context(), u, r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	// PATCH: start from what is stored, overwrite what the body names.
	req := patchEventReq{eventReq: eventReq{Title: cur.Title, Description: cur.Description, Category: cur.Category, Venue: cur.Venue,
		Address: cur.Address, StartsAt: cur.StartsAt, EndsAt: cur.EndsAt}}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	// cashDeadline: absent leaves it, null clears it (cash is held until the end).
	var deadline *time.Time
	set := req.CashDeadline.set
	if set && !req.CashDeadline.null {
		var t time.Time
		if err := json.Unmarshal(req.CashDeadline.raw, &t); err != nil {
			web.WriteError(w, r, errs.Invalid(map[string]string{"cashDeadline": "must be an RFC 3339 time or null"}))
			return
		}
		deadline = &t
	}
	ev, err := h.ev.EditEvent(r.Context(), u, cur.ID, req.input(), deadline, set)
	h.answerEvent(w, r, http.StatusOK, ev, err)
}

// answerEvent answers a change to ev with the event as its organizer sees it.
func (h *Handler) answerEvent(w http.ResponseWriter, r *http.Request, status int, ev domain.Event, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	e, err := h.ev.Manage(r.Context(), caller(r), ev.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.eventOut(e))
}

func (h *Handler) publishEvent(w http.ResponseWriter, r *http.Request) {
	ev, err := h.ev.Publish(r.Context(), caller(r), r.PathValue("id"))
	h.answerEvent(w, r, http.StatusOK, ev, err)
}

func (h *Handler) cancelEvent(w http.ResponseWriter, r *http.Request) {
	res, err := h.ev.CancelEvent(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	e, err := h.ev.Manage(r.Context(), caller(r), res.Event.ID)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"event": h.eventOut(e), "refunds": res})
}

func (h *Handler) putFlyer(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > imaging.MaxUploadBytes {
		web.WriteError(w, r, imaging.ErrTooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, imaging.MaxUploadBytes+1))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	ev, err := h.ev.SetFlyer(r.Context(), caller(r), r.PathValue("id"), data)
	h.answerEvent(w, r, http.StatusOK, ev, err)
}

type tierReq struct {
	Name        string     `json:"name"`
	PriceCents  int64      `json:"priceCents"`
	Capacity    int        `json:"capacity"`
	SalesStart  *time.Time `json:"salesStart"`
	SalesEnd    *time.Time `json:"salesEnd"`
	MaxPerOrder int        `json:"maxPerOrder"`
}

func (h *Handler) addTier(w http.ResponseWriter, r *http.Request) {
	var req tierReq
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	t, err := h.ev.AddTier(r.Context(), caller(r), r.PathValue("id"), domain.TierInput{Name: req.Name,
		PriceCents: req.PriceCents, Capacity: req.Capacity, SalesStart: req.SalesStart, SalesEnd: req.SalesEnd,
		MaxPerOrder: req.MaxPerOrder})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, h.tierOut(t, h.ev.Now()))
}

type discountReq struct {
	Code       string     `json:"code"`
	Kind       string     `json:"kind"`
	Amount     int64      `json:"amount"`
	UsageLimit int        `json:"usageLimit"`
	ExpiresAt  *time.Time `json:"expiresAt"`
}

func (h *Handler) addDiscount(w http.ResponseWriter, r *http.Request) {
	var req discountReq
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	d, err := h.ev.AddDiscount(r.Context(), caller(r), r.PathValue("id"), domain.DiscountInput{Code: req.Code,
		Kind: domain.DiscountKind(req.Kind), Amount: req.Amount, UsageLimit: req.UsageLimit, ExpiresAt: req.ExpiresAt})
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, discountOut(d))
}

func (h *Handler) listDiscounts(w http.ResponseWriter, r *http.Request) {
	ds, err := h.ev.Discounts(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]eventsapi.Discount, len(ds))
	for i, d := range ds {
		out[i] = discountOut(d)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}

func (h *Handler) addStaff(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email string `json:"email"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	st, err := h.ev.AddStaff(r.Context(), caller(r), r.PathValue("id"), req.Email)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, st)
}

func (h *Handler) listStaff(w http.ResponseWriter, r *http.Request) {
	st, err := h.ev.Staff(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(st, len(st), web.Page{Limit: max(len(st), 1)}))
}

func (h *Handler) removeStaff(w http.ResponseWriter, r *http.Request) {
	if err := h.ev.RemoveStaff(r.Context(), caller(r), r.PathValue("id"), r.PathValue("staffId")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) sales(w http.ResponseWriter, r *http.Request) {
	s, err := h.ev.Sales(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s)
}

func (h *Handler) eventOrders(w http.ResponseWriter, r *http.Request) {
	status := domain.OrderStatus(strings.ToUpper(r.URL.Query().Get("status")))
	os, err := h.ev.Orders(r.Context(), caller(r), r.PathValue("id"), status)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]eventsapi.Order, len(os))
	for i, o := range os {
		out[i] = h.orderOut(o)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, len(out), web.Page{Limit: max(len(out), 1)}))
}
