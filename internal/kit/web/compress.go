package web

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/klauspost/compress/gzhttp"
)

// compressible are the answers worth compressing: text the services write. Images,
// uploads and server-sent events pass through untouched (images are compressed
// already; a compressed event stream would hold events back in the encoder).
var compressible = []string{
	"text/html", "text/css", "text/plain", "text/csv", "text/calendar", "text/xml",
	"text/javascript", "application/javascript", "application/json", "application/problem+json",
	"application/xml", "application/atom+xml", "application/rss+xml", "application/manifest+json",
	"image/svg+xml",
}

// CompressMinSize is the smallest answer worth compressing: below it, the saving is
// lost in the packet it travels in anyway.
const CompressMinSize = gzhttp.DefaultMinSize

// Compressible reports whether Compress would compress an answer of contentType, so
// that an answer compressed ahead of time (a cached one) is made for the same answers.
func Compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && slices.Contains(compressible, mt)
}

// compressor is built once: its options are constants.
var compressor = func() func(http.Handler) http.HandlerFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.ContentTypes(compressible), gzhttp.MinSize(CompressMinSize))
	if err != nil {
		panic(err) // only a bad option fails, and the options are fixed
	}
	return wrap
}()

// Compress answers with zstd or gzip, as the caller's Accept-Encoding prefers, when
// the answer is text of at least a packet's size; Vary: Accept-Encoding tells caches
// the two apart. An answer that set its own Content-Encoding (a proxied one) is left
// alone, so an answer kept compressed (see the cache package) is sent as it is. ETags pass unchanged, so validators should be weak (see NotModified): the
// compressed and plain bodies are the same representation, byte-for-byte different.
func Compress(next http.Handler) http.Handler { return compressor(next) }

// VaryOnEncoding adds Accept-Encoding to Vary once (Compress adds it too).
func VaryOnEncoding(h http.Header) {
	vary := h["Vary"]
	for _, v := range vary {
		for name := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), "Accept-Encoding") {
				return
			}
		}
	}
	if len(vary) == 0 {
		h["Vary"] = varyOnEncoding
		return
	}
	h["Vary"] = append(vary, "Accept-Encoding")
}

var varyOnEncoding = FixedValue("Accept-Encoding")

// FixedValue is a header value made once for every answer that sets it, assigned
// into a header map (h[key] = v, key in canonical form) to spare each answer an
// allocation. Sharing it is safe because net/http, its proxy and the kit replace a
// header's values and never write into them, and because it has no room to grow:
// an Add to it copies it rather than writing past its end.
func FixedValue(v string) []string { return []string{v}[:1:1] }
