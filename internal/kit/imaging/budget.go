package imaging

import (
	"encoding/binary"
	"image"
	"image/color"
)

// MaxDecodeBytes bounds the memory one decode may take, judged from the header before
// any pixel is read: a 12-megapixel phone photo needs about 18 MB (36 MB as PNG), a
// 5000×5000 RGBA screenshot 100 MB; a small file claiming 7000×7000 at 16 bits per
// channel (392 MB) is refused unread.
const MaxDecodeBytes = 100 << 20

// heavyDecodeBytes is the size past which a decode's memory is reclaimed as soon as
// it is done.
const heavyDecodeBytes = 16 << 20

// decodeBytes is what decoding a picture with this header allocates, at most: the
// decoded image itself; for a progressive JPEG the coefficients it keeps between scans
// (64 int32 per 8×8 block: 4 bytes a sample); for a CMYK or Adobe RGB JPEG the
// 4-byte-a-pixel image it converts to; for an interlaced PNG the passes beside the
// final image.
func decodeBytes(data []byte, cfg image.Config) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	if f, ok := jpegFrame(data); ok {
		n := f.samples
		if f.progressive {
			n *= 5
		}
		if f.converted {
			n += 4 * px
		}
		return n
	}
	n := px * bytesPerPixel(cfg.ColorModel)
	if interlacedPNG(data) {
		n *= 2
	}
	return n
}

// interlacedPNG reads the interlace method of a PNG's header.
func interlacedPNG(data []byte) bool {
	const ihdrInterlace = 8 + 8 + 12 // signature, chunk length and type, then the 13 header bytes
	return len(data) > ihdrInterlace && string(data[12:16]) == "IHDR" && data[ihdrInterlace] == 1
}

// bytesPerPixel is the in-memory size of one decoded pixel of model m.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.YCbCrModel:
		return 3 // 4:4:4 at worst
	case color.NYCbCrAModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4 // RGBA, NRGBA, CMYK and anything unforeseen
}

// frame is what a JPEG's headers say about its decoding.
type frame struct {
	samples     int64 // of every component, with chroma subsampling
	progressive bool
	converted   bool // CMYK, or RGB marked by Adobe: decoded into a further RGBA or CMYK image
}

// jpegFrame reads a JPEG's headers up to its frame header; ok is false for data that
// is not a JPEG with one.
func jpegFrame(data []byte) (f frame, ok bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return frame{}, false
	}
	adobeRGB := false
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return frame{}, false
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		seg := data[i+4:]
		if n < 2 || len(seg) < n-2 {
			return frame{}, false
		}
		seg = seg[:n-2]
		switch marker {
		case 0xEE: // Adobe APP14: transform 0 on three components means RGB
			adobeRGB = len(seg) >= 12 && string(seg[:5]) == "Adobe" && seg[11] == 0
		case 0xC0, 0xC1, 0xC2:
			comps := 0
			if len(seg) > 5 {
				comps = int(seg[5])
			}
			return frame{samples: frameSamples(seg), progressive: marker == 0xC2,
				converted: comps == 4 || comps == 3 && adobeRGB}, true
		case 0xDA: // start of scan before any frame header
			return frame{}, false
		}
		i += 2 + n
	}
	return frame{}, false
}

// frameSamples sums each component's plane, padded to whole 8×8 blocks of whole MCUs
// as the decoder allocates them.
func frameSamples(sof []byte) int64 {
	if len(sof) < 6 {
		return 0
	}
	h := int64(binary.BigEndian.Uint16(sof[1:]))
	w := int64(binary.BigEndian.Uint16(sof[3:]))
	n := int(sof[5])
	if len(sof) < 6+3*n || n == 0 {
		return 0
	}
	hmax, vmax := int64(1), int64(1)
	for c := range n {
		hv := sof[7+3*c]
		hmax, vmax = max(hmax, int64(hv>>4)), max(vmax, int64(hv&0x0f))
	}
	mcuW, mcuH := (w+8*hmax-1)/(8*hmax), (h+8*vmax-1)/(8*vmax)
	var total int64
	for c := range n {
		hv := sof[7+3*c]
		total += mcuW * int64(hv>>4) * 8 * mcuH * int64(hv&0x0f) * 8
	}
	return total
}
