package httpapi

import (
	"net/http"
	"strings"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/audit"
	"stepperslife/internal/kit/errs"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

type adminTab struct {
	Status  string
	Current bool
}

type adminVendorsPage struct {
	Status  string
	Tabs    []adminTab
	Vendors []storeapi.Vendor
	Total   int
}

// adminVendorsPage is the store's admin home: vendors by standing, the
// applications waiting first, each oldest first.
func (h *Handler) adminVendorsPage(w http.ResponseWriter, r *http.Request) {
	status := domain.VendorStatus(strings.ToUpper(r.URL.Query().Get("status")))
	if status == "" {
		status = domain.VendorPending
	}
	if !contains(domain.VendorStatuses, status) {
		h.pageError(w, r, errs.Invalid(map[string]string{"status": "is not a vendor's standing"}))
		return
	}
	l, err := h.app.ForModeration(r.Context(), user(r), status, "", app.Page{Limit: 100})
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := adminVendorsPage{Status: string(status), Total: l.Total}
	for _, s := range domain.VendorStatuses {
		d.Tabs = append(d.Tabs, adminTab{Status: string(s), Current: s == status})
	}
	for _, v := range l.Items {
		d.Vendors = append(d.Vendors, h.vendorOut(v, "", true))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "admin_vendors.html", "Store admin", d)
}

// decision is one button of the admin's review.
type decision struct {
	Action, Label string
	NeedsReason   bool // the vendor must read why; otherwise a note for the trail is optional
}

var decisions = []decision{
	{Action: string(domain.ActionApprove), Label: "Approve"},
	{Action: string(domain.ActionReinstate), Label: "Reinstate"},
	{Action: string(domain.ActionReject), Label: "Reject", NeedsReason: true},
	{Action: string(domain.ActionSuspend), Label: "Suspend", NeedsReason: true},
}

type adminVendorPage struct {
	Vendor   storeapi.Vendor
	Products int
	Actions  []decision
	Trail    []audit.Entry
	Error    string
}

// adminVendorPage is where an admin reviews one vendor and decides.
func (h *Handler) adminVendorPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	d, err := h.app.VendorByID(r.Context(), user(r), id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	trail, err := h.app.AuditTrail(r.Context(), user(r), id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	products, err := h.app.VendorProducts(r.Context(), user(r), id, "", app.Page{Limit: 1})
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	page := adminVendorPage{Vendor: h.vendorOut(d.Vendor, "", true), Products: products.Total, Trail: trail,
		Error: r.URL.Query().Get("err")}
	for _, a := range decisions {
		// Reinstating and approving a suspended vendor are one move: one button.
		if domain.CanModerate(d.Vendor.Status, domain.VendorAction(a.Action)) &&
			!(a.Action == string(domain.ActionApprove) && d.Vendor.Status == domain.VendorSuspended) {
			page.Actions = append(page.Actions, a)
		}
	}
	h.render(w, r, http.StatusOK, "admin_vendor.html", d.Vendor.Name, page)
}

func (h *Handler) adminVendorForm(w http.ResponseWriter, r *http.Request) {
	id, a := r.PathValue("id"), domain.VendorAction(r.PathValue("action"))
	switch a {
	case domain.ActionApprove, domain.ActionReject, domain.ActionSuspend, domain.ActionReinstate:
	default:
		h.pageError(w, r, errs.NotFound("Action"))
		return
	}
	v, err := h.app.Moderate(r.Context(), user(r), id, a, r.PostFormValue("reason"))
	back(w, r, "/admin/vendors/"+id, err, v.Name+" is now "+strings.ToLower(storeapi.Words.Of("vendor", string(v.Status)).Text)+".")
}
