package cache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"stepperslife/internal/kit/web"
)

// kept is an answer with its compressed forms, made once when it is computed, so a
// hit costs no compression: the encoders run once per state of the data, not once
// per request. forms is empty when compressing gains nothing (a small answer, an
// image).
type kept struct {
	Answer
	contentType []string // Type as a header value, made once (web.FixedValue)
	forms       []form
}

// form is the answer's body in one Content-Encoding.
type form struct {
	encoding string
	header   []string // encoding as a header value
	body     []byte
}

// keep compresses a at levels a per-request compressor could not afford.
func keep(a Answer) *kept {
	k := &kept{Answer: a, contentType: web.FixedValue(a.Type)}
	if len(a.Body) < web.CompressMinSize || !web.Compressible(a.Type) {
		return k
	}
	k.forms = []form{
		{"br", encodingBr, compressed(&brotliWriters, a.Body)},
		{"gzip", encodingGzip, compressed(&gzipWriters, a.Body)},
		{"zstd", encodingZstd, zstded(a.Body)},
	}
	for _, f := range k.forms {
		// A form no smaller than the body is not worth its header.
		if len(f.body) >= len(a.Body) {
			k.forms = nil
		}
	}
	return k
}

// write sends the smallest form the caller accepts (brotli's dictionary of web text
// wins on most pages; at a page's size gzip at its best level often beats zstd),
// marked with Content-Encoding so Compress passes it through as it is.
func (k *kept) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	body := k.Body
	if len(k.forms) > 0 {
		web.VaryOnEncoding(h)
		accept := r.Header.Get("Accept-Encoding")
		for _, f := range k.forms {
			if len(f.body) < len(body) && web.Quality(accept, f.encoding) > 0 {
				body = f.body
				h["Content-Encoding"] = f.header
			}
		}
	}
	h["Content-Type"] = k.contentType
	h["X-Content-Type-Options"] = nosniff
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// Header values every kept answer shares (web.FixedValue).
var (
	encodingBr, encodingGzip, encodingZstd = web.FixedValue("br"), web.FixedValue("gzip"), web.FixedValue("zstd")
	nosniff                                = web.FixedValue("nosniff")
)

// brotliWriters are reused at a middle quality: a kept answer is compressed on the
// request that found it missing, and quality 5 costs about a millisecond for a page
// (the best, 11, sixty times that) for a form still a tenth smaller than gzip's best.
var brotliWriters = sync.Pool{New: func() any {
	return brotli.NewWriterOptions(nil, brotli.WriterOptions{Quality: 5, LGWin: 20})
}}

// pooledEncoder is a stream compressor a pool hands out again after Reset.
type pooledEncoder interface {
	io.WriteCloser
	Reset(io.Writer)
}

// compressed is b through one of pool's encoders.
func compressed(pool *sync.Pool, b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	enc := pool.Get().(pooledEncoder)
	enc.Reset(&buf)
	_, _ = enc.Write(b)
	_ = enc.Close()
	pool.Put(enc)
	return buf.Bytes()
}

// gzipWriters are reused, and the levels are chosen for memory as much as for size:
// every service process keeps one of each encoder while it computes answers. The
// standard library's best gzip level holds about 0.8 MB; zstd's default level about
// 1.3 MB (its better levels hold 4 MB and more for a few bytes less on a page). A
// pool empties itself as the garbage collector runs, so an idle process keeps none.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// zstdEncoders encode one answer at a time each, with a window bounded as answers
// are small.
var zstdEncoders = sync.Pool{New: func() any {
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1),
		zstd.WithLowerEncoderMem(true), zstd.WithWindowSize(1<<20), zstd.WithZeroFrames(true))
	return enc
}}

func zstded(b []byte) []byte {
	enc := zstdEncoders.Get().(*zstd.Encoder)
	out := enc.EncodeAll(b, make([]byte, 0, len(b)/3))
	zstdEncoders.Put(enc)
	return out
}
