package httpapi

import "stepperslife/services/events/app"

// kickOutbox is the webhook's after-commit step: the payments kit commits the
// event's transaction, and the mail enqueued in it, after the service's handler
// returns, so a kick from inside the handler would find nothing yet and the mail
// would wait for the outbox's next round. Without an outbox there is nothing to do.
func kickOutbox(o app.Outbox) func() {
	if o == nil {
		return nil
	}
	return o.Kick
}
