package classesapi

import "stepperslife/internal/kit/words"

// Words are what people read for the values this API sends, by the kind of value:
// "class" (a class's status), "session", "enrollment", "style", "level", "kind",
// "role", "attendance", "payment" (a payment method), "review" (a review's standing)
// and, for the admin pages, "decision" (an admin's action as the audit trail names it)
// and "decide" (its button). The classes service's pages and the portal's use the
// same words.
var Words = words.Vocabulary{
	"class": {
		"DRAFT":     {Text: "Draft", Tone: words.Neutral},
		"PUBLISHED": {Text: "Open for enrolment", Tone: words.Good},
		"COMPLETED": {Text: "Finished", Tone: words.Neutral},
		"CANCELLED": {Text: "Cancelled", Tone: words.Bad},
	},
	"session": {
		"SCHEDULED": {Text: "Scheduled", Tone: words.Good},
		"COMPLETED": {Text: "Held", Tone: words.Neutral},
		"CANCELLED": {Text: "Cancelled", Tone: words.Bad},
	},
	"enrollment": {
		"PENDING_PAYMENT": {Text: "Waiting for card payment", Tone: words.Wait},
		"CONFIRMED":       {Text: "Enrolled", Tone: words.Good},
		"WAITLISTED":      {Text: "On the waitlist", Tone: words.Wait},
		"OFFERED":         {Text: "Seat offered — claim it", Tone: words.Active},
		"CANCELLED":       {Text: "Cancelled", Tone: words.Bad},
		"REFUNDED":        {Text: "Refunded", Tone: words.Neutral},
		"EXPIRED":         {Text: "Expired", Tone: words.Neutral},
	},
	"style": {
		"STEPPIN":    {Text: "Steppin", Tone: words.Neutral},
		"WALKIN":     {Text: "Walkin", Tone: words.Neutral},
		"LINE_DANCE": {Text: "Line dance", Tone: words.Neutral},
		"HAND_DANCE": {Text: "Hand dance", Tone: words.Neutral},
		"FOOTWORK":   {Text: "Footwork", Tone: words.Neutral},
		"OTHER":      {Text: "Dance", Tone: words.Neutral},
	},
	"level": {
		"BEGINNER":     {Text: "Beginner", Tone: words.Neutral},
		"INTERMEDIATE": {Text: "Intermediate", Tone: words.Neutral},
		"ADVANCED":     {Text: "Advanced", Tone: words.Neutral},
		"ALL_LEVELS":   {Text: "All levels", Tone: words.Neutral},
	},
	"kind": {
		"SERIES":  {Text: "Whole series", Tone: words.Neutral},
		"DROP_IN": {Text: "Drop-in", Tone: words.Neutral},
	},
	"role": {
		"LEAD":   {Text: "Lead", Tone: words.Neutral},
		"FOLLOW": {Text: "Follow", Tone: words.Neutral},
		"EITHER": {Text: "Lead or follow", Tone: words.Neutral},
	},
	"attendance": {
		"PRESENT": {Text: "Present", Tone: words.Good},
		"ABSENT":  {Text: "Absent", Tone: words.Bad},
		"LATE":    {Text: "Late", Tone: words.Wait},
		"EXCUSED": {Text: "Excused", Tone: words.Neutral},
	},
	"payment": {
		"free": {Text: "Free", Tone: words.Neutral},
		"card": {Text: "Card", Tone: words.Neutral},
		"door": {Text: "Pay at the door", Tone: words.Neutral},
	},
	"review": {
		"SHOWN":    {Text: "Shown", Tone: words.Good},
		"REPORTED": {Text: "Reported, hidden", Tone: words.Wait},
		"KEPT":     {Text: "Kept by an admin", Tone: words.Good},
		"REMOVED":  {Text: "Removed", Tone: words.Bad},
	},
	"decision": {
		"verify":    {Text: "Verified", Tone: words.Good},
		"unverify":  {Text: "No longer verified", Tone: words.Bad},
		"feature":   {Text: "Featured", Tone: words.Good},
		"unfeature": {Text: "No longer featured", Tone: words.Neutral},
		"keep":      {Text: "Kept", Tone: words.Good},
		"remove":    {Text: "Removed", Tone: words.Bad},
	},
	"decide": {
		"verify":    {Text: "Verify", Tone: words.Good},
		"unverify":  {Text: "Take the verified mark off", Tone: words.Bad},
		"feature":   {Text: "Feature", Tone: words.Good},
		"unfeature": {Text: "Stop featuring", Tone: words.Neutral},
		"keep":      {Text: "Keep the review", Tone: words.Good},
		"remove":    {Text: "Remove the review", Tone: words.Bad},
	},
}
