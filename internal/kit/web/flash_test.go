package web

import (
	"net/http/httptest"
	"testing"
)

func TestFlashOnlyFromOurOwnPages(t *testing.T) {
	for site, want := range map[string]string{"same-origin": "Saved.", "same-site": "Saved.", "cross-site": "", "none": "", "": ""} {
		r := httptest.NewRequest("GET", "/dashboard?ok=Saved.", nil)
		if site != "" {
			r.Header.Set("Sec-Fetch-Site", site)
		}
		if got := Flash(r, "ok"); got != want {
			t.Errorf("Sec-Fetch-Site %q: flash %q, want %q", site, got, want)
		}
	}
}
