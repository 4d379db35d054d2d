package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

// mountDashboard registers the vendor's pages: its shops, and per shop the orders to
// fulfil, stock, products and card payments.
func (h *Handler) mountDashboard(mux *http.ServeMux) {
	page := auth.RequirePage
	mux.HandleFunc("GET /dashboard", page(h.dashboardPage))
	mux.HandleFunc("POST /dashboard/vendors", page(h.applyForm))
	mux.HandleFunc("GET /dashboard/vendors/{id}", page(h.vendorDashboard))
	mux.HandleFunc("GET /dashboard/vendors/{id}/orders.csv", page(h.ordersCSVPage))
	mux.HandleFunc("POST /dashboard/vendors/{id}/connect", page(h.connectForm))
	mux.HandleFunc("POST /dashboard/vendors/{id}/pickups", page(h.scanForm))
	mux.HandleFunc("POST /dashboard/vendors/{id}/products", page(h.newProductForm))
	mux.HandleFunc("POST /dashboard/products/{id}/status", page(h.productStatusForm))
	mux.HandleFunc("POST /dashboard/products/{id}/photos", page(h.photoForm))
	mux.HandleFunc("POST /dashboard/variants/{id}", page(h.stockForm))
	mux.HandleFunc("POST /dashboard/orders/{id}/{action}", page(h.orderActionForm))
	mux.HandleFunc("GET /dashboard/orders/{id}/slip", page(h.slipPage))
	h.mountShopSettings(mux)
	h.mountFailedPayments(mux)
}

type dashboardPage struct {
	Vendors  []storeapi.Vendor
	CanApply bool
	Error    string
}

func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request) {
	u := user(r)
	vs, roles, err := h.app.Mine(r.Context(), u)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := dashboardPage{CanApply: u.Has(auth.RoleStoreOwner), Error: r.URL.Query().Get("err")}
	for i, v := range vs {
		d.Vendors = append(d.Vendors, h.vendorOut(v, roles[i], true))
	}
	h.render(w, r, http.StatusOK, "dashboard.html", "Your shops", d)
}

func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		back(w, r, "/dashboard", errs.Errorf(errs.CodeValidation, "The form could not be read."), "")
		return
	}
	f := r.PostForm
	in := domain.VendorInput{Name: f.Get("name"), Description: f.Get("description"), ContactPhone: f.Get("contactPhone"),
		PickupEnabled: f.Get("pickup") == "on"}
	shipping, err := parseDollars(f.Get("shipping"), "shipping")
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	in.ShippingRateCents = shipping
	if label := strings.TrimSpace(f.Get("pickupLabel")); in.PickupEnabled && label != "" {
		in.PickupPoints = []domain.PickupPoint{{Label: label, Address: f.Get("pickupAddress")}}
	}
	v, err := h.app.Apply(r.Context(), user(r), in)
	if err != nil {
		back(w, r, "/dashboard", err, "")
		return
	}
	back(w, r, "/dashboard/vendors/"+v.ID, nil, v.Name+" is waiting for an admin's approval; add your products meanwhile.")
}

// dashOrder is an order with the moves its vendor may make now.
type dashOrder struct {
	Order                        storeapi.Order
	Ship, Ready, Deliver, Cancel bool
}

type vendorDashboard struct {
	Vendor  storeapi.Vendor
	Role    domain.MemberRole
	Manager bool
	Orders  []dashOrder
	// ToFulfil counts the orders waiting for the team: to ship or to hand over.
	ToFulfil   int
	LowStock   []storeapi.LowStockItem
	Products   []storeapi.Product
	Payments   app.PaymentSetup
	Categories []string
	Carriers   []string
	Error      string
}

func (h *Handler) vendorDashboard(w http.ResponseWriter, r *http.Request) {
	ctx, u, id := r.Context(), user(r), r.PathValue("id")
	det, err := h.app.VendorByID(ctx, u, id)
	if err == nil && det.Role == "" {
		err = errs.Errorf(errs.CodeForbidden, "Only this shop's team may open its dashboard.")
	}
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d := vendorDashboard{Vendor: h.vendorOut(det.Vendor, det.Role, true), Role: det.Role,
		Manager: det.Role.Can(domain.RoleManager), Categories: domain.Categories,
		Carriers: []string{"USPS", "UPS", "FEDEX", "DHL", "OTHER"}, Error: r.URL.Query().Get("err")}
	for _, st := range []domain.FulfillmentStatus{domain.Unfulfilled, domain.ReadyForPickup, domain.Shipped} {
		l, err := h.app.VendorOrders(ctx, u, id, domain.OrderFilter{FulfillmentStatus: st, Limit: 100})
		if err != nil {
			h.pageError(w, r, err)
			return
		}
		for _, o := range l.Items {
			if o.Holding() {
				continue // a card checkout still open: nothing to do until it is paid
			}
			if st != domain.Shipped {
				d.ToFulfil++
			}
			d.Orders = append(d.Orders, dashOrder{Order: h.orderOut(o), Ship: can(o, domain.Shipped),
				Ready: can(o, domain.ReadyForPickup), Deliver: can(o, domain.Delivered),
				Cancel: d.Manager && can(o, domain.Cancelled)})
		}
	}
	low, err := h.app.LowStock(ctx, u, id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	for _, o := range low {
		d.LowStock = append(d.LowStock, storeapi.LowStockItem{ProductName: o.Product.Name, Label: o.Variant.Label(o.Product.Options),
			Stock: o.Variant.Stock})
	}
	products, err := h.app.VendorProducts(ctx, u, id, "", app.Page{Limit: 100})
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	d.Products = h.listOut(products, true)
	if det.Role == domain.RoleOwner {
		// Stripe unreachable leaves the set-up as last known; the page still opens.
		d.Payments, _ = h.app.Payments(ctx, u, id)
	}
	h.render(w, r, http.StatusOK, "dashboard_vendor.html", det.Vendor.Name, d)
}

// can reports whether o may move to `to` now.
func can(o domain.Order, to domain.FulfillmentStatus) bool {
	_, err := o.Move(to)
	return err == nil
}

func (h *Handler) connectForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	url, err := h.app.ConnectLink(r.Context(), user(r), id)
	if err != nil {
		back(w, r, "/dashboard/vendors/"+id, err, "")
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

func (h *Handler) scanForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, err := h.app.ScanPickup(r.Context(), user(r), id, r.PostFormValue("code"))
	back(w, r, "/dashboard/vendors/"+id, err, "Order "+o.Number+" is handed over to "+o.CustomerName+".")
}

func (h *Handler) newProductForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	to := "/dashboard/vendors/" + id
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		back(w, r, to, errs.Errorf(errs.CodeValidation, "The form could not be read (is the photo over 5 MB?)."), "")
		return
	}
	f := r.PostForm
	price, err := parseDollars(f.Get("price"), "price")
	if err != nil {
		back(w, r, to, err, "")
		return
	}
	stock := atoi(f.Get("stock"))
	req := storeapi.ProductRequest{Name: f.Get("name"), Description: f.Get("description"), Category: f.Get("category"),
		Status: "DRAFT", SKU: f.Get("sku"), PriceCents: &price, Stock: &stock}
	if f.Get("active") == "on" {
		req.Status = "ACTIVE"
	}
	if sizes := splitList(f.Get("sizes")); len(sizes) > 0 {
		req.Options = []storeapi.Option{{Name: "Size", Values: sizes}}
	}
	in, err := productInput(req)
	if err != nil {
		back(w, r, to, err, "")
		return
	}
	photo, err := formPhoto(r)
	if err != nil {
		back(w, r, to, err, "")
		return
	}
	p, err := h.app.CreateProduct(r.Context(), user(r), id, in)
	if err == nil && photo != nil {
		_, err = h.app.AddImage(r.Context(), user(r), p.ID, photo)
	}
	back(w, r, to, err, p.Name+" is in your catalogue.")
}

// formPhoto reads the form's photo, or nil when none was chosen.
func formPhoto(r *http.Request) ([]byte, error) {
	f, hdr, err := r.FormFile("photo")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Errorf(errs.CodeValidation, "The photo could not be read.")
	}
	defer f.Close()
	if hdr.Size == 0 {
		return nil, nil
	}
	return imaging.ReadUpload(io.Reader(f))
}

func (h *Handler) productStatusForm(w http.ResponseWriter, r *http.Request) {
	st := domain.ProductStatus(r.PostFormValue("status"))
	p, err := h.app.UpdateProduct(r.Context(), user(r), r.PathValue("id"), domain.ProductPatch{Status: &st})
	h.backToVendor(w, r, p.VendorID, err, p.Name+" is now "+strings.ToLower(storeapi.Words.Of("product", string(p.Status)).Text)+".")
}

func (h *Handler) photoForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := r.ParseMultipartForm(imaging.MaxUploadBytes + 1<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		h.pageError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read (is the photo over 5 MB?)."))
		return
	}
	d, err := h.app.ProductByID(r.Context(), user(r), id)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	photo, err := formPhoto(r)
	if err == nil && photo == nil {
		err = errs.Invalid(map[string]string{"photo": "choose a picture"})
	}
	if err == nil {
		_, err = h.app.AddImage(r.Context(), user(r), id, photo)
	}
	h.backToVendor(w, r, d.Product.VendorID, err, "The photo is added to "+d.Product.Name+".")
}

func (h *Handler) stockForm(w http.ResponseWriter, r *http.Request) {
	stock := atoi(r.PostFormValue("stock"))
	if strings.TrimSpace(r.PostFormValue("stock")) == "" {
		stock = -1
	}
	v, err := h.app.UpdateVariant(r.Context(), user(r), r.PathValue("id"), domain.VariantPatch{Stock: &stock})
	h.backToVendor(w, r, v.VendorID, err, "Stock of "+v.SKU+" is "+strconv.Itoa(v.Stock)+".")
}

func (h *Handler) orderActionForm(w http.ResponseWriter, r *http.Request) {
	ctx, u, id := r.Context(), user(r), r.PathValue("id")
	var o domain.Order
	var err error
	switch r.PathValue("action") {
	case "ship":
		o, err = h.app.Ship(ctx, u, id, domain.Shipment{Carrier: r.PostFormValue("carrier"), TrackingNumber: r.PostFormValue("trackingNumber")})
	case "ready":
		o, err = h.app.ReadyForPickup(ctx, u, id)
	case "deliver":
		o, err = h.app.Deliver(ctx, u, id)
	case "cancel":
		o, err = h.app.Cancel(ctx, u, id, r.PostFormValue("reason"))
	default:
		h.pageError(w, r, errs.NotFound("Action"))
		return
	}
	if o.VendorID == "" {
		view, verr := h.app.Order(ctx, u, id)
		if verr != nil {
			h.pageError(w, r, err)
			return
		}
		o = view.Order
	}
	h.backToVendor(w, r, o.VendorID, err, "Order "+o.Number+" is "+strings.ToLower(storeapi.Words.Of("fulfillment", string(o.FulfillmentStatus)).Text)+".")
}

// backToVendor returns to a vendor's dashboard after a form.
func (h *Handler) backToVendor(w http.ResponseWriter, r *http.Request, vendorID string, err error, ok string) {
	if vendorID == "" {
		if err == nil {
			err = errs.NotFound("Vendor")
		}
		h.pageError(w, r, err)
		return
	}
	back(w, r, "/dashboard/vendors/"+vendorID, err, ok)
}

func (h *Handler) slipPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Order(r.Context(), user(r), r.PathValue("id"))
	if err == nil && v.Role == "" {
		err = errs.Errorf(errs.CodeForbidden, "Only the shop's team prints its packing slips.")
	}
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "slip.html", "Packing slip "+v.Order.Number, h.orderOut(v.Order))
}

func (h *Handler) ordersCSVPage(w http.ResponseWriter, r *http.Request) {
	if err := h.writeOrdersCSV(w, r, r.PathValue("id")); err != nil {
		h.pageError(w, r, err)
	}
}

// splitList reads "8, 9, 10" as its values.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// parseDollars reads "89.99", "$8" or "8.5" as cents, without floating point.
func parseDollars(s, field string) (int64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	bad := errs.Invalid(map[string]string{field: "write an amount in dollars, such as 8.00"})
	if s == "" || len(s) > 12 {
		return 0, bad
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" && frac == "" {
		return 0, bad
	}
	frac += strings.Repeat("0", 2-len(frac))
	var cents int64
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, bad
		}
		cents = cents*10 + int64(c-'0')
	}
	return cents, nil
}
