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

func TestFieldNamesInWords(t *testing.T) {
	for in, want := range map[string]string{"pickupTime": "pickup time", "attendee.email": "attendee email",
		"items[0].tierId": "items tier id", "name": "name", "hours[2]": "hours", "taxBasisPoints": "tax basis points", "": ""} {
		if got := Field(in); got != want {
			t.Errorf("Field(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProblemsReadAsSentences(t *testing.T) {
	got := Problems(map[string]string{
		"pickupTime":        "is outside the restaurant's opening hours (Tue 3:00 AM Chicago time)",
		"endsAt":            "must be after startsAt",
		"items[1].quantity": "must be from 1 to 20",
		"price":             "must be an amount like 25.00.",
	}, map[string]string{"startsAt": "start", "endsAt": "end", "items.quantity": "quantity"})
	want := "End must be after start. Pickup time is outside the restaurant's opening hours (Tue 3:00 AM Chicago time). " +
		"Price must be an amount like 25.00. Quantity must be from 1 to 20."
	if got != want {
		t.Errorf("Problems:\n got %q\nwant %q", got, want)
	}
	if got := Problems(nil, nil); got != "" {
		t.Errorf("no problems: %q", got)
	}
}
