package imaging

import (
	"image"

	"golang.org/x/image/draw"
)

// Fit scales src down to fit maxWidth×maxHeight, keeping its shape; a smaller image
// is only copied. JPEG has no transparency: white shows through.
func Fit(src image.Image, maxWidth, maxHeight int) image.Image {
	b := src.Bounds()
	w, h := fitSize(b.Dx(), b.Dy(), maxWidth, maxHeight)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
		return dst
	}
	areaAverage(dst, src)
	return dst
}

// areaAverage sets each pixel of dst to the average of the part of src it covers,
// reading src one row at a time. Averaging areas is the right filter for shrinking,
// and unlike a two-pass kernel it needs no buffer the size of the source: memory is
// dst plus two rows.
func areaAverage(dst *image.RGBA, src image.Image) {
	b := src.Bounds()
	sw, sh := int64(b.Dx()), int64(b.Dy())
	dw, dh := int64(dst.Rect.Dx()), int64(dst.Rect.Dy())
	row := image.NewRGBA(image.Rect(0, 0, int(sw), 1))
	hrow := make([]int64, dw*4)
	cur, next := make([]int64, dw*4), make([]int64, dw*4)
	y := int64(0)
	flush := func() {
		out := dst.Pix[y*int64(dst.Stride):]
		for i := int64(0); i < dw*4; i += 4 {
			for c := int64(0); c < 3; c++ {
				out[i+c] = uint8((cur[i+c] + sw*sh/2) / (sw * sh))
			}
			out[i+3] = 255
		}
		cur, next = next, cur
		clear(next)
		y++
	}
	for sy := int64(0); sy < sh; sy++ {
		draw.Draw(row, row.Rect, src, image.Pt(b.Min.X, b.Min.Y+int(sy)), draw.Src)
		clear(hrow)
		for sx := int64(0); sx < sw; sx++ {
			p := row.Pix[sx*4 : sx*4+4]
			white := 255 - int64(p[3]) // premultiplied: over white adds what alpha leaves
			c := [3]int64{int64(p[0]) + white, int64(p[1]) + white, int64(p[2]) + white}
			x0, w0, w1 := span(sx, sw, dw)
			spread(hrow[x0*4:], c, w0)
			if w1 > 0 {
				spread(hrow[(x0+1)*4:], c, w1)
			}
		}
		y0, w0, w1 := span(sy, sh, dh)
		for y < y0 {
			flush()
		}
		for i := range hrow {
			cur[i] += hrow[i] * w0
			if w1 > 0 {
				next[i] += hrow[i] * w1
			}
		}
	}
	for y < dh {
		flush()
	}
}

// span places source cell i of n onto a grid of m cells: it falls in cell first with
// weight w0 and in the next with w1, in units where each source cell weighs m and
// each target cell n.
func span(i, n, m int64) (first, w0, w1 int64) {
	start := i * m
	first = start / n
	w0 = min(start+m, (first+1)*n) - start
	return first, w0, m - w0
}

func spread(dst []int64, c [3]int64, w int64) {
	dst[0] += c[0] * w
	dst[1] += c[1] * w
	dst[2] += c[2] * w
}
