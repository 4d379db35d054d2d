// Package demo is what `up --demo` loads into an empty magazine: a handful of
// published articles across the sections, one featured, each with a drawn cover;
// and three legends of the dance with their timelines and readers' memories.
package demo

import (
	"bytes"
	"context"
	"embed"
	"image"
	"image/color"
	"image/jpeg"
	"time"

	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/magazine/adapters/sqlstore"
	"stepperslife/services/magazine/app"
	"stepperslife/services/magazine/domain"
)

type piece struct {
	title, subtitle, excerpt, category string
	author, authorID                   string
	tags                               []string
	featured                           bool
	daysAgo                            int
	from, to                           color.RGBA
	body                               string
}

var pieces = []piece{
	{title: "The Night the Bop Became Steppin", subtitle: "How a Chicago dance found its name",
		excerpt:  "From the Bop of the 1970s lounges to the smooth steppin of today: the elders who were there remember.",
		category: "HISTORY", author: "Delores Washington", authorID: "demo-writer-delores", tags: []string{"history", "legends", "chicago"},
		featured: true, daysAgo: 2, from: color.RGBA{94, 22, 72, 255}, to: color.RGBA{232, 120, 60, 255},
		body: "## Before it had a name\n\nIn the lounges of the South Side, the dance was the **Bop**: quick, bright, danced to the " +
			"horns of the records the DJs brought from Detroit and Philadelphia.\n\n> “You didn't learn it in a class. You learned it " +
			"watching your aunties on a Sunday afternoon.”\n\nBy the late eighties the music had slowed and the dance with it. " +
			"Couples stretched the count, turned on the *and*, and the word **steppin** stuck.\n\n## The rooms\n\n- The Checkerboard " +
			"Lounge on 43rd Street\n- The East of the Ryan, where Sunday nights ran until two\n- The Mr. G's Supper Club set\n\n" +
			"Ask anyone who was there and they will tell you the same thing: the floor was the point, and the floor was full."},
	{title: "Five Turns Every New Stepper Should Learn", subtitle: "A teacher's short list",
		excerpt:  "Start with the basic, then these five turns; each one builds on the last.",
		category: "TUTORIALS", author: "Marcus Reed", authorID: "demo-writer-marcus", tags: []string{"basics", "turns"},
		daysAgo: 4, from: color.RGBA{20, 60, 110, 255}, to: color.RGBA{60, 170, 160, 255},
		body: "Steppin is a six-count dance with a lot of room inside it. Once your basic is smooth, these turns come next.\n\n" +
			"1. **The lady's turn** — a right turn under the lead's left hand.\n2. **The cross-body** — swap sides without losing the count.\n" +
			"3. **The wrap** — the follow rolls in; the lead keeps the frame.\n4. **The double** — two turns in one count of six.\n" +
			"5. **The walk-around** — the lead circles, the follow holds.\n\nWatch the basic again before you try them:\n\n" +
			"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=45s\n\nPractise each one ten times at a slow tempo before you take it to the floor."},
	{title: "DJ Sam on Building a Steppers Set", subtitle: "Tempo, stories and the last record",
		excerpt:  "A Saturday set is a story with a beginning, a middle and a last record everybody waits for.",
		category: "INTERVIEWS", author: "Keisha Monroe", authorID: "demo-writer-keisha", tags: []string{"dj", "music"},
		daysAgo: 6, from: color.RGBA{30, 20, 60, 255}, to: color.RGBA{150, 60, 200, 255},
		body: "**How do you open a night?**\n\nSlow. People are still saying hello. I start around 90 beats a minute and let the floor " +
			"fill on its own.\n\n**And the peak?**\n\nThe peak is the song everybody knows. I hold it until the floor is full, " +
			"then I play it and step back.\n\nHear the mix from last month:\n\nhttps://soundcloud.com/dj-sam-chicago/saturday-steppers-set\n\n" +
			"**The last record?**\n\nAlways a slow one. Let people leave holding hands."},
	{title: "What to Wear to a Steppers Set", subtitle: "Sharp, comfortable and ready to turn",
		excerpt:  "Suede soles, a jacket you can move in and colours that match your partner's.",
		category: "FASHION", author: "Delores Washington", authorID: "demo-writer-delores", tags: []string{"style", "shoes"},
		daysAgo: 9, from: color.RGBA{120, 30, 40, 255}, to: color.RGBA{220, 170, 80, 255},
		body: "## Shoes first\n\nA suede or leather sole turns; rubber grips and hurts your knees. Bring a brush for the suede.\n\n" +
			"## Then the rest\n\n- A jacket cut to lift your arms\n- Trousers with a break that clears the shoe\n- Matching colours with your " +
			"partner, if you are the matching kind\n\nDress for the room, but dress to move."},
	{title: "Chicago Steppers Weekend Returns to the Cultural Center", subtitle: "Three nights, two workshops, one Sunday social",
		excerpt:  "The city's steppers weekend is back in June with workshops for every level.",
		category: "EVENTS", author: "Marcus Reed", authorID: "demo-writer-marcus", tags: []string{"chicago", "workshops"},
		daysAgo: 1, from: color.RGBA{10, 80, 60, 255}, to: color.RGBA{200, 190, 60, 255},
		body: "The weekend opens on Friday with a welcome set and closes on Sunday with an afternoon social for families.\n\n" +
			"Workshops on Saturday cover the basic, turns and footwork; a panel of elders tells the history of the dance.\n\n" +
			"Tickets are on the SteppersLife events page."},
	{title: "A Stepper's Week: Dancing Every Night in Chicago", subtitle: "Where the floor is on a Tuesday",
		excerpt:  "Mondays are slow, Wednesdays are for learning, Sundays are for everyone.",
		category: "COMMUNITY", author: "Keisha Monroe", authorID: "demo-writer-keisha", tags: []string{"chicago", "socials"},
		daysAgo: 12, from: color.RGBA{60, 40, 20, 255}, to: color.RGBA{210, 100, 90, 255},
		body: "Ask a stepper where to dance tonight and you will get an answer, whatever the night.\n\n" +
			"**Monday** is practice night. **Wednesday** is class night, a lesson before the set. **Friday** is dressed up, and " +
			"**Sunday** afternoon brings the families.\n\nFind the week's socials on the SteppersLife events page."},
}

// cover is the drawn cover of an article.
func (p piece) cover() image.Image {
	return Cover(magazineapi.Words["category"][p.category].Text, p.title, p.from, p.to)
}

// Load publishes the demo articles with their covers into a magazine with none, and
// the demo legends into one without legends.
func Load(ctx context.Context, st *sqlstore.Store, blobs blob.Store) error {
	return LoadAt(ctx, st, blobs, time.Now())
}

// LoadAt is Load as if it were now.
func LoadAt(ctx context.Context, st *sqlstore.Store, blobs blob.Store, now time.Time) error {
	now = now.UTC().Truncate(time.Microsecond)
	if err := loadArticles(ctx, st, blobs, now); err != nil {
		return err
	}
	return loadLegends(ctx, st, blobs, now)
}

func loadArticles(ctx context.Context, st *sqlstore.Store, blobs blob.Store, now time.Time) error {
	n, err := st.CountArticles(ctx)
	if err != nil || n > 0 {
		return err
	}
	for _, p := range pieces {
		at := now.AddDate(0, 0, -p.daysAgo)
		a, err := domain.NewArticle(domain.Patch{Title: &p.title, Subtitle: &p.subtitle, Excerpt: &p.excerpt, Body: &p.body,
			Category: &p.category, Tags: &p.tags}, p.authorID, p.author, at)
		if err != nil {
			return err
		}
		a.Status, a.Featured, a.PublishedAt, a.UpdatedAt = domain.Published, p.featured, &at, at
		img := p.cover()
		if a.CoverKey, err = imaging.PutDrawn(ctx, blobs, img, "covers", twins); err != nil {
			return err
		}
		a.CoverAlt = "Cover for “" + p.title + "”"
		// Drawn at the share size already, the cover is its own share image.
		var share bytes.Buffer
		if err := jpeg.Encode(&share, img, &jpeg.Options{Quality: imaging.Quality}); err != nil {
			return err
		}
		if err := blobs.Put(ctx, app.ShareKey(a.CoverKey), &share, int64(share.Len()), blob.JPEG); err != nil {
			return err
		}
		if err := st.CreateArticle(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

// twinFiles are the WebP twins of the drawn covers and portraits, encoded ahead of
// time (see imaging.PutDrawn; TestDemoPicturesHaveTheirTwins -write-twins writes
// them again after a drawing changes), so seeding the demo encodes no WebP.
//
//go:embed twins
var twinFiles embed.FS

var twins = imaging.TwinsIn(twinFiles)

// pictures are every picture Load draws.
func pictures() []imaging.Drawn {
	var out []imaging.Drawn
	for _, p := range pieces {
		out = append(out, imaging.Drawn{Img: p.cover(), Prefix: "covers"})
	}
	for _, p := range legendPieces {
		out = append(out, imaging.Drawn{Img: p.portrait(), Prefix: "legends"})
	}
	return out
}
