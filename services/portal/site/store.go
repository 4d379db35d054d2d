package site

import (
	"net/http"
	"net/url"
	"strconv"

	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/ui"
	"stepperslife/internal/kit/web"
)

// The store's pages on the portal: a vendor's shop, a product with its sizes, the
// cart (kept in the browser, see storecart.go) and the buyer's store orders. Every
// price, stock figure and order is the store service's; the portal only shows them
// and forwards what the buyer asks for.

// productView is a product as its page shows it.
type productView struct {
	ID, Slug, Name, Description, Category, Price string
	Images                                       []string
	Vendor                                       storeapi.VendorSummary
	VendorHref                                   string
	Variants                                     []variantView
	// Options are how the product varies ("Size"), to name the choice.
	Options []string
	// Orderable: some variant can be bought now.
	Orderable bool
}

// variantView is one size (or colour…) of a product. A sold-out one is shown but
// cannot be chosen.
type variantView struct {
	ID, Label, Price string
	Available        int
	SoldOut, Low     bool
	Checked          bool
}

// lowLeft is how few units left make a size say "only N left".
const lowLeft = 3

// addForm is the add-to-cart form, kept to fill it again after an error.
type addForm struct {
	Variant  string
	Quantity int
	Error    string
}

type productPage struct {
	Product    productView
	Form       addForm
	Quantities []int
}

// cartQuantities are the quantities the product page offers; the store checks what
// it can give when the buyer checks out.
var cartQuantities = func() []int {
	q := make([]int, maxLineQuantity)
	for i := range q {
		q[i] = i + 1
	}
	return q
}()

func (s *Site) product(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if serveShared(s, w, r, "product "+slug, "store", "/api/products/"+pathEscape(slug), func(p storeapi.Product) (string, ui.View, error) {
		pv, err := s.buyableProduct(p)
		if err != nil {
			return "", ui.View{}, err
		}
		return "product.html", productPageView(pv, addForm{Quantity: 1}), nil
	}) {
		return
	}
	pv, err := s.loadProduct(r, slug)
	if err != nil {
		s.unavailable(w, r, "store", err)
		return
	}
	s.renderProduct(w, r, http.StatusOK, pv, addForm{Quantity: 1})
}

func (s *Site) loadProduct(r *http.Request, slug string) (productView, error) {
	p, err := getJSON[storeapi.Product](s, r, "store", "/api/products/"+pathEscape(slug))
	if err != nil {
		return productView{}, err
	}
	return s.buyableProduct(p)
}

// buyableProduct is p as its page shows it, or not found when p is not on sale.
func (s *Site) buyableProduct(p storeapi.Product) (productView, error) {
	if p.Status != "" && p.Status != "ACTIVE" {
		// The vendor's team may see its drafts through the API; buyers may not.
		return productView{}, errs.Errorf(errs.CodeNotFound, "This product is not on sale.")
	}
	return s.productOf(p), nil
}

func (s *Site) renderProduct(w http.ResponseWriter, r *http.Request, status int, pv productView, f addForm) {
	s.tpl.Render(w, r, status, "product.html", productPageView(pv, f))
}

// productPageView is what pv's page draws with the form f, a size chosen.
func productPageView(pv productView, f addForm) ui.View {
	for i := range pv.Variants {
		v := &pv.Variants[i]
		v.Checked = v.ID == f.Variant && !v.SoldOut
	}
	if f.Variant == "" {
		// The first size that can be bought is chosen; a buyer changes it in one tap.
		for i := range pv.Variants {
			if !pv.Variants[i].SoldOut {
				pv.Variants[i].Checked = true
				break
			}
		}
	}
	image := ""
	if len(pv.Images) > 0 {
		image = pv.Images[0]
	}
	return ui.View{Title: pv.Name, Description: summary(pv.Description), ImageURL: image, Service: "portal",
		Data: productPage{Product: pv, Form: f, Quantities: cartQuantities}}
}

// productOf is the store's answer as the product page shows it; what can be bought
// of each variant is the store's word.
func (s *Site) productOf(p storeapi.Product) productView {
	pv := productView{ID: p.ID, Slug: p.Slug, Name: p.Name, Description: p.Description, Category: p.Category,
		Vendor: p.Vendor, Price: priceText(p.PriceCents, p.MaxPriceCents > p.PriceCents)}
	if p.Vendor.Slug != "" {
		pv.VendorHref = "/store/vendors/" + pathEscape(p.Vendor.Slug)
	}
	for _, im := range p.Images {
		if u := s.imageURL("store", im.URL); u != "" {
			pv.Images = append(pv.Images, u)
		}
	}
	if len(pv.Images) == 0 {
		if u := s.imageURL("store", p.ImageURL); u != "" {
			pv.Images = append(pv.Images, u)
		}
	}
	for _, o := range p.Options {
		pv.Options = append(pv.Options, o.Name)
	}
	for _, v := range p.Variants {
		vv := variantView{ID: v.ID, Label: v.Label, Price: ui.Money(v.PriceCents), Available: v.Available,
			SoldOut: v.Available <= 0}
		if vv.Label == "" {
			vv.Label = p.Name
		}
		vv.Low = !vv.SoldOut && v.Available <= lowLeft
		pv.Orderable = pv.Orderable || !vv.SoldOut
		pv.Variants = append(pv.Variants, vv)
	}
	return pv
}

// vendorView is a vendor's shop as its page shows it.
type vendorView struct {
	ID, Slug, Name, Description, Logo string
	Shipping, FreeOver                string
	PickupEnabled, CardPayments       bool
	Points                            []pointView
}

// pointView is a place and time a vendor hands orders over: its shop, or a dance
// night ("pick up at the set").
type pointView struct {
	ID, Label, Address, Notes, When string
	Selected                        bool
}

type vendorPage struct {
	Vendor   vendorView
	Products []card
	More     bool
}

// vendorProducts is how many products a shop page lists.
const vendorProducts = 48

func (s *Site) storeVendor(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	v, err := getJSON[storeapi.Vendor](s, r, "store", "/api/vendors/"+pathEscape(slug))
	if err != nil {
		s.unavailable(w, r, "store", err)
		return
	}
	if v.Status != "" && v.Status != "APPROVED" {
		s.unavailable(w, r, "store", errs.Errorf(errs.CodeNotFound, "This shop is not open."))
		return
	}
	q := url.Values{"vendor": {v.ID}, "limit": {strconv.Itoa(vendorProducts)}}
	list, err := getJSON[web.List[storeapi.Product]](s, r, "store", "/api/products?"+q.Encode())
	if err != nil {
		s.unavailable(w, r, "store", err)
		return
	}
	p := vendorPage{Vendor: s.vendorOf(v), More: list.Pagination.HasMore}
	for _, x := range list.Items {
		p.Products = append(p.Products, s.productCard(x))
	}
	s.tpl.Render(w, r, http.StatusOK, "vendor.html", ui.View{
		Title: v.Name, Description: summary(v.Description), ImageURL: p.Vendor.Logo, Service: "portal", Data: p,
	})
}

func (s *Site) vendorOf(v storeapi.Vendor) vendorView {
	vv := vendorView{ID: v.ID, Slug: v.Slug, Name: v.Name, Description: v.Description, Logo: s.imageURL("store", v.LogoURL),
		Shipping: ui.Money(v.ShippingRateCents), PickupEnabled: v.PickupEnabled, CardPayments: v.CardPayments}
	if v.ShippingRateCents == 0 {
		vv.Shipping = "Free"
	}
	if v.FreeShippingOverCents > 0 && v.ShippingRateCents > 0 {
		vv.FreeOver = ui.Money(v.FreeShippingOverCents)
	}
	if v.PickupEnabled {
		for _, p := range v.PickupPoints {
			vv.Points = append(vv.Points, pointOf(p))
		}
	}
	return vv
}

func pointOf(p storeapi.PickupPoint) pointView {
	pv := pointView{ID: p.ID, Label: p.Label, Address: p.Address, Notes: p.Notes}
	switch {
	case p.StartsAt != nil && p.EndsAt != nil:
		pv.When = datetime(*p.StartsAt) + " – " + p.EndsAt.In(chicago).Format("3:04 PM")
	case p.StartsAt != nil:
		pv.When = datetime(*p.StartsAt)
	}
	return pv
}

// productCard is a product of the store's list as a card shows it.
func (s *Site) productCard(p storeapi.Product) card {
	c := card{ID: p.ID, Title: p.Name, Summary: summary(p.Description), Href: "/store/products/" + url.PathEscape(p.Slug),
		ImageURL: s.imageURL("store", p.ImageURL), Kind: "product", Place: p.Vendor.Name,
		Price: priceText(p.PriceCents, p.MaxPriceCents > p.PriceCents)}
	if !p.InStock {
		c.Note = "Sold out"
	}
	return c
}

// storeHref is where a store item of the portal's feed leads on the portal: a
// product to its page, an order to the buyer's store orders; "" when the portal
// has no page for it.
func storeHref(kind, id, slug string) string {
	switch {
	case kind == "product" && slug != "":
		return "/store/products/" + url.PathEscape(slug)
	case kind == "order" && id != "":
		return "/me/store-orders#" + orderAnchor(id)
	}
	return ""
}
