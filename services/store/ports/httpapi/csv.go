package httpapi

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"

	"stepperslife/internal/kit/web"
	"stepperslife/services/store/domain"
)

// maxCSVOrders bounds one export; a shop with more exports by status.
const maxCSVOrders = 10_000

// wantsCSV reports whether the caller asked for CSV (Accept: text/csv).
func wantsCSV(r *http.Request) bool { return strings.Contains(r.Header.Get("Accept"), "text/csv") }

// writeOrdersCSV answers every order of a vendor, newest first, as CSV for a
// spreadsheet (its team and admins).
func (h *Handler) writeOrdersCSV(w http.ResponseWriter, r *http.Request, vendorID string) error {
	var all []domain.Order
	for offset := 0; offset < maxCSVOrders; offset += web.MaxLimit {
		l, err := h.app.VendorOrders(r.Context(), user(r), vendorID, domain.OrderFilter{Limit: web.MaxLimit, Offset: offset})
		if err != nil {
			return err
		}
		all = append(all, l.Items...)
		if len(all) >= l.Total || len(l.Items) == 0 {
			break
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="orders.csv"`)
	w.WriteHeader(http.StatusOK)
	out := csv.NewWriter(w)
	_ = out.Write([]string{"order", "placed", "customer", "email", "fulfillment", "status", "payment method",
		"payment", "items", "subtotal", "discount", "shipping", "tax", "total", "refunded", "carrier", "tracking"})
	for _, o := range all {
		var items []string
		for _, l := range o.Lines {
			item := fmt.Sprintf("%d × %s", l.Quantity, l.ProductName)
			if l.VariantLabel != "" {
				item += " (" + l.VariantLabel + ")"
			}
			items = append(items, item+" ["+l.SKU+"]")
		}
		_ = out.Write(cells(o.Number, o.CreatedAt.Format("2006-01-02 15:04:05Z"), o.CustomerName, o.CustomerEmail,
			string(o.Fulfillment), string(o.FulfillmentStatus), string(o.Method), string(o.PaymentStatus),
			strings.Join(items, "; "), dollars(o.SubtotalCents), dollars(o.DiscountCents), dollars(o.ShippingCents),
			dollars(o.TaxCents), dollars(o.TotalCents), dollars(o.RefundedCents), o.Carrier, o.TrackingNumber))
	}
	out.Flush()
	return nil
}

func dollars(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// cells guards each value against being read as a formula by a spreadsheet: a
// buyer's name may start with =, +, - or @.
func cells(vs ...string) []string {
	for i, v := range vs {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			vs[i] = "'" + v
		}
	}
	return vs
}
