package domain

// Mail is one e-mail waiting in the outbox.
type Mail struct {
	ID       string
	To       string
	Subject  string
	Body     string
	Attempts int
}
