// Package domain holds the restaurants service's rules as plain Go: restaurant
// moderation, opening hours, menu items, order pricing and the order state machine
// with its role rules. It also names what the use cases and the store exchange
// (filters, payment updates, ids) and the storage outcomes the use cases react to
// (errors.go). It knows nothing of HTTP or SQL.
package domain
