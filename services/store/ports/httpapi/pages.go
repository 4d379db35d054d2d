package httpapi

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/feed"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
	"stepperslife/services/store/app"
	"stepperslife/services/store/domain"
)

//go:embed static
var static embed.FS

// mountPages registers the store's own pages: the shop, product and vendor pages,
// an order's page, and the admins' review of vendor applications.
func (h *Handler) mountPages(mux *http.ServeMux) {
	// Fingerprinted through {{asset}} in the pages: kept a year, compressed once.
	sub, _ := fs.Sub(static, "static")
	files, err := ui.NewAssets("/static/store/", sub)
	if err != nil {
		panic(err) // the files are embedded: only a broken build fails here
	}
	files.Mount(mux)
	page := auth.RequirePage
	admin := func(f http.HandlerFunc) http.HandlerFunc { return auth.RequirePageRole(f, auth.RoleAdmin) }
	mux.HandleFunc("GET /{$}", h.homePage)
	mux.HandleFunc("GET /products/{slug}", h.productPage)
	mux.HandleFunc("POST /products/{slug}/buy", page(h.buyForm))
	mux.HandleFunc("GET /vendors/{slug}", h.vendorPage)
	mux.HandleFunc("GET /orders/{id}", page(h.orderPage))
	mux.HandleFunc("POST /orders/{id}/cancel", page(h.cancelForm))
	mux.HandleFunc("GET /admin", admin(h.adminVendorsPage))
	mux.HandleFunc("GET /admin/vendors", admin(h.adminVendorsPage))
	mux.HandleFunc("GET /admin/vendors/{id}", admin(h.adminVendorPage))
	mux.HandleFunc("POST /admin/vendors/{id}/{action}", admin(h.adminVendorForm))
	h.mountDashboard(mux)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	ui.Pages{Templates: h.pages, Service: "store", PortalURL: h.app.PortalURL()}.Render(w, r, status, name, title, data)
}

// pageError shows err as a page: the contract's status and a person's message.
func (h *Handler) pageError(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteError(w, r, err) // a browser gets the kit's error page, in the layout
}

// message is what a page says about err: its words for a person, and each field
// that needs another look.
func message(err error) string {
	return ui.Message(err, func(f map[string]string) string { return ui.FieldList(f, fieldName) })
}

// fieldName is how a form calls a request field.
func fieldName(k string) string {
	k = strings.TrimPrefix(k, "shippingAddress.")
	names := map[string]string{"line1": "Street address", "line2": "Apartment", "postalCode": "ZIP code", "city": "City",
		"state": "State", "name": "Name", "items[0].quantity": "Quantity", "items[0].variantId": "Size",
		"paymentMethod": "Payment", "fulfillment": "How you get it", "code": "Code", "kind": "Kind of discount",
		"amount": "Amount", "minSubtotalCents": "Minimum order", "maxDiscountCents": "Most off", "usageLimit": "Uses in all",
		"perCustomerLimit": "Uses per buyer", "startsAt": "First day", "endsAt": "Last day", "email": "E-mail", "role": "Role",
		"from": "Opens", "until": "Closes"}
	if n, ok := names[k]; ok {
		return n
	}
	if strings.HasPrefix(k, "pickupPoints.") || strings.HasPrefix(k, "pickupPoints[") {
		return "Pickup place"
	}
	return k
}

// back redirects after a form to path, with a flash message or an error.
func back(w http.ResponseWriter, r *http.Request, path string, err error, ok string) {
	ui.Pages{Say: message}.Back(w, r, path, err, ok)
}

type shopPage struct {
	Q, Category string
	Categories  []string
	Products    []storeapi.Product
}

func (h *Handler) homePage(w http.ResponseWriter, r *http.Request) {
	page := web.Page{Limit: 60}
	f, err := productFilter(r, page)
	if err != nil {
		f = domain.ProductFilter{Sort: domain.SortNewest, Limit: page.Limit}
	}
	err = h.shared().Shared(h.cache, w, r, shopQuery(f), feed.Window, "home.html", func(r *http.Request) (ui.View, error) {
		l, err := h.app.PublicProducts(r.Context(), f)
		if err != nil {
			return ui.View{}, err
		}
		return ui.View{Title: "Store", Data: shopPage{Q: strings.Join(f.Words, " "), Category: f.Category,
			Categories: domain.Categories, Products: h.listOut(l, false)}}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// shopQuery is the shop page's query as read: what it is drawn for, and kept under.
func shopQuery(f domain.ProductFilter) url.Values {
	q := url.Values{}
	if len(f.Words) > 0 {
		q.Set("q", strings.Join(f.Words, " "))
	}
	if f.Category != "" {
		q.Set("category", f.Category)
	}
	if f.VendorID != "" {
		q.Set("vendor", f.VendorID)
	}
	if f.InStock {
		q.Set("inStock", "true")
	}
	q.Set("sort", string(f.Sort))
	return q
}

// shared draws the store's pages that every signed-out visitor sees alike.
func (h *Handler) shared() ui.Pages {
	return ui.Pages{Templates: h.pages, Service: "store", PortalURL: h.app.PortalURL()}
}

type productPage struct {
	Product storeapi.Product
	Vendor  storeapi.Vendor
	OnSale  bool
	Chosen  string
	Error   string
}

// productPage: the buy form is shown to signed-in visitors only, so signed-out ones
// share one page per state of the catalogue.
func (h *Handler) productPage(w http.ResponseWriter, r *http.Request) {
	err := h.shared().Shared(h.cache, w, r, nil, feed.Window, "product.html", func(r *http.Request) (ui.View, error) {
		p, err := h.productView(r, "", "")
		return ui.View{Title: p.Product.Name, Data: p}, err
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

// showProduct renders a product's page, with the buy form's error and chosen
// variant when a purchase was refused.
func (h *Handler) showProduct(w http.ResponseWriter, r *http.Request, status int, chosen, problem string) {
	p, err := h.productView(r, chosen, problem)
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	h.render(w, r, status, "product.html", p.Product.Name, p)
}

// productView is what a product's page shows to the visitor r names.
func (h *Handler) productView(r *http.Request, chosen, problem string) (productPage, error) {
	d, err := h.app.ProductBySlug(r.Context(), user(r), r.PathValue("slug"))
	if err != nil {
		return productPage{}, err
	}
	if problem == "" {
		problem = r.URL.Query().Get("err")
	}
	p := h.productOut(d.Product, d.Vendor, false)
	v := h.vendorOut(d.Vendor, "", false)
	return productPage{Product: p, Vendor: v, Chosen: chosen, Error: problem,
		OnSale: d.Product.Status == domain.ProductActive && d.Vendor.Listed() && (v.CardPayments || v.PickupEnabled)}, nil
}

// buyForm checks out one variant from a product's page: to the card payment page,
// or to the order's page when it is paid at pickup.
func (h *Handler) buyForm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.pageError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	d, err := h.app.ProductBySlug(r.Context(), user(r), r.PathValue("slug"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	f := r.PostForm
	req := buyRequest(f, d.Vendor.ID)
	orders, err := h.app.Checkout(r.Context(), user(r), req)
	if err != nil {
		h.showProduct(w, r, web.Status(asError(err)), f.Get("variant"), message(err))
		return
	}
	o := orders[0]
	if o.CheckoutURL != "" {
		http.Redirect(w, r, o.CheckoutURL, http.StatusSeeOther)
		return
	}
	back(w, r, "/orders/"+o.ID, nil, "Thank you! Your order "+o.Number+" is placed.")
}

// buyRequest reads the product page's buy form as a one-line checkout at vendorID.
func buyRequest(f url.Values, vendorID string) app.CheckoutRequest {
	req := app.CheckoutRequest{Items: []domain.CartItem{{VariantID: f.Get("variant"), Quantity: atoi(f.Get("quantity"))}},
		Method: domain.PaymentMethod(f.Get("paymentMethod")), DiscountCode: f.Get("discountCode")}
	way := f.Get("way")
	switch {
	case way == "ship":
		req.Fulfillment = domain.Ship
		req.Address = &domain.Address{Name: f.Get("name"), Line1: f.Get("line1"), Line2: f.Get("line2"), City: f.Get("city"),
			State: f.Get("state"), PostalCode: f.Get("postalCode"), Country: "US"}
	case strings.HasPrefix(way, "pickup"):
		req.Fulfillment = domain.Pickup
		if point, ok := strings.CutPrefix(way, "pickup:"); ok {
			req.PickupPoints = map[string]string{vendorID: point}
		}
	}
	return req
}

// atoi reads a form's whole number; anything else is 0, which the checkout refuses
// by name.
func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

func asError(err error) *errs.Error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Errorf(errs.CodeInternal, "")
}

type vendorPage struct {
	Vendor   storeapi.Vendor
	Products []storeapi.Product
}

func (h *Handler) vendorPage(w http.ResponseWriter, r *http.Request) {
	err := h.shared().Shared(h.cache, w, r, nil, feed.Window, "vendor.html", func(r *http.Request) (ui.View, error) {
		d, err := h.app.VendorBySlug(r.Context(), user(r), r.PathValue("slug"))
		if err != nil {
			return ui.View{}, err
		}
		l, err := h.app.PublicProducts(r.Context(), domain.ProductFilter{VendorID: d.Vendor.ID, Sort: domain.SortNewest, Limit: 100})
		if err != nil {
			return ui.View{}, err
		}
		return ui.View{Title: d.Vendor.Name, Data: vendorPage{Vendor: h.vendorOut(d.Vendor, d.Role, false), Products: h.listOut(l, false)}}, nil
	})
	if err != nil {
		h.pageError(w, r, err)
	}
}

type orderPage struct {
	Order     storeapi.Order
	CanCancel bool
	Session   bool
	Error     string
}

func (h *Handler) orderPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.app.Order(r.Context(), user(r), r.PathValue("id"))
	if err != nil {
		h.pageError(w, r, err)
		return
	}
	o := v.Order
	open := o.FulfillmentStatus.Open()
	canCancel := open && (v.Role.Can(domain.RoleManager) || v.Buyer && o.PaymentStatus == domain.PaymentPending)
	h.render(w, r, http.StatusOK, "order.html", "Order "+o.Number, orderPage{Order: h.orderOut(o), CanCancel: canCancel,
		Session: r.URL.Query().Get("session") != "", Error: r.URL.Query().Get("err")})
}

func (h *Handler) cancelForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, err := h.app.Cancel(r.Context(), user(r), id, r.PostFormValue("reason"))
	back(w, r, "/orders/"+id, err, "The order is cancelled.")
}
