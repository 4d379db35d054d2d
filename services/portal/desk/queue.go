package desk

import (
	"net/http"
	"sort"

	"stepperslife/internal/kit/adminq"
	"stepperslife/internal/kit/words"
	"stepperslife/services/portal/gateway"
)

// queueView is the desk's front page.
type queueView struct {
	Waiting  int           // items waiting on every service that answered
	Sections []sectionView // the services with something waiting first
	Down     int           // services that did not answer
}

type sectionView struct {
	Service string
	Items   []itemView
	Total   int
	More    int // waiting beyond those shown
	Error   string
}

type itemView struct {
	adminq.Item
	What string // the item's kind in words
}

func (d *Desk) queuePage(w http.ResponseWriter, r *http.Request) {
	q := d.agg.Queue(r.Context(), gateway.Token(r), PerService)
	v := queueView{}
	for _, s := range q.Sections {
		sv := sectionView{Service: s.Service, Total: s.Total, Error: s.Error, More: max(0, s.Total-len(s.Items))}
		for _, it := range s.Items {
			sv.Items = append(sv.Items, itemView{Item: it, What: words.Humanize(it.Kind)})
		}
		v.Waiting += s.Total
		if !s.Complete {
			v.Down++
		}
		v.Sections = append(v.Sections, sv)
	}
	// What needs someone first; a service that is down before one where nothing
	// waits, as it may hide work; otherwise the contract's order.
	rank := func(s sectionView) int {
		switch {
		case s.Total > 0:
			return 0
		case s.Error != "":
			return 1
		}
		return 2
	}
	sort.SliceStable(v.Sections, func(i, j int) bool { return rank(v.Sections[i]) < rank(v.Sections[j]) })
	d.render(w, r, http.StatusOK, "desk.html", "Admin desk", v)
}
