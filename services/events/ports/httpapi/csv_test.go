package httpapi

import (
	"encoding/csv"
	"net/http/httptest"
	"testing"

	"stepperslife/services/events/domain"
)

// Every cell a spreadsheet could read as a formula is neutralised, the server-made
// ticket code included (base64url codes may start with '-').
func TestAttendeesCSVNeutralisesFormulaCells(t *testing.T) {
	w := httptest.NewRecorder()
	writeAttendeesCSV(w, domain.Event{Slug: "ball"}, []domain.Attendee{{TicketCode: "-Ab3_xyz0123456789abcd",
		Status: "VALID", TierName: "+VIP", Name: "=HYPERLINK(\"x\")", Email: "@a@example.com", OrderID: "o1", Method: "cash"}})
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %q", err, rows)
	}
	for i, cell := range rows[1] {
		if cell != "" && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@') {
			t.Errorf("column %s starts a formula: %q", rows[0][i], cell)
		}
	}
}
