package host

import (
	"log/slog"
	"time"

	"stepperslife/internal/kit/notify"
)

// Notify is the service's broadcast to all of its processes (every replica on
// PostgreSQL, this one on SQLite), for live views. Its LISTEN connection is opened on
// first use, so services without live views hold none; the first call waits briefly
// for it, so what is published once the service serves is heard.
func (d *Deps) Notify() *notify.Bus {
	d.notifyOnce.Do(func() {
		d.bus = notify.New(d.DB, d.Config.DatabaseURL.Reveal(), "stepperslife_"+d.Config.Name, d.Log)
		d.Go(d.bus.Run)
		select {
		case <-d.bus.Ready():
		case <-time.After(10 * time.Second):
			d.Log.Warn("notify: not listening yet; live views of other replicas wait for it", slog.String("service", d.Config.Name))
		}
	})
	return d.bus
}
