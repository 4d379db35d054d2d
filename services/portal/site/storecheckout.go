package site

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/auth"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// cartGroup is one vendor's part of the cart: it becomes one order.
type cartGroup struct {
	Vendor   vendorView
	Lines    []cartLineView
	Subtotal string
}

type cartLineView struct {
	Product, ProductName, Variant, Label, Price, Total, Image string
	Quantity, Available                                       int
	// Short says the store has fewer than the cart asks for.
	Short string
}

// checkoutForm is what the checkout form holds, kept to fill it again after an error.
type checkoutForm struct {
	Key, Fulfillment, Payment, Discount string
	Address                             storeapi.Address
	Points                              map[string]string // vendor id → pickup point id
	Error                               string
	SignIn                              bool
}

type cartPage struct {
	Groups []cartGroup
	// Gone names what the cart held that the store no longer sells.
	Gone       []string
	Units      int
	Subtotal   string
	Quantities []int
	Form       checkoutForm
	SignedIn   bool
	// What the buyer may choose: pickup when every vendor offers it, card when
	// every vendor can take cards now.
	CanPickup, CanCard bool
	Added              bool
	Down               bool
}

func (s *Site) cartPage(w http.ResponseWriter, r *http.Request) {
	c := readCart(r)
	p := s.loadCart(r, c)
	p.Form = checkoutForm{Key: newKey(), Fulfillment: storeapi.Ship, Payment: storeapi.PayCard,
		Address: storeapi.Address{Country: "US"}}
	if u, ok := auth.FromContext(r.Context()); ok {
		p.Form.Address.Name = u.Name
	}
	if !p.CanCard && p.CanPickup {
		p.Form.Fulfillment, p.Form.Payment = storeapi.Pickup, storeapi.PayAtPickup
	}
	p.Added = r.URL.Query().Get("added") == "1"
	s.renderCart(w, r, http.StatusOK, p)
}

func (s *Site) renderCart(w http.ResponseWriter, r *http.Request, status int, p cartPage) {
	p.Quantities = append([]int{0}, cartQuantities...)
	_, p.SignedIn = auth.FromContext(r.Context())
	for gi := range p.Groups {
		for pi := range p.Groups[gi].Vendor.Points {
			pt := &p.Groups[gi].Vendor.Points[pi]
			pt.Selected = p.Form.Points[p.Groups[gi].Vendor.ID] == pt.ID
		}
	}
	if p.Down {
		w.Header().Set("Retry-After", "30")
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, status, "cart.html", ui.View{Title: "Your cart", Service: "portal", Data: p})
}

// loadCart asks the store for every product and vendor of the cart, at once, and
// lays the cart out by vendor with the store's prices and what it has left.
func (s *Site) loadCart(r *http.Request, c cart) cartPage {
	var p cartPage
	slugs := c.products()
	products := make([]storeapi.Product, len(slugs))
	errors := make([]error, len(slugs))
	var wg sync.WaitGroup
	for i, slug := range slugs {
		wg.Go(func() {
			products[i], errors[i] = getJSON[storeapi.Product](s, r, "store", "/api/products/"+pathEscape(slug))
		})
	}
	wg.Wait()
	bySlug := map[string]storeapi.Product{}
	for i, slug := range slugs {
		switch {
		case errors[i] == nil && products[i].Status == "ACTIVE":
			bySlug[slug] = products[i]
		case errors[i] != nil && asError(errors[i]).Code != errs.CodeNotFound:
			p.Down = true
		}
	}
	vendors := s.loadVendors(r, bySlug, &p)
	index := map[string]int{}
	var total int64
	var subtotals []int64
	for _, e := range c {
		pr, ok := bySlug[e.Product]
		var v *storeapi.Variant
		for i := range pr.Variants {
			if pr.Variants[i].ID == e.Variant {
				v = &pr.Variants[i]
			}
		}
		vd, vok := vendors[pr.Vendor.ID]
		if !ok || v == nil || !vok {
			if ok || !p.Down {
				p.Gone = append(p.Gone, goneName(pr))
			}
			continue
		}
		gi, seen := index[vd.ID]
		if !seen {
			gi = len(p.Groups)
			index[vd.ID] = gi
			p.Groups = append(p.Groups, cartGroup{Vendor: s.vendorOf(vd)})
			subtotals = append(subtotals, 0)
		}
		line := cartLineView{Product: pr.Slug, ProductName: pr.Name, Variant: v.ID, Label: v.Label, Price: ui.Money(v.PriceCents),
			Total: ui.Money(v.PriceCents * int64(e.Quantity)), Quantity: e.Quantity, Available: v.Available,
			Image: s.imageURL("store", firstNonEmpty(v.ImageURL, pr.ImageURL))}
		if v.Available < e.Quantity {
			line.Short = shortNote(v.Available)
		}
		g := &p.Groups[gi]
		g.Lines = append(g.Lines, line)
		subtotals[gi] += v.PriceCents * int64(e.Quantity)
		total += v.PriceCents * int64(e.Quantity)
		p.Units += e.Quantity
	}
	p.CanPickup, p.CanCard = len(p.Groups) > 0, len(p.Groups) > 0
	for gi := range p.Groups {
		g := &p.Groups[gi]
		g.Subtotal = ui.Money(subtotals[gi])
		p.CanPickup = p.CanPickup && g.Vendor.PickupEnabled
		p.CanCard = p.CanCard && g.Vendor.CardPayments
	}
	p.Subtotal = ui.Money(total)
	return p
}

// loadVendors asks the store for each vendor of the cart's products, at once.
func (s *Site) loadVendors(r *http.Request, products map[string]storeapi.Product, p *cartPage) map[string]storeapi.Vendor {
	var slugs []string
	seen := map[string]bool{}
	for _, pr := range products {
		if !seen[pr.Vendor.Slug] {
			seen[pr.Vendor.Slug] = true
			slugs = append(slugs, pr.Vendor.Slug)
		}
	}
	got := make([]storeapi.Vendor, len(slugs))
	errors := make([]error, len(slugs))
	var wg sync.WaitGroup
	for i, slug := range slugs {
		wg.Go(func() {
			got[i], errors[i] = getJSON[storeapi.Vendor](s, r, "store", "/api/vendors/"+pathEscape(slug))
		})
	}
	wg.Wait()
	out := map[string]storeapi.Vendor{}
	for i := range slugs {
		switch {
		case errors[i] == nil && (got[i].Status == "" || got[i].Status == "APPROVED"):
			out[got[i].ID] = got[i]
		case errors[i] != nil && asError(errors[i]).Code != errs.CodeNotFound:
			p.Down = true
		}
	}
	return out
}

func goneName(p storeapi.Product) string {
	if p.Name != "" {
		return p.Name
	}
	return "An item"
}

func shortNote(available int) string {
	if available <= 0 {
		return "Sold out"
	}
	return "Only " + strconv.Itoa(available) + " left"
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// changeCart adds a variant to the cart (from a product page) or sets how many of
// one the cart holds (from the cart page).
func (s *Site) changeCart(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	product, variant := strings.TrimSpace(r.PostFormValue("product")), strings.TrimSpace(r.PostFormValue("variant"))
	q, qerr := strconv.Atoi(r.PostFormValue("quantity"))
	add := r.PostFormValue("mode") != "set"
	c := readCart(r)
	if !add {
		if qerr != nil || q < 0 || q > maxLineQuantity {
			web.WriteError(w, r, errs.Invalid(map[string]string{"quantity": "must be from 0 to " + strconv.Itoa(maxLineQuantity)}))
			return
		}
		c, _ = c.set(product, variant, q, false)
		writeCart(w, r, c)
		http.Redirect(w, r, "/store/cart", http.StatusSeeOther)
		return
	}
	pv, err := s.loadProduct(r, product)
	if err != nil {
		s.unavailable(w, r, "store", err)
		return
	}
	f := addForm{Variant: variant, Quantity: q}
	var chosen *variantView
	for i := range pv.Variants {
		if pv.Variants[i].ID == variant {
			chosen = &pv.Variants[i]
		}
	}
	switch {
	case chosen == nil:
		f.Error = "Choose a size."
	case chosen.SoldOut:
		f.Error = chosen.Label + " is sold out; choose another."
	case qerr != nil || q < 1 || q > maxLineQuantity:
		f.Error = "Choose how many, from 1 to " + strconv.Itoa(maxLineQuantity) + "."
	case q > chosen.Available:
		f.Error = "Only " + strconv.Itoa(chosen.Available) + " of " + chosen.Label + " left."
	}
	if f.Error == "" {
		var ok bool
		if c, ok = c.set(pv.Slug, variant, q, true); !ok {
			f.Error = "Your cart is full. Check out what is in it first."
		}
	}
	if f.Error != "" {
		s.renderProduct(w, r, http.StatusBadRequest, pv, f)
		return
	}
	writeCart(w, r, c)
	http.Redirect(w, r, "/store/cart?added=1", http.StatusSeeOther)
}

func checkoutFormOf(r *http.Request) checkoutForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := checkoutForm{Key: v("idempotency_key"), Fulfillment: v("fulfillment"), Payment: v("payment"), Discount: v("discount"),
		Address: storeapi.Address{Name: v("name"), Line1: v("line1"), Line2: v("line2"), City: v("city"), State: v("state"),
			PostalCode: v("postalCode"), Country: v("country")},
		Points: map[string]string{}}
	for k, vals := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "pickup."); ok && plainToken(id, maxIDLen) && len(vals) > 0 && plainToken(vals[0], maxIDLen) {
			f.Points[id] = vals[0]
		}
	}
	if f.Key == "" || len(f.Key) > 64 {
		f.Key = newKey()
	}
	return f
}

// checkout forwards the cart to the store, which prices it and makes one order per
// vendor; the cart is emptied once the store took it.
func (s *Site) checkout(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		web.WriteError(w, r, errs.Errorf(errs.CodeValidation, "The form could not be read."))
		return
	}
	c := readCart(r)
	f := checkoutFormOf(r)
	if _, ok := auth.FromContext(r.Context()); !ok {
		p := s.loadCart(r, c)
		f.Error, f.SignIn = "Please sign in to check out; your cart stays as it is.", true
		p.Form = f
		s.renderCart(w, r, http.StatusUnauthorized, p)
		return
	}
	if len(c) == 0 {
		http.Redirect(w, r, "/store/cart", http.StatusSeeOther)
		return
	}
	req := storeapi.CheckoutRequest{Items: c.items(), Fulfillment: f.Fulfillment, PaymentMethod: f.Payment,
		DiscountCode: f.Discount}
	switch f.Fulfillment {
	case storeapi.Ship:
		a := f.Address
		req.ShippingAddress = &a
		req.PaymentMethod = storeapi.PayCard
	case storeapi.Pickup:
		if len(f.Points) > 0 {
			req.PickupPoints = f.Points
		}
	}
	res, err := postJSON[storeapi.CheckoutResult](s, r, "store", "/api/checkout", req, f.Key)
	if err != nil {
		e := asError(err)
		p := s.loadCart(r, c)
		f.Error, f.SignIn = politely(e, "store"), e.Code == errs.CodeUnauthenticated
		markShort(&p, e)
		p.Form = f
		s.renderCart(w, r, web.Status(e), p)
		return
	}
	writeCart(w, r, nil)
	s.storeDone(w, r, res)
}

// markShort notes on each line of the cart what the store said it has left.
func markShort(p *cartPage, e *errs.Error) {
	if e.Code != errs.CodeInsufficientStock {
		return
	}
	list, _ := e.Details["variants"].([]any)
	left := map[string]int{}
	for _, x := range list {
		m, _ := x.(map[string]any)
		id, _ := m["variantId"].(string)
		n, _ := m["available"].(float64)
		left[id] = int(n)
	}
	for gi := range p.Groups {
		for li := range p.Groups[gi].Lines {
			l := &p.Groups[gi].Lines[li]
			if n, ok := left[l.Variant]; ok {
				l.Available, l.Short = n, shortNote(n)
			}
		}
	}
}

type storeDonePage struct {
	Orders []storeOrderView
	Total  string
	ToPay  int // how many orders wait for a card payment
}

// storeDone shows the orders the store made of the cart. One order to pay by card
// goes straight to its payment page; several (one per vendor, each its own payment)
// are listed with a button each.
func (s *Site) storeDone(w http.ResponseWriter, r *http.Request, res storeapi.CheckoutResult) {
	p := storeDonePage{}
	var total int64
	for _, o := range res.Orders {
		ov := s.storeOrderOf(o)
		if ov.PayURL != "" {
			p.ToPay++
		}
		total += o.TotalCents
		p.Orders = append(p.Orders, ov)
	}
	if p.ToPay == 1 && len(p.Orders) == 1 {
		http.Redirect(w, r, p.Orders[0].PayURL, http.StatusSeeOther)
		return
	}
	p.Total = ui.Money(total)
	w.Header().Set("Cache-Control", "private, no-store")
	s.tpl.Render(w, r, http.StatusCreated, "store_done.html", ui.View{Title: "Thank you", Service: "portal", Data: p})
}
