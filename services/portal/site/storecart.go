package site

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/api/storeapi"
)

// The cart lives in the buyer's browser, in one cookie: which variant of which
// product and how many. It holds no prices; the cart page and the checkout ask the
// store for them each time, so the portal keeps nothing and trusts nothing it was sent.

const (
	cartCookie = "sl_cart"
	cartTTL    = 14 * 24 * time.Hour
	// maxCartLines and maxCartProducts keep the cookie small and the cart page's
	// calls to the store few; maxLineQuantity is the store's own limit per line.
	maxCartLines    = 20
	maxCartProducts = 12
	maxLineQuantity = 20
	maxIDLen        = 64
	maxSlugLen      = 160
)

// cartLine is one variant in the cart.
type cartEntry struct {
	Product, Variant string // the product's slug and the variant's id
	Quantity         int
}

type cart []cartEntry

// readCart is the browser's cart; anything unreadable in it is dropped.
func readCart(r *http.Request) cart {
	c, err := r.Cookie(cartCookie)
	if err != nil {
		return nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil
	}
	var out cart
	products := map[string]bool{}
	for _, part := range strings.Split(string(raw), "\n") {
		f := strings.Split(part, "\t")
		if len(f) != 3 {
			continue
		}
		q, err := strconv.Atoi(f[2])
		e := cartEntry{Product: f[0], Variant: f[1], Quantity: q}
		if err != nil || !e.valid() || out.find(e.Variant) >= 0 || len(out) == maxCartLines {
			continue
		}
		if !products[e.Product] && len(products) == maxCartProducts {
			continue
		}
		products[e.Product] = true
		out = append(out, e)
	}
	return out
}

func (e cartEntry) valid() bool {
	return plainToken(e.Product, maxSlugLen) && plainToken(e.Variant, maxIDLen) && e.Quantity >= 1 && e.Quantity <= maxLineQuantity
}

// plainToken reports whether s is a non-empty slug or id: letters, digits, - and _.
func plainToken(s string, most int) bool {
	if s == "" || len(s) > most {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (c cart) find(variant string) int {
	for i, e := range c {
		if e.Variant == variant {
			return i
		}
	}
	return -1
}

// products are the distinct product slugs of the cart, in order.
func (c cart) products() []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range c {
		if !seen[e.Product] {
			seen[e.Product] = true
			out = append(out, e.Product)
		}
	}
	return out
}

// set makes the cart hold q of variant (q 0 takes it out); add adds to what it has.
// Either reports false when the cart has no room for another line or product.
func (c cart) set(product, variant string, q int, add bool) (cart, bool) {
	i := c.find(variant)
	if i >= 0 {
		if add {
			q += c[i].Quantity
		}
		q = min(q, maxLineQuantity)
		if q <= 0 {
			return append(c[:i:i], c[i+1:]...), true
		}
		c[i].Quantity = q
		return c, true
	}
	if q <= 0 {
		return c, true
	}
	e := cartEntry{Product: product, Variant: variant, Quantity: min(q, maxLineQuantity)}
	if !e.valid() || len(c) >= maxCartLines {
		return c, false
	}
	if !slices.Contains(c.products(), product) && len(c.products()) >= maxCartProducts {
		return c, false
	}
	return append(c, e), true
}

func (c cart) units() int {
	n := 0
	for _, e := range c {
		n += e.Quantity
	}
	return n
}

// items is the cart as the store's checkout asks for it: variants and quantities,
// never a price.
func (c cart) items() []storeapi.CheckoutItem {
	out := make([]storeapi.CheckoutItem, 0, len(c))
	for _, e := range c {
		out = append(out, storeapi.CheckoutItem{VariantID: e.Variant, Quantity: e.Quantity})
	}
	return out
}

// writeCart stores c in the browser; an empty cart removes the cookie.
func writeCart(w http.ResponseWriter, r *http.Request, c cart) {
	ck := &http.Cookie{Name: cartCookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"}
	if len(c) == 0 {
		ck.MaxAge = -1
	} else {
		lines := make([]string, 0, len(c))
		for _, e := range c {
			lines = append(lines, e.Product+"\t"+e.Variant+"\t"+strconv.Itoa(e.Quantity))
		}
		ck.Value = base64.RawURLEncoding.EncodeToString([]byte(strings.Join(lines, "\n")))
		ck.MaxAge = int(cartTTL / time.Second)
	}
	http.SetCookie(w, ck)
}
