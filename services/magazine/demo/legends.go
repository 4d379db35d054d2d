package demo

import (
	"context"
	"image"
	"image/color"
	"time"

	"stepperslife/internal/kit/blob"
	"stepperslife/internal/kit/imaging"
	"stepperslife/services/magazine/adapters/sqlstore"
	"stepperslife/services/magazine/domain"
)

type remembered struct {
	author, authorID string
	year             int
	body             string
}

type legendPiece struct {
	name, kind, era, summary, bio string
	timeline                      []domain.Milestone
	from, to                      color.RGBA
	memories                      []remembered
	waiting                       *remembered // a memory still with the editors
}

var legendPieces = []legendPiece{
	{name: "Sweet Lou Carter", kind: "DANCER", era: "1970s–2000s",
		summary: "The South Side's smoothest lead, who taught half the city to turn on the and.",
		bio: "Lou Carter learned the **Bop** from his older sisters in a Bronzeville kitchen and never stopped. " +
			"He danced in the lounges every weekend for thirty years and taught on Wednesday nights for twenty.\n\n" +
			"> “Lead with your chest, not your hands. Your partner hears your heart first.”",
		timeline: []domain.Milestone{{Year: 1974, Text: "First contest win at the Regal's Sunday matinee."},
			{Year: 1988, Text: "Starts the Wednesday night class on 75th Street."},
			{Year: 2006, Text: "Honoured at the first Steppers Hall of Fame night."}},
		from: color.RGBA{70, 20, 60, 255}, to: color.RGBA{230, 140, 70, 255},
		memories: []remembered{
			{author: "Gloria Hayes", authorID: "demo-reader-gloria", year: 1989,
				body: "I took Lou's Wednesday class with my husband in 1989. He made every couple dance with every other couple until *nobody* was shy."},
			{author: "Andre Simmons", authorID: "demo-reader-andre",
				body: "Lou would stand at the edge of the floor and nod at you when you got it right. That nod was worth more than any trophy."},
		},
		waiting: &remembered{author: "Tonya Bell", authorID: "demo-reader-tonya", year: 1995,
			body: "He danced with my grandmother on her eightieth birthday and she talked about it for a year."}},
	{name: "DJ Ronnie Mack", kind: "DJ", era: "1980s–today",
		summary: "Saturday nights for four decades: slow to start, full by eleven, always a last slow record.",
		bio: "Ronnie Mack carried crates of records up the stairs of every lounge on the South Side before he carried a laptop. " +
			"His sets are known for patience: he lets the floor fill on its own.",
		timeline: []domain.Milestone{{Year: 1983, Text: "First residency, Saturdays at the Blue Flame Lounge."},
			{Year: 1999, Text: "Starts the Sunday afternoon family set."}},
		from: color.RGBA{20, 30, 80, 255}, to: color.RGBA{120, 70, 200, 255},
		memories: []remembered{
			{author: "Keith Lawson", authorID: "demo-reader-keith", year: 1986,
				body: "Ronnie played the same last record every Saturday in '86 and we all knew to find our partner before it started."},
		}},
	{name: "The Blue Flame Lounge", kind: "CLUB", era: "1979–2011",
		summary: "A narrow room on 79th Street where the floor was always full and the dress code was always sharp.",
		bio: "The Blue Flame opened in 1979 with a jukebox and a wooden floor that the regulars swore was sprung. " +
			"It closed in 2011; its last night ran until four in the morning.",
		timeline: []domain.Milestone{{Year: 1979, Text: "Opens on 79th Street."}, {Year: 2011, Text: "The last night."}},
		from:     color.RGBA{10, 60, 90, 255}, to: color.RGBA{40, 170, 200, 255},
		memories: []remembered{
			{author: "Gloria Hayes", authorID: "demo-reader-gloria", year: 2011,
				body: "The last night at the Blue Flame everyone wore white. Ronnie played until the owner turned the lights on, then he played one more."},
		}},
}

// portrait is the drawn card a legend is shown with.
func (p legendPiece) portrait() image.Image { return Cover("Legends & memories", p.name, p.from, p.to) }

// loadLegends adds the demo legends, with portraits and approved memories (and one
// memory waiting for an editor), to a magazine with none.
func loadLegends(ctx context.Context, st *sqlstore.Store, blobs blob.Store, now time.Time) error {
	n, err := st.CountLegends(ctx)
	if err != nil || n > 0 {
		return err
	}
	for i, p := range legendPieces {
		at := now.AddDate(0, 0, -30+i)
		l, err := domain.NewLegend(domain.LegendPatch{Name: &p.name, Kind: &p.kind, Era: &p.era, Summary: &p.summary,
			Bio: &p.bio, Timeline: &p.timeline}, at)
		if err != nil {
			return err
		}
		if l.PortraitKey, err = imaging.PutDrawn(ctx, blobs, p.portrait(), "legends", twins); err != nil {
			return err
		}
		l.PortraitAlt = "A drawn card for " + p.name
		if err := st.CreateLegend(ctx, l); err != nil {
			return err
		}
		for j, r := range p.memories {
			m, err := domain.NewMemory(l.ID, r.authorID, r.author, r.body, r.year, "", at.Add(time.Duration(j+1)*time.Hour))
			if err != nil {
				return err
			}
			decided := m.CreatedAt.Add(time.Hour)
			m.Status, m.DecidedAt, m.DecidedBy = domain.MemoryApproved, &decided, "demo-editor"
			if err := st.AddMemory(ctx, m); err != nil {
				return err
			}
		}
		if r := p.waiting; r != nil {
			m, err := domain.NewMemory(l.ID, r.authorID, r.author, r.body, r.year, "", now.Add(-time.Hour))
			if err != nil {
				return err
			}
			if err := st.AddMemory(ctx, m); err != nil {
				return err
			}
		}
	}
	return nil
}
