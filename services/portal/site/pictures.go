package site

import (
	"html"
	"html/template"

	"stepperslife/internal/kit/imaging"
)

// Pictures the services store come with narrower copies (imaging.Srcset); the pages
// offer them with the width each picture is drawn at, so a phone fetches a copy the
// size of its screen rather than the desktop's picture.

// heroSizes is how wide an item page's hero is drawn (site.css .item .hero: the
// page's width on a phone, at most 26rem beside the facts on a wider screen); the
// class, provider and instructor pages write it in their templates.
const heroSizes = "(min-width: 48rem) 26rem, calc(100vw - 2rem)"

// preloadSet is a preload link's imagesrcset and imagesizes for an img offering
// srcset with sizes, so the browser fetches the one copy the img will use, once;
// empty without a srcset. The attributes are written whole because html/template
// takes any attribute named *src* for one URL.
func preloadSet(srcset, sizes string) template.HTMLAttr {
	if srcset == "" {
		return ""
	}
	return template.HTMLAttr(`imagesrcset="` + html.EscapeString(srcset) + `" imagesizes="` + html.EscapeString(sizes) + `"`)
}

// ImageSet offers the flyer's narrower copies.
func (ev eventView) ImageSet() string { return imaging.Srcset(ev.Image) }

// HeroSizes is the flyer's sizes as the page's hero.
func (eventView) HeroSizes() string { return heroSizes }

// HeroPreload is the flyer's preload, offering the copies its img does.
func (ev eventView) HeroPreload() template.HTMLAttr { return preloadSet(ev.ImageSet(), heroSizes) }

// ImageSet offers the card's picture's narrower copies.
func (c card) ImageSet() string { return imaging.Srcset(c.ImageURL) }
