package httpapi

import (
	"net/http"
	"strings"
	"time"

	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/web"
	"stepperslife/services/services/app"
	"stepperslife/services/services/domain"
)

func (h *Handler) sendInquiry(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.InquiryInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	q := domain.InquiryInput{Message: in.Message, EventType: in.EventType, Location: in.Location, Guests: in.Guests,
		BudgetCents: in.BudgetCents, EvenIfBooked: in.EvenIfBooked}
	if d := strings.TrimSpace(in.EventDate); d != "" {
		day, err := time.Parse(dayLayout, d)
		if err != nil {
			writeErr(w, r, errs.Invalid(map[string]string{"eventDate": "must be a date (YYYY-MM-DD)"}))
			return
		}
		q.EventDate = &day
	}
	v, err := h.app.SendInquiry(r.Context(), caller(r), r.PathValue("id"), q)
	h.answerInquiry(w, r, http.StatusCreated, v, err)
}

func (h *Handler) answerInquiry(w http.ResponseWriter, r *http.Request, status int, v app.InquiryView, err error) {
	if err != nil {
		writeErr(w, r, err)
		return
	}
	web.WriteJSON(w, status, inquiryOut(v))
}

func (h *Handler) providerInquiries(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	status := domain.InquiryStatus(strings.ToUpper(r.URL.Query().Get("status")))
	if status != "" && !validInquiryStatus(status) {
		writeErr(w, r, errs.Invalid(map[string]string{"status": "must be NEW, VIEWED, RESPONDED or ARCHIVED"}))
		return
	}
	qs, total, err := h.app.ProviderInquiries(r.Context(), caller(r), r.PathValue("id"), status, page.Limit, page.Offset)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := make([]servicesapi.Inquiry, len(qs))
	for i, q := range qs {
		out[i] = inquiryOut(app.InquiryView{Inquiry: q})
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}

func validInquiryStatus(s domain.InquiryStatus) bool {
	for _, x := range domain.InquiryStatuses {
		if x == s {
			return true
		}
	}
	return false
}

func (h *Handler) getInquiry(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Inquiry(r.Context(), caller(r), r.PathValue("id"))
	h.answerInquiry(w, r, http.StatusOK, v, err)
}

func (h *Handler) postMessage(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.BodyInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	v, err := h.app.PostMessage(r.Context(), caller(r), r.PathValue("id"), in.Body)
	h.answerInquiry(w, r, http.StatusCreated, v, err)
}

func (h *Handler) moveInquiry(w http.ResponseWriter, r *http.Request) {
	var in servicesapi.StatusInput
	if err := web.DecodeJSON(r, &in); err != nil {
		writeErr(w, r, err)
		return
	}
	to := domain.InquiryStatus(strings.ToUpper(strings.TrimSpace(in.Status)))
	if !validInquiryStatus(to) {
		writeErr(w, r, errs.Invalid(map[string]string{"status": "must be NEW, VIEWED, RESPONDED or ARCHIVED"}))
		return
	}
	v, err := h.app.MoveInquiry(r.Context(), caller(r), r.PathValue("id"), to)
	h.answerInquiry(w, r, http.StatusOK, v, err)
}

func (h *Handler) myInquiries(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	vs, total, err := h.app.MyInquiries(r.Context(), caller(r), page.Limit, page.Offset)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	out := make([]servicesapi.Inquiry, len(vs))
	for i, v := range vs {
		out[i] = inquiryOut(v)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}
