package restaurantsapi

import "stepperslife/internal/kit/words"

// Words are what people read for the values this API sends, by the kind of value:
// "restaurant" (a restaurant's standing), "order", "payment" (how an order is paid),
// "paymentStatus", "member" (a role on a restaurant's team) and "dietary". The
// restaurants service's pages and the portal's use the same words.
var Words = words.Vocabulary{
	"restaurant": {
		"PENDING":   {Text: "Waiting for approval", Tone: words.Wait},
		"APPROVED":  {Text: "Approved", Tone: words.Good},
		"REJECTED":  {Text: "Not approved", Tone: words.Bad},
		"SUSPENDED": {Text: "Suspended", Tone: words.Bad},
	},
	"order": {
		"PENDING":          {Text: "Received", Tone: words.Wait},
		"CONFIRMED":        {Text: "Confirmed", Tone: words.Active},
		"PREPARING":        {Text: "Preparing", Tone: words.Active},
		"READY_FOR_PICKUP": {Text: "Ready for pickup", Tone: words.Good},
		"COMPLETED":        {Text: "Picked up", Tone: words.Neutral},
		"CANCELLED":        {Text: "Cancelled", Tone: words.Bad},
		"REFUNDED":         {Text: "Refunded", Tone: words.Neutral},
	},
	"payment": {
		"card":          {Text: "Card", Tone: words.Neutral},
		"pay_at_pickup": {Text: "Pay at pickup", Tone: words.Neutral},
	},
	"paymentStatus": {
		"AWAITING_PAYMENT": {Text: "Waiting for card payment", Tone: words.Wait},
		"PAID":             {Text: "Paid", Tone: words.Good},
		"DUE_AT_PICKUP":    {Text: "Due at pickup", Tone: words.Wait},
		"REFUND_PENDING":   {Text: "Refund under way", Tone: words.Active},
		"REFUNDED":         {Text: "Refunded", Tone: words.Neutral},
		"NOT_COLLECTED":    {Text: "Nothing charged", Tone: words.Neutral},
	},
	"member": {
		"OWNER":   {Text: "Owner", Tone: words.Neutral},
		"MANAGER": {Text: "Manager", Tone: words.Neutral},
		"STAFF":   {Text: "Staff", Tone: words.Neutral},
	},
	"dietary": {
		"vegetarian":  {Text: "Vegetarian", Tone: words.Neutral},
		"vegan":       {Text: "Vegan", Tone: words.Neutral},
		"gluten-free": {Text: "Gluten-free", Tone: words.Neutral},
		"spicy":       {Text: "Spicy", Tone: words.Neutral},
	},
}
