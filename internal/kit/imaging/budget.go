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
// decoded image itself, and for a progressive JPEG the coefficients it keeps between
// scans (64 int32 per 8×8 block: 4 bytes a sample).
func decodeBytes(data []byte, cfg image.Config) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	if samples, progressive, ok := jpegSamples(data); ok {
		if progressive {
			return samples * 5
		}
		return samples
	}
	return px * bytesPerPixel(cfg.ColorModel)
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

// jpegSamples counts the samples of every component of a JPEG from its frame header,
// with chroma subsampling, and says whether it is progressive; ok is false for data
// that is not a JPEG with a frame header.
func jpegSamples(data []byte) (samples int64, progressive, ok bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 0, false, false
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 0, false, false
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		seg := data[i+4:]
		if n < 2 || len(seg) < n-2 {
			return 0, false, false
		}
		seg = seg[:n-2]
		switch marker {
		case 0xC0, 0xC1, 0xC2:
			return frameSamples(seg), marker == 0xC2, true
		case 0xDA: // start of scan before any frame header
			return 0, false, false
		}
		i += 2 + n
	}
	return 0, false, false
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
