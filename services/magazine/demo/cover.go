package demo

import (
	"image"
	"image/color"
	"math"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Cover draws a 1200×630 share image for an article: a diagonal two-colour
// gradient, spotlights like a ballroom's, the section as a kicker and the title in
// large pixel letters. No downloads, no fonts beyond the built-in one.
func Cover(kicker, title string, from, to color.RGBA) image.Image {
	const w, h = 1200, 630
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			t := (float64(x)/w + float64(y)/h) / 2
			img.SetRGBA(x, y, color.RGBA{lerp(from.R, to.R, t), lerp(from.G, to.G, t), lerp(from.B, to.B, t), 255})
		}
	}
	for i, s := range []struct{ x, y, r float64 }{{980, 120, 260}, {1100, 520, 180}, {160, 560, 140}} {
		spot(img, s.x, s.y, s.r, uint8(30+15*i))
	}
	text(img, strings.ToUpper(kicker), 90, 80, 3, color.RGBA{255, 236, 170, 255})
	y := 230
	for _, l := range wrap(strings.ToUpper(ascii(title)), 22) {
		text(img, l, 80, y, 5, color.RGBA{255, 255, 255, 255})
		y += 80
	}
	text(img, "STEPPERSLIFE MAGAZINE", 80, h-50, 2, color.RGBA{240, 220, 235, 255})
	return img
}

func lerp(a, b uint8, t float64) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t) }

// spot lightens a soft disc, brightest at its centre.
func spot(img *image.RGBA, cx, cy, r float64, strength uint8) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		for x := int(cx - r); x <= int(cx+r); x++ {
			if !(image.Point{x, y}.In(img.Bounds())) {
				continue
			}
			d := math.Hypot(float64(x)-cx, float64(y)-cy) / r
			if d >= 1 {
				continue
			}
			a := float64(strength) / 255 * (1 - d)
			o := img.RGBAAt(x, y)
			mix := func(p uint8) uint8 { return uint8(float64(p)*(1-a) + 255*a) }
			img.SetRGBA(x, y, color.RGBA{mix(o.R), mix(o.G), mix(o.B), 255})
		}
	}
}

// text draws s from x at baseline y with the built-in 7×13 face scaled up (ASCII
// only; c opaque).
func text(dst *image.RGBA, s string, x, y, scale int, c color.RGBA) {
	face := basicfont.Face7x13
	width := font.MeasureString(face, s).Ceil()
	small := image.NewRGBA(image.Rect(0, 0, width+2, 16))
	d := font.Drawer{Dst: small, Src: image.NewUniform(c), Face: face, Dot: fixed.P(1, 12)}
	d.DrawString(s)
	bw, bh := small.Bounds().Dx()*scale, small.Bounds().Dy()*scale
	draw.NearestNeighbor.Scale(dst, image.Rect(x, y-bh, x+bw, y), small, small.Bounds(), draw.Over, nil)
}

// ascii keeps what the built-in face can draw.
func ascii(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "—", "-", "–", "-").Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 128 {
			return r
		}
		return -1
	}, s)
}

func wrap(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
