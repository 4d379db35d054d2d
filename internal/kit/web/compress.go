package web

import (
	"net/http"

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

// compressor is built once: its options are constants.
var compressor = func() func(http.Handler) http.HandlerFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.ContentTypes(compressible), gzhttp.MinSize(gzhttp.DefaultMinSize))
	if err != nil {
		panic(err) // only a bad option fails, and the options are fixed
	}
	return wrap
}()

// Compress answers with zstd or gzip, as the caller's Accept-Encoding prefers, when
// the answer is text of at least a packet's size; Vary: Accept-Encoding tells caches
// the two apart. An answer that set its own Content-Encoding (a proxied one) is left
// alone. ETags pass unchanged, so validators should be weak (see NotModified): the
// compressed and plain bodies are the same representation, byte-for-byte different.
func Compress(next http.Handler) http.Handler { return compressor(next) }
