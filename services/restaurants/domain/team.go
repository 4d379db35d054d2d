package domain

import "time"

// Member is a manager or staff member of one restaurant.
type Member struct {
	ID           string
	RestaurantID string
	Email        string
	Role         MemberRole
	CreatedAt    time.Time
}
