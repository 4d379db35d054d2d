package web

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"slices"
	"strconv"
	"sync"
)

// Holed is an answer drawn once for many callers but for a few short holes, where
// each caller's own text goes (a form's token, a fresh key). Its text between the
// holes is compressed once: a caller who takes gzip gets one gzip stream stitched
// from those pieces and its own text in stored (uncompressed) deflate blocks, so a
// request costs a copy, not a compressor's work.
type Holed struct {
	contentType []string
	parts       [][]byte // the text between holes, len(holes)+1 of them
	holes       []int    // which fill goes in each hole
	deflated    [][]byte // parts[i] deflated on its own, ending on a byte boundary
	// The gzip trailer's checksum is stitched like the stream: each part's own
	// checksum, and the factor that carries a checksum past the part.
	partCRC   []uint32
	partShift []uint32
	size      int
}

// NewHoled cuts body at every place one of marks appears; a fill for mark i is
// written there on each request. Marks must be distinct and none a part of another.
func NewHoled(contentType string, body []byte, marks ...string) *Holed {
	h := &Holed{contentType: FixedValue(contentType)}
	rest := body
	for {
		at, which := -1, -1
		for i, m := range marks {
			if j := bytes.Index(rest, []byte(m)); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if at < 0 {
			break
		}
		h.parts = append(h.parts, rest[:at])
		h.holes = append(h.holes, which)
		rest = rest[at+len(marks[which]):]
	}
	h.parts = append(h.parts, rest)
	for i, p := range h.parts {
		h.size += len(p)
		h.deflated = append(h.deflated, deflatePart(p, i == len(h.parts)-1))
		h.partCRC = append(h.partCRC, crc32.ChecksumIEEE(p))
		h.partShift = append(h.partShift, crcShift(len(p)))
	}
	return h
}

// deflatePart compresses p as a run of deflate blocks: a middle part ends with a sync
// flush (an empty stored block, so the next piece starts on a byte boundary), the
// last with the final block. Parts are compressed apart, so none refers back into
// text another caller would have.
func deflatePart(p []byte, last bool) []byte {
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	_, _ = zw.Write(p)
	if last {
		_ = zw.Close()
	} else {
		_ = zw.Flush()
	}
	return buf.Bytes()
}

// Header values every Holed answer shares (FixedValue).
var (
	nosniff     = FixedValue("nosniff")
	gzipEncoded = FixedValue("gzip")
)

// answerBufs hold answers while they are written: the writer copies them out.
var answerBufs = sync.Pool{New: func() any { return new([]byte) }}

// Write answers with the drawn text and fills in its holes (fills[i] for mark i), as
// gzip when the caller takes it. Fills are short (they are
// sent uncompressed) and written as given: escape them for where they go before.
func (h *Holed) Write(w http.ResponseWriter, r *http.Request, status int, fills ...string) {
	hd := w.Header()
	hd["Content-Type"] = h.contentType
	hd["X-Content-Type-Options"] = nosniff
	VaryOnEncoding(hd)
	buf := answerBufs.Get().(*[]byte)
	body := (*buf)[:0]
	if Quality(r.Header.Get("Accept-Encoding"), "gzip") > 0 {
		body = h.appendGzip(body, fills)
		hd["Content-Encoding"] = gzipEncoded
	} else {
		body = h.appendPlain(body, fills)
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	if cap(body) <= 1<<20 { // a rare huge answer is not kept for every later one
		*buf = body
		answerBufs.Put(buf)
	}
}

func (h *Holed) appendPlain(b []byte, fills []string) []byte {
	b = slices.Grow(b, h.size+64)
	for i, p := range h.parts {
		b = append(b, p...)
		if i < len(h.holes) {
			b = append(b, fills[h.holes[i]]...)
		}
	}
	return b
}

// gzipHeader is a gzip member's header with no name, time or extra fields.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

func (h *Holed) appendGzip(b []byte, fills []string) []byte {
	n := len(gzipHeader) + 8
	for _, d := range h.deflated {
		n += len(d)
	}
	for _, f := range h.holes {
		n += 5 + len(fills[f])
	}
	b = append(slices.Grow(b, n), gzipHeader...)
	crc, size := uint32(0), 0
	for i := range h.parts {
		b = append(b, h.deflated[i]...)
		crc, size = crcMul(h.partShift[i], crc)^h.partCRC[i], size+len(h.parts[i])
		if i == len(h.holes) {
			break
		}
		fill := fills[h.holes[i]]
		crc, size = crc32.Update(crc, crc32.IEEETable, []byte(fill)), size+len(fill)
		for len(fill) > 0 {
			chunk := fill[:min(len(fill), 0xffff)]
			fill = fill[len(chunk):]
			// A stored block: BFINAL 0 and BTYPE 00 (the rest of the byte is padding),
			// then its length and the length's complement.
			b = append(b, 0)
			b = binary.LittleEndian.AppendUint16(b, uint16(len(chunk)))
			b = binary.LittleEndian.AppendUint16(b, ^uint16(len(chunk)))
			b = append(b, chunk...)
		}
	}
	b = binary.LittleEndian.AppendUint32(b, crc)
	return binary.LittleEndian.AppendUint32(b, uint32(size))
}
