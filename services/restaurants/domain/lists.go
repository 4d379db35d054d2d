package domain

// RestaurantFilter selects restaurants for a list.
type RestaurantFilter struct {
	Words   []string
	Cuisine string
	Status  RestaurantStatus // empty: any
	Limit   int
	Offset  int
}

// OrderFilter selects orders for a list.
type OrderFilter struct {
	CustomerID   string
	RestaurantID string
	Statuses     []OrderStatus
	Limit        int
	Offset       int
	// OldestFirst orders a kitchen's board by pickup time; lists for customers are newest first.
	OldestFirst bool
}
