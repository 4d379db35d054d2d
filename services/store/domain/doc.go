// Package domain holds the store service's rules as plain Go: vendors and their
// moderation, products with options and variants, discount codes, pricing in integer
// cents, and the order's payment and fulfilment state machines as data. It knows
// nothing of HTTP or SQL.
package domain
