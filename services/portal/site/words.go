package site

import (
	"fmt"
	"sort"
	"strings"

	"stepperslife/internal/api/classesapi"
	"stepperslife/internal/api/eventsapi"
	"stepperslife/internal/api/magazineapi"
	"stepperslife/internal/api/restaurantsapi"
	"stepperslife/internal/api/servicesapi"
	"stepperslife/internal/api/storeapi"
	"stepperslife/internal/kit/errs"
	"stepperslife/internal/kit/words"
)

// vocabulary is every value the portal's pages show, in words. Events and
// restaurants both name an "order", so each service's kinds carry its name:
// "event.order", "restaurant.order", "event.category", "store.product",
// "classes.enrollment"…
var vocabulary = words.Merge(prefixed("event.", eventsapi.Words), prefixed("restaurant.", restaurantsapi.Words),
	prefixed("store.", storeapi.Words), prefixed("classes.", classesapi.Words), prefixed("magazine.", magazineapi.Words),
	prefixed("services.", servicesapi.Words))

func prefixed(prefix string, v words.Vocabulary) words.Vocabulary {
	out := words.Vocabulary{}
	for kind, w := range v {
		out[prefix+kind] = w
	}
	return out
}

// statusKind is the vocabulary kind of the status of an item of kind from service:
// a ticket from events is "event.ticket". A kind nobody named still reads as words.
func statusKind(service, kind string) string { return singular(service) + "." + kind }

// fieldProblems are a refusal's field problems as sentences, never naming a field
// the way the machine spells it: "Pickup time is outside the opening hours."
func fieldProblems(e *errs.Error) string {
	fields, ok := e.Details["fields"].(map[string]any)
	if !ok || len(fields) == 0 {
		return ""
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, k := range names {
		parts = append(parts, words.Problem(k, fmt.Sprint(fields[k])))
	}
	return strings.Join(parts, " ")
}
