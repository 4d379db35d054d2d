package web

import "net/http"

// Flash is the message a form left in the query (?name=…) for the page it redirected
// to. It is shown only when the browser says one of our own pages led here
// (Sec-Fetch-Site): a link from elsewhere cannot put its words in our banner.
func Flash(r *http.Request, name string) string {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "same-site":
		return r.URL.Query().Get(name)
	}
	return ""
}
