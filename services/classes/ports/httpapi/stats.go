package httpapi

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"stepperslife/internal/kit/web"
	"stepperslife/services/classes/domain"
)

// classStats is a class's money, places and attendance for its instructor.
type classStats struct {
	GrossCents     int64   `json:"grossCents"`
	FeeCents       int64   `json:"platformFeeCents"`
	NetCents       int64   `json:"netCents"`
	Currency       string  `json:"currency"`
	Enrolled       int     `json:"enrolled"`
	Waiting        int     `json:"waitlistCount"`
	Marked         int     `json:"attendanceMarks"`
	AttendanceRate float64 `json:"attendanceRate"`
	NoShowRate     float64 `json:"noShowRate"`
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	st, err := h.app.Stats(r.Context(), caller(r), r.PathValue("id"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, classStats{GrossCents: st.GrossCents, FeeCents: st.FeeCents, NetCents: st.NetCents,
		Currency: "usd", Enrolled: st.Enrolled, Waiting: st.Waiting, Marked: st.Marked, AttendanceRate: st.AttendanceRate(),
		NoShowRate: st.NoShowRate()})
}

// rosterCSV writes the roster as CSV: one line per seat holder per session.
func (h *Handler) rosterCSV(w http.ResponseWriter, r *http.Request) {
	c, rosters, _, err := h.app.Roster(r.Context(), caller(r), r.PathValue("id"), r.URL.Query().Get("sessionId"))
	if err != nil {
		web.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+c.Slug+`-roster.csv"`)
	w.Header().Set("Cache-Control", "private, no-store")
	out := csv.NewWriter(w)
	_ = out.Write([]string{"session", "startsAt", "student", "email", "partner", "seats", "role", "kind", "payment", "paid", "status", "attendance"})
	for _, sr := range rosters {
		for _, l := range sr.Lines {
			line := rosterLineOut(l, nil)
			partner := ""
			if line.Partner != nil {
				partner = line.Partner.Name
			}
			_ = out.Write([]string{itoa(sr.Session.Position), sr.Session.StartsAt.In(domain.Chicago).Format("2006-01-02 15:04"),
				cell(line.StudentName), cell(line.StudentEmail), cell(partner), itoa(line.Seats), line.Role, line.Kind,
				line.PaymentMethod, yes(line.Paid), line.Status, line.Attendance})
		}
	}
	out.Flush()
}

// cell keeps a spreadsheet from reading a value as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func itoa(n int) string { return strconv.Itoa(n) }
