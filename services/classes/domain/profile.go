package domain

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
)

// Profile is an instructor's public page: who they are, what they teach, where to
// find them. An admin verifies (they are who they say) and features them.
type Profile struct {
	UserID      string
	Slug        string
	DisplayName string
	Bio         string
	Styles      []string
	Links       []string
	PhotoKey    string
	Verified    bool
	Featured    bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// MaxLinks bounds the links on a profile.
const MaxLinks = 5

// ProfileInput is what an instructor writes about themself.
type ProfileInput struct {
	DisplayName string
	Bio         string
	Styles      []string
	Links       []string
}

// Normalize trims and checks a profile, naming every bad field: a name, at most 4000
// characters of bio, known styles, at most MaxLinks web addresses.
func (in *ProfileInput) Normalize() error {
	in.DisplayName, in.Bio = strings.TrimSpace(in.DisplayName), strings.TrimSpace(in.Bio)
	bad := map[string]string{}
	switch {
	case in.DisplayName == "":
		bad["displayName"] = "is required"
	case len(in.DisplayName) > 100:
		bad["displayName"] = "must be at most 100 characters"
	}
	if len(in.Bio) > 4000 {
		bad["bio"] = "must be at most 4000 characters"
	}
	styles := []string{}
	for _, s := range in.Styles {
		s = strings.ToUpper(strings.TrimSpace(s))
		switch {
		case !contains(Styles, s):
			bad["styles"] = "must be among " + strings.Join(Styles, ", ")
		case !contains(styles, s):
			styles = append(styles, s)
		}
	}
	in.Styles = styles
	links := []string{}
	for i, l := range in.Links {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		u, err := url.Parse(l)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(l) > 300 {
			bad[fmt.Sprintf("links[%d]", i)] = "must be a web address (https://…)"
			continue
		}
		links = append(links, l)
	}
	if len(links) > MaxLinks {
		bad["links"] = fmt.Sprintf("at most %d links", MaxLinks)
	}
	in.Links = links
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}
