package servicesapi

import "stepperslife/internal/kit/words"

// Words are what people read for the values this API sends, by kind: "provider" (a
// listing's status), "category", "inquiry", "review" (a review's status), "price"
// (a price range), "area" (a service area's kind), "genre", "floor", "parking".
var Words = words.Vocabulary{
	"provider": {
		"PENDING":   {Text: "Waiting for review", Tone: words.Wait},
		"APPROVED":  {Text: "Listed", Tone: words.Good},
		"REJECTED":  {Text: "Not accepted", Tone: words.Bad},
		"SUSPENDED": {Text: "Suspended", Tone: words.Bad},
	},
	"category": {
		"DJ":             {Text: "DJs", Tone: words.Neutral},
		"PHOTOGRAPHER":   {Text: "Photographers", Tone: words.Neutral},
		"VIDEOGRAPHER":   {Text: "Videographers", Tone: words.Neutral},
		"VENUE":          {Text: "Venues", Tone: words.Neutral},
		"CATERER":        {Text: "Caterers", Tone: words.Neutral},
		"DECORATOR":      {Text: "Decorators", Tone: words.Neutral},
		"FLORIST":        {Text: "Florists", Tone: words.Neutral},
		"HAIR_MAKEUP":    {Text: "Hair and make-up", Tone: words.Neutral},
		"TRANSPORTATION": {Text: "Transportation", Tone: words.Neutral},
		"ENTERTAINMENT":  {Text: "Entertainment", Tone: words.Neutral},
	},
	"inquiry": {
		"NEW":       {Text: "New", Tone: words.Active},
		"VIEWED":    {Text: "Seen", Tone: words.Wait},
		"RESPONDED": {Text: "Answered", Tone: words.Good},
		"ARCHIVED":  {Text: "Archived", Tone: words.Neutral},
	},
	"review": {
		"VISIBLE":  {Text: "Shown", Tone: words.Good},
		"REPORTED": {Text: "Hidden while reviewed", Tone: words.Wait},
		"REMOVED":  {Text: "Removed", Tone: words.Bad},
	},
	"price": {
		"BUDGET":   {Text: "$ · budget", Tone: words.Neutral},
		"MODERATE": {Text: "$$ · moderate", Tone: words.Neutral},
		"PREMIUM":  {Text: "$$$ · premium", Tone: words.Neutral},
		"LUXURY":   {Text: "$$$$ · luxury", Tone: words.Neutral},
	},
	"area": {
		"RADIUS": {Text: "Travels within a radius", Tone: words.Neutral},
		"CITIES": {Text: "Serves named cities", Tone: words.Neutral},
		"ONLINE": {Text: "Works online, anywhere", Tone: words.Neutral},
	},
	"genre": {
		"STEPPERS": {Text: "Steppers", Tone: words.Neutral}, "RNB": {Text: "R&B", Tone: words.Neutral},
		"SOUL": {Text: "Soul", Tone: words.Neutral}, "HOUSE": {Text: "House", Tone: words.Neutral},
		"HIP_HOP": {Text: "Hip-hop", Tone: words.Neutral}, "JAZZ": {Text: "Jazz", Tone: words.Neutral},
		"BLUES": {Text: "Blues", Tone: words.Neutral}, "GOSPEL": {Text: "Gospel", Tone: words.Neutral},
		"OLD_SCHOOL": {Text: "Old school", Tone: words.Neutral}, "LINE_DANCE": {Text: "Line dance", Tone: words.Neutral},
	},
	"floor": {
		"HARDWOOD": {Text: "Hardwood", Tone: words.Neutral}, "TILE": {Text: "Tile", Tone: words.Neutral},
		"CONCRETE": {Text: "Concrete", Tone: words.Neutral}, "PORTABLE": {Text: "Portable floor", Tone: words.Neutral},
		"NONE": {Text: "No dance floor", Tone: words.Neutral},
	},
	"parking": {
		"FREE_LOT": {Text: "Free lot", Tone: words.Neutral}, "PAID_LOT": {Text: "Paid lot", Tone: words.Neutral},
		"STREET": {Text: "Street parking", Tone: words.Neutral}, "VALET": {Text: "Valet", Tone: words.Neutral},
		"NONE": {Text: "No parking", Tone: words.Neutral},
	},
}
