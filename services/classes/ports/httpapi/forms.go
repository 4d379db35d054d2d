package httpapi

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"stepperslife/internal/kit/errs"
	"stepperslife/services/classes/domain"
)

const localLayout = "2006-01-02T15:04"

// classInputFromForm reads the dashboard's new-class form: dollars as exact cents,
// the first session in Chicago wall time.
func classInputFromForm(v url.Values) (domain.ClassInput, error) {
	bad := map[string]string{}
	in := domain.ClassInput{Title: v.Get("title"), Description: v.Get("description"), Style: v.Get("style"),
		Level: v.Get("level"), Venue: v.Get("venue"), Address: v.Get("address"), WhatToBring: v.Get("whatToBring"),
		Prerequisites: v.Get("prerequisites")}
	in.Capacity = number(v, "capacity", bad)
	in.DurationMinutes = number(v, "durationMinutes", bad)
	in.Weeks = number(v, "weeks", bad)
	if s := strings.TrimSpace(v.Get("roleCap")); s != "" {
		in.RoleCap = number(v, "roleCap", bad)
	}
	var err error
	if in.PriceCents, err = parseDollars(v.Get("price")); err != nil {
		bad["price"] = "must be an amount in dollars, like 80 or 80.50"
	}
	if s := strings.TrimSpace(v.Get("dropInPrice")); s != "" {
		cents, err := parseDollars(s)
		if err != nil {
			bad["dropInPrice"] = "must be an amount in dollars, like 20 or 20.50"
		}
		in.DropInPriceCents = &cents
	}
	if s := strings.TrimSpace(v.Get("firstSessionAt")); s != "" {
		t, err := time.ParseInLocation(localLayout, s, domain.Chicago)
		if err != nil {
			bad["firstSessionAt"] = "must be a date and time"
		}
		in.FirstSessionAt = t.UTC()
	}
	if len(bad) > 0 {
		return in, errs.Invalid(bad)
	}
	return in, nil
}

func number(v url.Values, name string, bad map[string]string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v.Get(name)))
	if err != nil {
		bad[name] = "must be a whole number"
	}
	return n
}

// parseDollars reads "25", "25.5" or "25.50" as cents, exactly (no floats).
func parseDollars(s string) (int64, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	if s == "" {
		return 0, nil
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" && frac == "" {
		return 0, strconv.ErrSyntax
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 1_000_000 {
		return 0, strconv.ErrSyntax
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 {
		return 0, strconv.ErrSyntax
	}
	return w*100 + f, nil
}
