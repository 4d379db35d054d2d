package httpapi

import (
	"net/http"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/app"
	"stepperslife/services/classes/domain"
)

func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) {
	var req classesapi.EnrollRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	in := domain.EnrollRequest{ClassID: req.ClassID, SessionID: req.SessionID, Method: domain.Method(req.PaymentMethod),
		Role: domain.Role(req.Role), Waitlist: req.Waitlist}
	if req.Partner != nil {
		in.PartnerName, in.PartnerEmail = req.Partner.Name, req.Partner.Email
	}
	v, err := h.app.Enrol(r.Context(), caller(r), in)
	h.answerEnrollment(w, r, http.StatusCreated, v, err)
}

func (h *Handler) answerEnrollment(w http.ResponseWriter, r *http.Request, status int, v app.EnrollmentView, err error) {
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, status, h.enrollmentOut(v))
}

func (h *Handler) getEnrollment(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Enrollment(r.Context(), caller(r), r.PathValue("id"))
	h.answerEnrollment(w, r, http.StatusOK, v, err)
}

func (h *Handler) cancelEnrollment(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Cancel(r.Context(), caller(r), r.PathValue("id"))
	h.answerEnrollment(w, r, http.StatusOK, v, err)
}

func (h *Handler) claim(w http.ResponseWriter, r *http.Request) {
	var req struct {
		PaymentMethod string `json:"paymentMethod"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			web.WriteError(w, r, err)
			return
		}
	}
	v, err := h.app.Claim(r.Context(), caller(r), r.PathValue("id"), domain.Method(req.PaymentMethod))
	h.answerEnrollment(w, r, http.StatusOK, v, err)
}

func (h *Handler) doorPaid(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.MarkDoorPaid(r.Context(), caller(r), r.PathValue("id"))
	h.answerEnrollment(w, r, http.StatusOK, v, err)
}

func (h *Handler) myEnrollments(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	vs, total, err := h.app.MyEnrollments(r.Context(), caller(r), page.Limit, page.Offset)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	out := make([]classesapi.Enrollment, len(vs))
	for i, v := range vs {
		out[i] = h.enrollmentOut(v)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total, page))
}
