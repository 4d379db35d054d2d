package eventsapi

import "stepperslife/internal/kit/words"

// Words are what people read for the values this API sends, by the kind of value:
// "event" (an event's status), "order", "ticket", "category", "payment" (a payment
// method) and "discount" (a code's kind). The events service's pages and the portal's
// use the same words.
var Words = words.Vocabulary{
	"event": {
		"DRAFT":     {Text: "Draft", Tone: words.Neutral},
		"PUBLISHED": {Text: "On sale", Tone: words.Good},
		"COMPLETED": {Text: "Over", Tone: words.Neutral},
		"CANCELLED": {Text: "Cancelled", Tone: words.Bad},
	},
	"order": {
		"PENDING":         {Text: "Waiting for card payment", Tone: words.Wait},
		"PENDING_PAYMENT": {Text: "Pay at the door", Tone: words.Wait},
		"COMPLETED":       {Text: "Confirmed", Tone: words.Good},
		"FAILED":          {Text: "Payment failed", Tone: words.Bad},
		"CANCELLED":       {Text: "Cancelled", Tone: words.Bad},
		"REFUNDED":        {Text: "Refunded", Tone: words.Neutral},
	},
	"ticket": {
		"PENDING":   {Text: "Not paid yet", Tone: words.Wait},
		"VALID":     {Text: "Valid", Tone: words.Good},
		"SCANNED":   {Text: "Checked in", Tone: words.Active},
		"CANCELLED": {Text: "Cancelled", Tone: words.Bad},
		"REFUNDED":  {Text: "Refunded", Tone: words.Neutral},
	},
	"category": {
		"BALL":        {Text: "Ball", Tone: words.Neutral},
		"SET":         {Text: "Set", Tone: words.Neutral},
		"WORKSHOP":    {Text: "Workshop", Tone: words.Neutral},
		"CRUISE":      {Text: "Cruise", Tone: words.Neutral},
		"SOCIAL":      {Text: "Social", Tone: words.Neutral},
		"COMPETITION": {Text: "Competition", Tone: words.Neutral},
		"OTHER":       {Text: "Event", Tone: words.Neutral},
	},
	"payment": {
		"free": {Text: "Free", Tone: words.Neutral},
		"card": {Text: "Card", Tone: words.Neutral},
		"cash": {Text: "Cash at the door", Tone: words.Neutral},
	},
	"discount": {
		"PERCENT": {Text: "Percent off", Tone: words.Neutral},
		"FIXED":   {Text: "Amount off", Tone: words.Neutral},
	},
}
