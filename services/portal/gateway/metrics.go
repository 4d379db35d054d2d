package gateway

import "github.com/prometheus/client_golang/prometheus"

// RegisterMetrics publishes each service's breaker position on the portal's
// /metrics (0 closed, 1 open, 2 half-open), so an operator sees which service the
// portal has stopped calling.
func (u *Upstreams) RegisterMetrics(reg prometheus.Registerer) error {
	for _, name := range u.names {
		b := u.breakers[name]
		g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "portal_upstream_breaker_state",
			Help:        "Circuit breaker of each service the portal calls: 0 closed, 1 open, 2 half-open.",
			ConstLabels: prometheus.Labels{"service": name},
		}, func() float64 { return float64(b.State()) })
		if err := reg.Register(g); err != nil {
			return err
		}
	}
	return nil
}
