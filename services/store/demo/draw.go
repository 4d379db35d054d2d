package demo

import (
	"image"
	"image/color"
	"math"
)

// The demo's photos: the product drawn flat on a studio backdrop, 1000×1000.
const side = 1000

// canvas is a soft grey backdrop lighter at the top, like a studio sweep.
func canvas() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for y := 0; y < side; y++ {
		g := uint8(236 - 40*y/side)
		for x := 0; x < side; x++ {
			img.SetRGBA(x, y, color.RGBA{g, g, g - 4, 255})
		}
	}
	return img
}

// fill paints every pixel inside reports true for.
func fill(img *image.RGBA, c color.RGBA, inside func(x, y float64) bool) {
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			if inside(float64(x), float64(y)) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

func ellipse(cx, cy, rx, ry float64) func(x, y float64) bool {
	return func(x, y float64) bool {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		return dx*dx+dy*dy <= 1
	}
}

func rect(x0, y0, x1, y1 float64) func(x, y float64) bool {
	return func(x, y float64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
}

func shade(c color.RGBA, d int) color.RGBA {
	clamp := func(v int) uint8 { return uint8(max(0, min(255, v))) }
	return color.RGBA{clamp(int(c.R) + d), clamp(int(c.G) + d), clamp(int(c.B) + d), 255}
}

// shoe is a men's lace-up seen from the side: sole, upper, laces.
func shoe(tint color.RGBA) image.Image {
	img := canvas()
	fill(img, color.RGBA{90, 70, 55, 255}, func(x, y float64) bool {
		return rect(180, 640, 830, 680)(x, y) || ellipse(830, 640, 60, 40)(x, y) && y > 600
	})
	fill(img, tint, func(x, y float64) bool {
		return ellipse(560, 640, 330, 190)(x, y) && y < 645 || rect(200, 440, 330, 645)(x, y)
	})
	fill(img, shade(tint, 40), ellipse(470, 470, 120, 40))
	for i := 0; i < 5; i++ {
		fill(img, white, rect(420+float64(i)*30, 450, 432+float64(i)*30, 500))
	}
	return img
}

// heel is a ladies' dance shoe: a slender upper on a flared heel.
func heel(tint color.RGBA) image.Image {
	img := canvas()
	fill(img, tint, func(x, y float64) bool { return ellipse(560, 560, 300, 120)(x, y) && y > 470 && y < 600 })
	fill(img, shade(tint, -30), func(x, y float64) bool { return x > 260 && x < 330 && y > 560 && y < 760 && x-260 > (y-560)/8 })
	fill(img, color.RGBA{90, 70, 55, 255}, rect(320, 590, 860, 612))
	fill(img, shade(tint, 50), rect(420, 470, 700, 480))
	return img
}

// tee is a T-shirt laid flat.
func tee(tint color.RGBA) image.Image {
	img := canvas()
	edge := shade(tint, -25)
	fill(img, edge, func(x, y float64) bool {
		return rect(296, 246, 704, 824)(x, y) || (y > 246 && y < 456 && (x > 146 && x < 300 && y-246 < (300-x)*1.3+80 || x > 700 && x < 854 && y-246 < (x-700)*1.3+80))
	})
	fill(img, tint, func(x, y float64) bool {
		return rect(300, 250, 700, 820)(x, y) || (y > 250 && y < 450 && (x > 150 && x < 300 && y-250 < (300-x)*1.3+70 || x > 700 && x < 850 && y-250 < (x-700)*1.3+70))
	})
	fill(img, color.RGBA{200, 200, 198, 255}, ellipse(500, 250, 90, 45))
	return img
}

// fedora is a hat: a wide brim under a pinched crown with a band.
func fedora(tint color.RGBA) image.Image {
	img := canvas()
	fill(img, tint, ellipse(500, 640, 380, 90))
	fill(img, shade(tint, 20), func(x, y float64) bool { return rect(290, 380, 710, 640)(x, y) && !ellipse(500, 380, 120, 50)(x, y) })
	fill(img, wine, rect(290, 570, 710, 625))
	return img
}

// record is a CD: a silver disc with a printed label.
func record(tint color.RGBA) image.Image {
	img := canvas()
	fill(img, color.RGBA{200, 204, 212, 255}, ellipse(500, 500, 360, 360))
	for r := 340.0; r > 160; r -= 24 {
		fill(img, color.RGBA{185, 190, 200, 255}, func(x, y float64) bool {
			d := math.Hypot(x-500, y-500)
			return d > r-2 && d < r
		})
	}
	fill(img, tint, ellipse(500, 500, 160, 160))
	fill(img, color.RGBA{236, 236, 232, 255}, ellipse(500, 500, 40, 40))
	return img
}

// brush is a shoe brush: a wooden handle over wire bristles.
func brush(tint color.RGBA) image.Image {
	img := canvas()
	fill(img, tint, rect(250, 420, 750, 520))
	fill(img, shade(tint, 30), ellipse(500, 420, 250, 30))
	for x := 265.0; x < 740; x += 14 {
		fill(img, color.RGBA{150, 150, 156, 255}, rect(x, 520, x+6, 600))
	}
	return img
}

// square is three folded pocket squares fanned out.
func square(tint color.RGBA) image.Image {
	img := canvas()
	for i, c := range []color.RGBA{tint, gold, white} {
		off := float64(i) * 130
		fill(img, c, func(x, y float64) bool {
			x -= 250 + off
			y -= 300 + off/3
			return y > 0 && y < 400 && x > 0 && x < 300 && x+y/2 < 420
		})
	}
	return img
}

// badge is a vendor's round logo of its colour.
func badge(tint color.RGBA) image.Image {
	img := canvas()
	fill(img, tint, ellipse(500, 500, 420, 420))
	fill(img, gold, func(x, y float64) bool { d := math.Hypot(x-500, y-500); return d > 360 && d < 380 })
	fill(img, white, func(x, y float64) bool { return rect(380, 380, 620, 620)(x, y) && int(x+y)%80 < 40 })
	return img
}
