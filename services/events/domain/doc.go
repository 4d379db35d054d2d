// Package domain holds the events service's rules as plain Go: event and order state
// machines, ticket tiers and their sales windows, discount codes, pricing and fees,
// and what a check-in scan answers. It knows nothing of HTTP or SQL.
package domain
