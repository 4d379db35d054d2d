package site

import (
	"net/http"
	"net/url"
	"time"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/kit/ui"
)

// instructorView is an instructor's profile as the portal's instructor page shows
// it, with the classes they teach that are open for enrolment.
type instructorView struct {
	Name, Bio, Photo   string
	Styles             []string
	Links              []instructorLink
	Verified, Featured bool
	Classes            []card
}

type instructorLink struct{ Label, Href string }

func (s *Site) instructor(w http.ResponseWriter, r *http.Request) {
	in, err := getJSON[classesapi.Instructor](s, r, "classes", "/api/instructors/"+pathEscape(r.PathValue("slug")))
	if err != nil {
		s.unavailable(w, r, "classes", err)
		return
	}
	v := instructorView{Name: in.DisplayName, Bio: in.Bio, Photo: s.imageURL("classes", in.PhotoURL), Styles: in.Styles,
		Verified: in.Verified, Featured: in.Featured}
	for _, l := range in.Links {
		if u := safeURL(l); u != "" {
			v.Links = append(v.Links, instructorLink{Label: linkLabel(u), Href: u})
		}
	}
	for _, c := range in.Classes {
		v.Classes = append(v.Classes, s.classCard(c))
	}
	s.tpl.Render(w, r, http.StatusOK, "instructor.html", ui.View{Title: in.DisplayName, Description: summary(in.Bio),
		ImageURL: v.Photo, Service: "portal", Data: v})
}

// linkLabel is a link as its text reads: the site's name, without "www.".
func linkLabel(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	host := u.Hostname()
	if len(host) > 4 && host[:4] == "www." {
		host = host[4:]
	}
	return host
}

// classCard is a class of the classes service's answer as a card shows it, leading
// to the portal's class page.
func (s *Site) classCard(c classesapi.Class) card {
	k := card{ID: c.ID, Title: c.Title, Summary: summary(c.Description), Href: "/classes/" + pathEscape(c.Slug),
		ImageURL: s.imageURL("classes", c.CoverURL), Place: c.Venue, Kind: "class", Price: priceText(c.PriceCents, false)}
	if c.StartsAt != nil {
		k.When, k.WhenISO = datetime(*c.StartsAt), c.StartsAt.UTC().Format(time.RFC3339)
	}
	if c.SeatsLeft == 0 && c.Status == "PUBLISHED" {
		k.Note = "Full — waitlist open"
	}
	return k
}
