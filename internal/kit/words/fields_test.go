package words

import "testing"

func TestFieldNamesReadAsWords(t *testing.T) {
	for in, want := range map[string]string{"pickupTime": "pickup time", "attendee.email": "attendee email",
		"items[0].tierId": "items tier id", "name": "name", "hours[2]": "hours", "taxBasisPoints": "tax basis points", "": ""} {
		if got := fieldName(in); got != want {
			t.Errorf("fieldName(%q) = %q, want %q", in, got, want)
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
