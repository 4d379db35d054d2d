package httpapi

import (
	"context"
	"net/http"
	"strings"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/cache"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/imaging"
	"stepperslife/internal/kit/web"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

// applyTo copies what the request sets onto in.
func applyTo(req storeapi.VendorRequest, in *domain.VendorInput) {
	set := func(d *string, s *string) {
		if s != nil {
			*d = *s
		}
	}
	set(&in.Name, req.Name)
	set(&in.Description, req.Description)
	set(&in.ContactEmail, req.ContactEmail)
	set(&in.ContactPhone, req.ContactPhone)
	if req.ShippingRateCents != nil {
		in.ShippingRateCents = *req.ShippingRateCents
	}
	if req.FreeShippingOverCents != nil {
		in.FreeShippingOverCents = *req.FreeShippingOverCents
	}
	if req.TaxBasisPoints != nil {
		in.TaxBasisPoints = *req.TaxBasisPoints
	}
	if req.PickupEnabled != nil {
		in.PickupEnabled = *req.PickupEnabled
	}
	if req.PickupPoints != nil {
		in.PickupPoints = make([]domain.PickupPoint, 0, len(*req.PickupPoints))
		for _, p := range *req.PickupPoints {
			in.PickupPoints = append(in.PickupPoints, pointIn(p))
		}
	}
}

func (h *Handler) applyVendor(w http.ResponseWriter, r *http.Request) {
	var req storeapi.VendorRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	var in domain.VendorInput
	applyTo(req, &in)
	v, err := h.app.Apply(r.Context(), user(r), in)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/vendors/"+v.Slug)
	web.WriteJSON(w, http.StatusCreated, h.vendorOut(v, domain.RoleOwner, true))
}

// getVendor: a signed-in caller may be on the vendor's team (and see its role and
// an unlisted vendor), so only anonymous answers are kept and shared.
func (h *Handler) getVendor(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_ = cache.ServeJSON(h.cache, w, r, "vendor "+slug, feed.Window, user(r), func(ctx context.Context, u *auth.User) (storeapi.Vendor, error) {
		d, err := h.vendor(ctx, u, slug)
		if err != nil {
			return storeapi.Vendor{}, err
		}
		return h.vendorOut(d.Vendor, d.Role, d.Team), nil
	})
}

// vendor finds a vendor by its slug or, failing that, its id, so a client holding
// an id need not look up the slug.
func (h *Handler) vendor(ctx context.Context, u *auth.User, slugOrID string) (app.VendorDetail, error) {
	d, err := h.app.VendorBySlug(ctx, u, slugOrID)
	if err != nil {
		if d2, err2 := h.app.VendorByID(ctx, u, slugOrID); err2 == nil {
			d, err = d2, nil
		}
	}
	return d, err
}

func (h *Handler) patchVendor(w http.ResponseWriter, r *http.Request) {
	var req storeapi.VendorRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.UpdateVendor(r.Context(), user(r), r.PathValue("id"), func(in *domain.VendorInput) { applyTo(req, in) })
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.vendorOut(v, domain.RoleOwner, true))
}

func (h *Handler) putLogo(w http.ResponseWriter, r *http.Request) {
	data, err := imaging.ReadUpload(r.Body)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	v, err := h.app.SetLogo(r.Context(), user(r), r.PathValue("id"), data)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]string{"logoUrl": h.app.ImageURL(v.LogoKey)})
}

func (h *Handler) myVendors(w http.ResponseWriter, r *http.Request) {
	vs, roles, err := h.app.Mine(r.Context(), user(r))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]storeapi.Vendor, 0, len(vs))
	for i, v := range vs {
		items = append(items, h.vendorOut(v, roles[i], true))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handler) listTeam(w http.ResponseWriter, r *http.Request) {
	ms, err := h.app.Members(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]storeapi.Member, 0, len(ms))
	for _, m := range ms {
		items = append(items, storeapi.Member{ID: m.ID, Email: m.Email, Role: string(m.Role), CreatedAt: m.CreatedAt})
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handler) addMember(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := web.DecodeJSON(r, &req); err != nil {
		web.WriteError(w, r, err)
		return
	}
	m, err := h.app.AddMember(r.Context(), user(r), r.PathValue("id"), req.Email, req.Role)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, storeapi.Member{ID: m.ID, Email: m.Email, Role: string(m.Role), CreatedAt: m.CreatedAt})
}

func (h *Handler) removeMember(w http.ResponseWriter, r *http.Request) {
	if err := h.app.RemoveMember(r.Context(), user(r), r.PathValue("id"), r.PathValue("memberId")); err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) reviews(w http.ResponseWriter, r *http.Request) {
	rs, err := h.app.Reviews(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]storeapi.Review, 0, len(rs))
	for _, x := range rs {
		items = append(items, storeapi.Review{ID: x.ID, Action: string(x.Action), From: string(x.From), To: string(x.To),
			Reason: x.Reason, ActorID: x.ActorID, CreatedAt: x.CreatedAt})
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, len(items), web.Page{Limit: max(len(items), 1)}))
}

func (h *Handler) adminVendors(w http.ResponseWriter, r *http.Request) {
	page, err := web.ParsePage(r)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	status := domain.VendorStatus(strings.ToUpper(q.Get("status")))
	if status != "" && !contains(domain.VendorStatuses, status) {
		web.WriteError(w, r, errs.Invalid(map[string]string{"status": "must be PENDING, APPROVED, REJECTED or SUSPENDED"}))
		return
	}
	if len(q.Get("q")) > feed.MaxQuery {
		web.WriteError(w, r, errs.Invalid(map[string]string{"q": "is too long"}))
		return
	}
	l, err := h.app.ForModeration(r.Context(), user(r), status, q.Get("q"), app.Page(page))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	items := make([]storeapi.Vendor, 0, len(l.Items))
	for _, v := range l.Items {
		items = append(items, h.vendorOut(v, "", true))
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, l.Total, page))
}

func (h *Handler) moderate(w http.ResponseWriter, r *http.Request) {
	a := domain.VendorAction(r.PathValue("action"))
	switch a {
	case domain.ActionApprove, domain.ActionReject, domain.ActionSuspend, domain.ActionReinstate:
	default:
		web.WriteError(w, r, errs.NotFound("Action"))
		return
	}
	var req storeapi.ModerationRequest
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			web.WriteError(w, r, err)
			return
		}
	}
	v, err := h.app.Moderate(r.Context(), user(r), r.PathValue("id"), a, req.Reason)
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h.vendorOut(v, "", true))
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
