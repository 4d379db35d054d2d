package httpapi

import (
	"net/http"

	"stepperslife/services/events/app"
)

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// kickAfterSuccess serves a webhook with next and, once next has answered with
// success, kicks the outbox. The payments kit commits the event's transaction, and
// the mail enqueued in it, after the service's handler returns and before it
// answers: a kick from inside the handler would find nothing yet, and the mail would
// wait for the outbox's next round.
func kickAfterSuccess(next http.HandlerFunc, o app.Outbox) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		next(rec, r)
		if o != nil && rec.status >= 200 && rec.status < 300 {
			o.Kick()
		}
	}
}
