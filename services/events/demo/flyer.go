package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Flyer draws a poster for an event: a two-colour gradient, rings of light like a
// ballroom's, and the title and date in large pixel letters. No downloads, no fonts
// beyond the built-in one.
func Flyer(title, when, place string, from, to color.RGBA) ([]byte, error) {
	var buf bytes.Buffer
	err := jpeg.Encode(&buf, drawFlyer(title, when, place, from, to), &jpeg.Options{Quality: 80})
	return buf.Bytes(), err
}

func drawFlyer(title, when, place string, from, to color.RGBA) image.Image {
	const w, h = 900, 1200
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		t := float64(y) / h
		c := color.RGBA{lerp(from.R, to.R, t), lerp(from.G, to.G, t), lerp(from.B, to.B, t), 255}
		draw.Draw(img, image.Rect(0, y, w, y+1), image.NewUniform(c), image.Point{}, draw.Src)
	}
	for i, r := range []float64{420, 330, 250, 180} {
		ring(img, w/2, 430, r, 10+float64(i)*2, color.RGBA{255, 255, 255, uint8(40 + 25*i)})
	}
	// Two dancers: heads and bodies as simple shapes, mid-turn.
	disc(img, 380, 330, 38, color.RGBA{20, 12, 30, 255})
	disc(img, 520, 310, 38, color.RGBA{20, 12, 30, 255})
	for y := 370; y < 620; y++ {
		spread := float64(y-370) / 250
		line(img, 380-int(40+60*spread), 380+int(30+20*spread), y, color.RGBA{20, 12, 30, 255})
		line(img, 520-int(30+20*spread), 520+int(40+70*spread), y, color.RGBA{20, 12, 30, 255})
	}
	y := 760
	for _, l := range wrap(strings.ToUpper(title), 18) {
		text(img, l, y, 5, color.RGBA{255, 255, 255, 255})
		y += 80
	}
	text(img, when, y+20, 3, color.RGBA{255, 236, 170, 255})
	text(img, place, y+80, 2, color.RGBA{255, 255, 255, 255})
	text(img, "STEPPERSLIFE.COM", h-60, 2, color.RGBA{240, 220, 235, 255})
	return img
}

func lerp(a, b uint8, t float64) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t) }

func ring(img *image.RGBA, cx, cy int, r, width float64, c color.RGBA) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			if math.Abs(d-r) < width/2 {
				blend(img, x, y, c)
			}
		}
	}
}

func disc(img *image.RGBA, cx, cy int, r float64, c color.RGBA) {
	for y := cy - int(r); y <= cy+int(r); y++ {
		for x := cx - int(r); x <= cx+int(r); x++ {
			if math.Hypot(float64(x-cx), float64(y-cy)) <= r {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

func line(img *image.RGBA, x0, x1, y int, c color.RGBA) {
	for x := x0; x <= x1; x++ {
		img.SetRGBA(x, y, c)
	}
}

func blend(img *image.RGBA, x, y int, c color.RGBA) {
	o := img.RGBAAt(x, y)
	a := float64(c.A) / 255
	mix := func(p, q uint8) uint8 { return uint8(float64(p)*(1-a) + float64(q)*a) }
	img.SetRGBA(x, y, color.RGBA{mix(o.R, c.R), mix(o.G, c.G), mix(o.B, c.B), 255})
}

// text draws s centred at baseline y, with the built-in 7×13 face scaled up. The face
// has ASCII only, and c must be opaque (colours are premultiplied).
func text(dst *image.RGBA, s string, y, scale int, c color.RGBA) {
	face := basicfont.Face7x13
	width := font.MeasureString(face, s).Ceil()
	small := image.NewRGBA(image.Rect(0, 0, width+2, 16))
	d := font.Drawer{Dst: small, Src: image.NewUniform(c), Face: face, Dot: fixed.P(1, 12)}
	d.DrawString(s)
	bw, bh := small.Bounds().Dx()*scale, small.Bounds().Dy()*scale
	x := (dst.Bounds().Dx() - bw) / 2
	draw.NearestNeighbor.Scale(dst, image.Rect(x, y-bh, x+bw, y), small, small.Bounds(), draw.Over, nil)
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
