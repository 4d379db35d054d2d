package domain

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// EmbedKind is a provider whose players the magazine shows inside articles.
type EmbedKind string

// The allow-list of embeds.
const (
	YouTube    EmbedKind = "youtube"
	SoundCloud EmbedKind = "soundcloud"
	Instagram  EmbedKind = "instagram"
)

// Embed is a player the server recognised in a body: the provider and the parsed id
// (a YouTube video id, a SoundCloud track path, an Instagram post code).
type Embed struct {
	Kind  EmbedKind
	ID    string
	Start int // seconds into a YouTube video
}

var (
	youtubeID   = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	pathPart    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)
	instaCode   = regexp.MustCompile(`^[A-Za-z0-9_-]{5,40}$`)
	durationArg = regexp.MustCompile(`^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$`)
)

// ParseEmbed recognises an address of an allowed provider: YouTube (watch, youtu.be,
// shorts, embed; with t= or start=), SoundCloud tracks and Instagram posts and reels.
// Anything else is not an embed.
func ParseEmbed(s string) (Embed, bool) {
	if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") || strings.ContainsAny(s, " \t<>\"'") {
		return Embed{}, false
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Port() != "" {
		return Embed{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	switch host {
	case "youtube.com", "youtu.be":
		var id string
		switch {
		case host == "youtu.be" && len(parts) == 1:
			id = parts[0]
		case len(parts) == 1 && parts[0] == "watch":
			id = u.Query().Get("v")
		case len(parts) == 2 && (parts[0] == "shorts" || parts[0] == "embed" || parts[0] == "live"):
			id = parts[1]
		}
		if !youtubeID.MatchString(id) {
			return Embed{}, false
		}
		start := u.Query().Get("t")
		if start == "" {
			start = u.Query().Get("start")
		}
		return Embed{Kind: YouTube, ID: id, Start: seconds(start)}, true
	case "soundcloud.com":
		if len(parts) < 2 || len(parts) > 3 {
			return Embed{}, false
		}
		for _, p := range parts {
			if !pathPart.MatchString(p) {
				return Embed{}, false
			}
		}
		return Embed{Kind: SoundCloud, ID: strings.Join(parts, "/")}, true
	case "instagram.com":
		if len(parts) != 2 || (parts[0] != "p" && parts[0] != "reel") || !instaCode.MatchString(parts[1]) {
			return Embed{}, false
		}
		return Embed{Kind: Instagram, ID: parts[0] + "/" + parts[1]}, true
	}
	return Embed{}, false
}

// seconds reads a YouTube start time: "90", "90s", "1m30s", "1h2m3s"; 0 when unreadable.
func seconds(t string) int {
	m := durationArg.FindStringSubmatch(t)
	if t == "" || m == nil {
		return 0
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return n(m[1])*3600 + n(m[2])*60 + n(m[3])
}

// Src is the player's address, built from the parsed id alone.
func (e Embed) Src() string {
	switch e.Kind {
	case YouTube:
		src := "https://www.youtube-nocookie.com/embed/" + e.ID
		if e.Start > 0 {
			src += "?start=" + strconv.Itoa(e.Start)
		}
		return src
	case SoundCloud:
		return "https://w.soundcloud.com/player/?url=" + url.QueryEscape("https://soundcloud.com/"+e.ID) +
			"&visual=false&auto_play=false"
	case Instagram:
		return "https://www.instagram.com/" + e.ID + "/embed/"
	}
	return ""
}

var embedTitles = map[EmbedKind]string{YouTube: "YouTube video", SoundCloud: "SoundCloud audio",
	Instagram: "Instagram post"}

// HTML is the sandboxed frame the reader sees: scripts run only inside the
// provider's own origin, never with the magazine's.
func (e Embed) HTML() string {
	return `<figure class="embed embed-` + string(e.Kind) + `"><iframe src="` + html.EscapeString(e.Src()) +
		`" title="` + embedTitles[e.Kind] + `" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"` +
		` allow="encrypted-media; picture-in-picture; fullscreen" referrerpolicy="strict-origin-when-cross-origin"></iframe></figure>`
}

// EmbedHosts are the frame origins a page's Content-Security-Policy must allow.
var EmbedHosts = []string{"https://www.youtube-nocookie.com", "https://w.soundcloud.com", "https://www.instagram.com"}
