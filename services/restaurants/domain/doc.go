// Package domain holds the restaurants service's rules as plain Go: restaurant
// moderation, opening hours, menu items, order pricing and the order state machine
// with its role rules. It knows nothing of HTTP or SQL.
package domain
