package words

import "testing"

func TestHumanize(t *testing.T) {
	for in, want := range map[string]string{"READY_FOR_PICKUP": "Ready for pickup", "pay_at_pickup": "Pay at pickup", "": "", "BALL": "Ball"} {
		if got := Humanize(in); got != want {
			t.Errorf("Humanize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOfFallsBackToWords(t *testing.T) {
	v := Merge(Vocabulary{"order": {"PAID": {"Paid", Good}}}, Vocabulary{"role": Roles})
	if w := v.Of("order", "PAID"); w.Text != "Paid" || w.Tone != Good {
		t.Errorf("named value = %+v", w)
	}
	if w := v.Of("order", "ON_HOLD"); w.Text != "On hold" || w.Tone != Neutral {
		t.Errorf("unnamed value = %+v", w)
	}
	if w := v.Of("role", "EVENT_ORGANIZER"); w.Text != "Event organizer" {
		t.Errorf("role = %+v", w)
	}
}
