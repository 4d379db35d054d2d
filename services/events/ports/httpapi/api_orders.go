package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/audit"

	"github.com/skip2/go-qrcode"

	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/events/app"
	"stepperslife/services/events/domain"
)

// purchaseRequest is the buyer's purchase as app takes it.
func purchaseRequest(p eventsapi.PurchaseRequest) app.PurchaseRequest {
	req := app.PurchaseRequest{EventID: p.EventID, Method: domain.PaymentMethod(strings.ToLower(p.PaymentMethod)),
		AttendeeName: p.Attendee.Name, AttendeeEmail: p.Attendee.Email, DiscountCode: p.DiscountCode}
	for _, it := range p.Items {
		req.Items = append(req.Items, domain.Item{TierID: it.TierID, Quantity: it.Quantity})
	}
	return req
}

func (h *Handler) purchase(w http.ResponseWriter, r *http.Request) {
	var req eventsapi.PurchaseRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.ev.Purchase(r.Context(), caller(r), purchaseRequest(req))
	h.metrics.purchases.WithLabelValues(method(req.PaymentMethod), metricResult(err)).Inc()
	if err != nil {
		writeError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, h.orderOut(o))
}

// quote answers POST /api/tickets/quote: the purchase's body, priced, nothing placed.
func (h *Handler) quote(w http.ResponseWriter, r *http.Request) {
	var req eventsapi.PurchaseRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	q, err := h.ev.Quote(r.Context(), caller(r), purchaseRequest(req))
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := eventsapi.Quote{Tickets: q.Tickets, SubtotalCents: q.SubtotalCents, DiscountCents: q.DiscountCents, TotalCents: q.TotalCents}
	if q.Discount != nil {
		out.DiscountCode = q.Discount.Code
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// transfer answers POST /api/tickets/{code}/transfer {"email"}: the ticket, given
// away under a new code that only its new holder is told.
func (h *Handler) transfer(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email string `json:"email"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.ev.Transfer(r.Context(), caller(r), r.PathValue("code"), req.Email)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := h.ticketViewOut(v)
	out.URL, out.QRURL = "", ""
	web.WriteJSON(w, http.StatusOK, out)
}

// writeError answers err in the contract's shape; a RATE_LIMITED answer also says
// in Retry-After when to come back.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.CodeRateLimited {
		if secs, ok := e.Details["retryAfterSeconds"].(int); ok {
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
	}
	web.WriteError(w, r, err)
}

func (h *Handler) getOrder(w http.ResponseWriter, r *http.Request) {
	o, err := h.ev.Order(r.Context(), caller(r), r.PathValue("id"))
	h.answerOrder(w, r, o, err)
}

func (h *Handler) answerOrder(w http.ResponseWriter, r *http.Request, o domain.Order, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.orderOut(o))
}

func (h *Handler) approveCash(w http.ResponseWriter, r *http.Request) {
	o, err := h.ev.ApproveCash(r.Context(), caller(r), r.PathValue("id"))
	h.answerOrder(w, r, o, err)
}

// refund answers POST /api/orders/{id}/refund; an optional JSON body {"reason"}
// goes into the audit trail with the refund.
func (h *Handler) refund(w http.ResponseWriter, r *http.Request) {
	reason, err := audit.ReasonFrom(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	o, err := h.ev.RefundBecause(r.Context(), caller(r), r.PathValue("id"), reason)
	h.answerOrder(w, r, o, err)
}

func (h *Handler) myTickets(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	vs, total, err := h.ev.MyTickets(r.Context(), caller(r), page.Limit, page.Offset)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]eventsapi.Ticket, len(vs))
	for i, v := range vs {
		out[i] = h.ticketViewOut(v)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}

func (h *Handler) getTicket(w http.ResponseWriter, r *http.Request) {
	v, err := h.ev.Ticket(r.Context(), r.PathValue("code"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	web.WriteJSON(w, http.StatusOK, h.ticketViewOut(v))
}

// ticketQR draws the ticket's QR code: it holds the ticket page address, which the
// check-in accepts as well as the bare code.
func (h *Handler) ticketQR(w http.ResponseWriter, r *http.Request) {
	v, err := h.ev.Ticket(r.Context(), r.PathValue("code"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	png, err := qrcode.Encode(h.ev.TicketURL(v.Code), qrcode.Medium, 320)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	// The code never changes, so the image may be kept; private because it is a secret.
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(png)
}

type codeReq struct {
	Code string `json:"code"`
}

func (h *Handler) checkin(w http.ResponseWriter, r *http.Request) {
	h.scan(w, r, h.ev.Checkin, "admitted")
}

func (h *Handler) undoCheckin(w http.ResponseWriter, r *http.Request) {
	h.scan(w, r, h.ev.UndoCheckin, "undone")
}

func (h *Handler) scan(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, u *auth.User, eventID, code string) (domain.TicketView, error), result string) {
	var req codeReq
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	if strings.TrimSpace(req.Code) == "" {
		web.WriteError(w, r, errs.Invalid(map[string]string{"code": "is required"}))
		return
	}
	v, err := do(r.Context(), caller(r), r.PathValue("id"), req.Code)
	if result == "admitted" {
		h.metrics.checkins.WithLabelValues(metricResult(err)).Inc()
	}
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"result": result, "ticket": h.ticketViewOut(v)})
}

func (h *Handler) attendees(w http.ResponseWriter, r *http.Request) {
	ev, as, err := h.ev.Attendees(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	if wantsCSV(r) {
		writeAttendeesCSV(w, ev, as)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(as, len(as), web.Page{Limit: max(len(as), 1)}))
}

func wantsCSV(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/csv") || r.URL.Query().Get("format") == "csv"
}

func writeAttendeesCSV(w http.ResponseWriter, ev domain.Event, as []domain.Attendee) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"name", "email", "tier", "status", "ticket_code", "order_id", "payment_method", "price_cents", "scanned_at"})
	for _, a := range as {
		scanned := ""
		if a.ScannedAt != nil {
			scanned = a.ScannedAt.UTC().Format(time.RFC3339)
		}
		// A ticket code is random base64url: one in 64 starts with '-', which a
		// spreadsheet reads as a formula (#NAME?), so it is neutralised too.
		_ = cw.Write([]string{csvSafe(a.Name), csvSafe(a.Email), csvSafe(a.TierName), a.Status, csvSafe(a.TicketCode), a.OrderID,
			a.Method, strconv.FormatInt(a.PriceCents, 10), scanned})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="attendees-`+ev.Slug+`.csv"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// csvSafe keeps a spreadsheet from running a buyer's name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (h *Handler) connect(w http.ResponseWriter, r *http.Request) {
	url, err := h.ev.ConnectLink(r.Context(), caller(r))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"url": url})
}

// media serves stored flyers, as WebP to the browsers that take it.
func (h *Handler) media(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !strings.HasPrefix(key, "flyers/") {
		web.WriteError(w, r, errs.NotFound("Image"))
		return
	}
	imaging.Serve(w, r, h.blobs, key)
}
