package domain

import "time"

// Assistant is a member of a class's team: named by e-mail, they may call its
// roster (mark attendance and door payments) but not change the class.
type Assistant struct {
	ClassID string
	Email   string
	AddedAt time.Time
}
