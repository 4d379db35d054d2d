package storeapi

import "stepperslife/internal/kit/words"

// Words are what people read for the values this API sends, by the kind of value:
// "vendor" (a vendor's standing), "product" (a product's status), "category",
// "payment" (an order's payment status), "fulfillment" (its fulfilment status),
// "way" (ship or pickup), "method" (how it is paid), "discount" (a code's kind),
// "member" (a role on a vendor's team), "carrier" and "decision" (an admin's action
// on a vendor, as its audit trail names it). The store's pages and the
// portal's use the same words. In the portal's feed, a "product" item's status is
// SoldOut (words under "product") and an "order" item's is its fulfilment status
// (words under "fulfillment").
var Words = words.Vocabulary{
	"vendor": {
		"PENDING":   {Text: "Waiting for approval", Tone: words.Wait},
		"APPROVED":  {Text: "Approved", Tone: words.Good},
		"REJECTED":  {Text: "Not approved", Tone: words.Bad},
		"SUSPENDED": {Text: "Suspended", Tone: words.Bad},
	},
	"product": {
		"ACTIVE":   {Text: "On sale", Tone: words.Good},
		"DRAFT":    {Text: "Draft", Tone: words.Neutral},
		"ARCHIVED": {Text: "Archived", Tone: words.Neutral},
		SoldOut:    {Text: "Sold out", Tone: words.Bad},
	},
	"category": {
		"APPAREL":     {Text: "Apparel", Tone: words.Neutral},
		"SHOES":       {Text: "Shoes", Tone: words.Neutral},
		"MUSIC":       {Text: "Music", Tone: words.Neutral},
		"ACCESSORIES": {Text: "Accessories", Tone: words.Neutral},
		"OTHER":       {Text: "Other", Tone: words.Neutral},
	},
	"payment": {
		"PENDING":            {Text: "Not paid yet", Tone: words.Wait},
		"PAID":               {Text: "Paid", Tone: words.Good},
		"FAILED":             {Text: "Payment failed", Tone: words.Bad},
		"VOIDED":             {Text: "Not charged", Tone: words.Neutral},
		"PARTIALLY_REFUNDED": {Text: "Partly refunded", Tone: words.Neutral},
		"REFUNDED":           {Text: "Refunded", Tone: words.Neutral},
	},
	"fulfillment": {
		"UNFULFILLED":      {Text: "Being prepared", Tone: words.Wait},
		"SHIPPED":          {Text: "Shipped", Tone: words.Active},
		"DELIVERED":        {Text: "Delivered", Tone: words.Good},
		"READY_FOR_PICKUP": {Text: "Ready for pickup", Tone: words.Active},
		"PICKED_UP":        {Text: "Picked up", Tone: words.Good},
		"CANCELLED":        {Text: "Cancelled", Tone: words.Bad},
	},
	"way": {
		"ship":   {Text: "Shipping", Tone: words.Neutral},
		"pickup": {Text: "Pickup", Tone: words.Neutral},
	},
	"method": {
		"card":          {Text: "Card", Tone: words.Neutral},
		"pay_at_pickup": {Text: "Pay at pickup", Tone: words.Neutral},
	},
	"discount": {
		"PERCENT": {Text: "Percent off", Tone: words.Neutral},
		"FIXED":   {Text: "Amount off", Tone: words.Neutral},
	},
	"member": {
		"OWNER":   {Text: "Owner", Tone: words.Neutral},
		"MANAGER": {Text: "Manager", Tone: words.Neutral},
		"STAFF":   {Text: "Staff", Tone: words.Neutral},
	},
	"carrier": {
		"USPS":  {Text: "USPS", Tone: words.Neutral},
		"UPS":   {Text: "UPS", Tone: words.Neutral},
		"FEDEX": {Text: "FedEx", Tone: words.Neutral},
		"DHL":   {Text: "DHL", Tone: words.Neutral},
		"OTHER": {Text: "Other carrier", Tone: words.Neutral},
	},
	"decision": {
		"approve":   {Text: "Approved", Tone: words.Good},
		"reject":    {Text: "Not approved", Tone: words.Bad},
		"suspend":   {Text: "Suspended", Tone: words.Bad},
		"reinstate": {Text: "Reinstated", Tone: words.Good},
	},
}
