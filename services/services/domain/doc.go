// Package domain holds the services directory's rules as plain Go: providers (the ten
// categories and their details, contact, place and service area, prices, the listing's
// life as data), reviews (one per customer per provider, 1–5 stars, one reply, hidden
// while reported), the Bayesian rating that orders the directory, and inquiries with
// their message threads. It knows nothing of HTTP or SQL.
package domain
