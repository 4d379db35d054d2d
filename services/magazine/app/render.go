package app

import (
	"strconv"
	"sync"

	"stepperslife/services/magazine/domain"
)

// renderCacheSize bounds how many rendered bodies are kept.
const renderCacheSize = 1024

// renders keeps bodies rendered for readers by article and version: a version never
// changes its text, so a hit is always current, and rendering (Markdown, then the
// sanitizer) is the dearest part of a page.
type renders struct {
	mu   sync.Mutex
	seen map[string]string
}

// cached is fn's answer for article a under kind, computed once per version. When
// the cache is full it starts again: simple, and a warm magazine reads few articles.
func (r *renders) cached(kind string, a domain.Article, fn func() string) string {
	return r.keyed(kind+":"+a.ID+"@"+strconv.Itoa(a.Version), fn)
}

// keyed is fn's answer under key, computed once; key must change whenever the text
// fn renders does.
func (r *renders) keyed(key string, fn func() string) string {
	r.mu.Lock()
	v, ok := r.seen[key]
	r.mu.Unlock()
	if ok {
		return v
	}
	v = fn()
	r.mu.Lock()
	if r.seen == nil || len(r.seen) >= renderCacheSize {
		r.seen = make(map[string]string, renderCacheSize)
	}
	r.seen[key] = v
	r.mu.Unlock()
	return v
}

func (r *renders) get(a domain.Article) string {
	return r.cached("html", a, func() string { return domain.RenderBody(a.Body) })
}

// ExcerptLength is how long a made-up excerpt runs, in characters.
const ExcerptLength = 200

// Excerpt is the writer's excerpt of a or, without one, the body's first words.
func (s *Service) Excerpt(a domain.Article) string {
	if a.Excerpt != "" {
		return a.Excerpt
	}
	return s.renders.cached("excerpt", a, func() string { return domain.PlainText(a.Body, ExcerptLength) })
}

// Rendered is v with its body rendered for readers.
func (s *Service) Rendered(v View) View {
	v.BodyHTML = s.renders.get(v.Article)
	return v
}
