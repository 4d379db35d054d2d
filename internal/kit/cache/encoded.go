package cache

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"stepperslife/internal/kit/web"
)

// kept is an answer with its compressed forms, made once when it is computed, so a
// hit costs no compression: the encoders run once per state of the data, not once
// per request. gz and zst are nil when compressing gains nothing (a small answer, an
// image).
type kept struct {
	Answer
	gz, zst []byte
}

// keep compresses a at levels a per-request compressor could not afford.
func keep(a Answer) *kept {
	k := &kept{Answer: a}
	if len(a.Body) < web.CompressMinSize || !web.Compressible(a.Type) {
		return k
	}
	k.gz, k.zst = gzipped(a.Body), zstded(a.Body)
	// A form no smaller than the body is not worth its header.
	if len(k.gz) >= len(a.Body) || len(k.zst) >= len(a.Body) {
		k.gz, k.zst = nil, nil
	}
	return k
}

// write sends the form the caller accepts, preferring zstd (as Compress does), and
// marks it with Content-Encoding so Compress passes it through as it is.
func (k *kept) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	body := k.Body
	if k.gz != nil {
		varyOnEncoding(h)
		accept := r.Header.Get("Accept-Encoding")
		switch zq, gq := web.Quality(accept, "zstd"), web.Quality(accept, "gzip"); {
		case zq > 0 && zq >= gq:
			body = k.zst
			h.Set("Content-Encoding", "zstd")
		case gq > 0:
			body = k.gz
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Type", k.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// varyOnEncoding adds Accept-Encoding to Vary once (Compress adds it too).
func varyOnEncoding(h http.Header) {
	for _, v := range h.Values("Vary") {
		for _, name := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), "Accept-Encoding") {
				return
			}
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// gzipWriters are reused: a writer at the best level holds a few hundred KB of
// tables, too much to make for each answer and too much to keep when idle (a pool
// empties itself as the garbage collector runs).
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	gzipWriters.Put(zw)
	return buf.Bytes()
}

// zstdEncoders are reused for the same reason; one answer is encoded at a time by
// each, and the window is bounded, as answers are small.
var zstdEncoders = sync.Pool{New: func() any {
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1),
		zstd.WithLowerEncoderMem(true), zstd.WithWindowSize(1<<20), zstd.WithZeroFrames(true))
	return enc
}}

func zstded(b []byte) []byte {
	enc := zstdEncoders.Get().(*zstd.Encoder)
	out := enc.EncodeAll(b, make([]byte, 0, len(b)/3))
	zstdEncoders.Put(enc)
	return out
}
