package web_test

import (
	"testing"

	"stepperslife/internal/kit/web"
)

func TestQuality(t *testing.T) {
	for _, c := range []struct {
		header string
		names  []string
		want   float64
	}{
		{"gzip, deflate, br, zstd", []string{"br"}, 1},
		{"gzip, deflate, br, zstd", []string{"identity"}, 0},
		{"", []string{"gzip"}, 0},
		{"br;q=0, gzip;q=0.5", []string{"br"}, 0},
		{"br;q=0, gzip;q=0.5", []string{"gzip"}, 0.5},
		{"GZIP ; Q=0.3", []string{"gzip"}, 0.3},
		{"gzip;q=2", []string{"gzip"}, 1},     // out of range: as if unstated
		{"gzip;q=abc", []string{"gzip"}, 1},   // unreadable: as if unstated
		{"gzip;level=9", []string{"gzip"}, 1}, // other parameters do not weigh
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", []string{"text/html", "application/xhtml+xml"}, 1},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", []string{"application/json", "application/*"}, 0},
		{"application/json, text/html;q=0.1", []string{"text/html"}, 0.1},
		{",, gzip ,", []string{"gzip"}, 1},
		{"x-gzip", []string{"gzip"}, 0},
	} {
		if got := web.Quality(c.header, c.names...); got != c.want {
			t.Errorf("Quality(%q, %q) = %v, want %v", c.header, c.names, got, c.want)
		}
	}
}

func BenchmarkQuality(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if web.Quality("gzip, deflate, br, zstd", "zstd") != 1 {
			b.Fatal("zstd")
		}
	}
}
