package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"math/bits"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"

	"stepperslife/internal/kit/web"
)

// Assets are a service's static files (stylesheets, scripts, icons), served under
// one prefix. Pages link them through {{asset "/static/events/events.css"}}, which
// adds the file's fingerprint, so a browser or CDN keeps a file for a year and a
// new binary's file is a new address. Text files are compressed once, at start.
type Assets struct {
	prefix string
	files  map[string]*asset // by name under prefix
}

type asset struct {
	sum, contentType string
	plain, gz, zst   []byte
}

// registry maps an asset's path to its fingerprint, for the asset template func.
var registry sync.Map // path → sum

// NewAssets reads every file of fsys, to be served under prefix ("/static/events/").
func NewAssets(prefix string, fsys fs.FS) (*Assets, error) {
	a := &Assets{prefix: prefix, files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		f := &asset{sum: hex.EncodeToString(sum[:6]), contentType: mime.TypeByExtension(path.Ext(name)), plain: b}
		if f.contentType == "" {
			f.contentType = "application/octet-stream"
		}
		if compressibleAsset(f.contentType) {
			f.gz, f.zst = gzipped(b), zstded(b)
		}
		a.files[name] = f
		registry.Store(prefix+name, f.sum)
		return nil
	})
	return a, err
}

// Mount serves the files.
func (a *Assets) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET "+a.prefix, a.serve)
}

func (a *Assets) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[strings.TrimPrefix(r.URL.Path, a.prefix)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == f.sum {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// An address without this build's fingerprint (an old page, a hand-typed
		// link) is kept briefly and checked again.
		h.Set("Cache-Control", "public, max-age=300")
	}
	body := f.plain
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		switch enc := r.Header.Get("Accept-Encoding"); {
		case f.zst != nil && web.Quality(enc, "zstd") > 0:
			body = f.zst
			h.Set("Content-Encoding", "zstd")
		case web.Quality(enc, "gzip") > 0:
			body = f.gz
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", `"`+f.sum+`"`)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, `"`+f.sum+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// AssetURL is p with its file's fingerprint, or p alone for a file no Assets hold.
func AssetURL(p string) string {
	if sum, ok := registry.Load(p); ok {
		return p + "?v=" + sum.(string)
	}
	return p
}

func compressibleAsset(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "json") ||
		strings.Contains(ct, "svg")
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// zstded compresses a static file once, at start. The encoder is made for the call
// and dropped: kept, the best level's tables (tens of MB, sized by the largest file
// seen) stay in every process for nothing.
func zstded(b []byte) []byte {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1),
		zstd.WithLowerEncoderMem(true), zstd.WithWindowSize(max(zstd.MinWindowSize, 1<<bits.Len(uint(len(b))))))
	if err != nil {
		return nil
	}
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}
