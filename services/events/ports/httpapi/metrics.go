package httpapi

import (
	"errors"

	"stepperslife/internal/kit/errs"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics count what the door and the box office see: sell-outs and refused scans
// show on a dashboard before anyone complains.
type metrics struct {
	purchases *prometheus.CounterVec
	checkins  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		purchases: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "events_purchases_total", Help: "Ticket purchases by payment method and result code.",
		}, []string{"method", "result"}),
		checkins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "events_checkins_total", Help: "Check-in scans by result code.",
		}, []string{"result"}),
	}
	if reg != nil {
		reg.MustRegister(m.purchases, m.checkins)
	}
	return m
}

// metricResult names an outcome for a label: OK, a contract code, or INTERNAL.
func metricResult(err error) string {
	if err == nil {
		return "OK"
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return string(e.Code)
	}
	return string(errs.CodeInternal)
}

// method keeps the label set small whatever a client sends.
func method(m string) string {
	switch m {
	case "free", "card", "cash":
		return m
	}
	return "other"
}
