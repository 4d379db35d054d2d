package domain

import (
	"slices"
	"strconv"
	"strings"

	"stepperslife/internal/kit/errs"
)

// VariantInput is what a vendor writes about one variant.
type VariantInput struct {
	SKU               string
	Options           map[string]string
	PriceCents        int64
	Stock             int
	LowStockThreshold *int
}

// ProductInput is what a vendor writes about a new product.
type ProductInput struct {
	Name        string
	Description string
	Category    string
	Status      ProductStatus
	Options     []Option
	Variants    []VariantInput
}

// Normalize trims the input and checks it, naming each bad field: the options (at
// most three, values unique), and one variant per combination of option values at
// most, each with a SKU unique in the product, a price and a stock. A product
// without options has exactly one variant. The SKU's uniqueness across the vendor
// is the store's to check.
func (in *ProductInput) Normalize() error {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.Category = strings.ToUpper(strings.TrimSpace(in.Category))
	in.Status = ProductStatus(strings.ToUpper(strings.TrimSpace(string(in.Status))))
	bad := map[string]string{}
	checkLen(bad, "name", in.Name, 2, 200)
	checkLen(bad, "description", in.Description, 0, 5000)
	if in.Category == "" {
		in.Category = "OTHER"
	} else if !slices.Contains(Categories, in.Category) {
		bad["category"] = "must be one of " + strings.Join(Categories, ", ")
	}
	switch in.Status {
	case "":
		in.Status = ProductDraft
	case ProductActive, ProductDraft:
	default:
		bad["status"] = "must be ACTIVE or DRAFT"
	}
	normalizeOptions(bad, in.Options)
	switch {
	case len(in.Variants) == 0:
		bad["variants"] = "give at least one variant (its SKU, price and stock)"
	case len(in.Variants) > MaxVariants:
		bad["variants"] = "at most 100 variants"
	case len(in.Options) == 0 && len(in.Variants) > 1:
		bad["variants"] = "a product without options has one variant; name options to sell several"
	}
	if len(bad) == 0 {
		checkVariants(bad, in.Options, in.Variants)
	}
	if len(bad) > 0 {
		return errs.Invalid(bad)
	}
	return nil
}

// normalizeOptions trims option names and values in place and names what is wrong.
func normalizeOptions(bad map[string]string, opts []Option) {
	if len(opts) > MaxOptions {
		bad["options"] = "at most 3 options (such as size, colour and width)"
		return
	}
	combos := 1
	names := map[string]bool{}
	for i := range opts {
		o := &opts[i]
		f := "options[" + strconv.Itoa(i) + "]"
		o.Name = strings.TrimSpace(o.Name)
		checkLen(bad, f+".name", o.Name, 1, 30)
		if names[Fold(o.Name)] {
			bad[f+".name"] = "repeats another option"
		}
		names[Fold(o.Name)] = true
		if len(o.Values) == 0 || len(o.Values) > MaxOptionValues {
			bad[f+".values"] = "give 1 to 30 values"
			continue
		}
		seen := map[string]bool{}
		for j := range o.Values {
			o.Values[j] = strings.TrimSpace(o.Values[j])
			v := o.Values[j]
			if v == "" || len([]rune(v)) > 40 {
				bad[f+".values["+strconv.Itoa(j)+"]"] = "must be 1 to 40 characters"
			} else if seen[Fold(v)] {
				bad[f+".values["+strconv.Itoa(j)+"]"] = "repeats another value"
			}
			seen[Fold(v)] = true
		}
		combos *= len(o.Values)
	}
	if combos > MaxVariants && bad["options"] == "" {
		bad["options"] = "these options make more than 100 variants"
	}
}

// checkVariants checks each variant against the (already valid) options: every
// option named once with one of its values, spelled as the option spells it.
func checkVariants(bad map[string]string, opts []Option, vs []VariantInput) {
	skus := map[string]int{}
	combos := map[string]int{}
	for i := range vs {
		v := &vs[i]
		f := "variants[" + strconv.Itoa(i) + "]"
		if err := NormalizeSKU(&v.SKU); err != "" {
			bad[f+".sku"] = err
		} else if j, dup := skus[strings.ToUpper(v.SKU)]; dup {
			bad[f+".sku"] = "repeats variants[" + strconv.Itoa(j) + "]"
		} else {
			skus[strings.ToUpper(v.SKU)] = i
		}
		if msg := checkPrice(v.PriceCents); msg != "" {
			bad[f+".priceCents"] = msg
		}
		if msg := checkStock(v.Stock); msg != "" {
			bad[f+".stock"] = msg
		}
		if v.LowStockThreshold == nil {
			low := DefaultLowStock
			v.LowStockThreshold = &low
		} else if msg := checkStock(*v.LowStockThreshold); msg != "" {
			bad[f+".lowStockThreshold"] = msg
		}
		canon, msg := CanonicalOptions(opts, v.Options)
		if msg != "" {
			bad[f+".options"] = msg
			continue
		}
		v.Options = canon
		key := comboKey(opts, canon)
		if j, dup := combos[key]; dup {
			bad[f+".options"] = "repeats the options of variants[" + strconv.Itoa(j) + "]"
		}
		combos[key] = i
	}
}

// CanonicalOptions matches a variant's option values to the product's options,
// ignoring case and accents, and returns them spelled as the product spells them;
// msg says what is wrong when they do not fit.
func CanonicalOptions(opts []Option, given map[string]string) (map[string]string, string) {
	if len(opts) == 0 {
		if len(given) > 0 {
			return nil, "this product has no options"
		}
		return map[string]string{}, ""
	}
	byName := map[string]string{}
	for k, v := range given {
		byName[Fold(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	if len(byName) != len(given) || len(given) != len(opts) {
		return nil, "name each option once: " + optionNames(opts)
	}
	out := make(map[string]string, len(opts))
	for _, o := range opts {
		v, ok := byName[Fold(o.Name)]
		if !ok {
			return nil, "name each option once: " + optionNames(opts)
		}
		i := slices.IndexFunc(o.Values, func(x string) bool { return Fold(x) == Fold(v) })
		if i < 0 {
			return nil, o.Name + " must be one of " + strings.Join(o.Values, ", ")
		}
		out[o.Name] = o.Values[i]
	}
	return out, ""
}

func optionNames(opts []Option) string {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

// comboKey is one string per combination of option values, for finding repeats.
func comboKey(opts []Option, vals map[string]string) string {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(Fold(vals[o.Name]))
		b.WriteByte(0)
	}
	return b.String()
}

// NormalizeSKU trims a SKU in place and returns what is wrong with it, or "".
// SKUs are kept as written and compared without regard to case.
func NormalizeSKU(sku *string) string {
	*sku = strings.TrimSpace(*sku)
	s := *sku
	switch {
	case s == "":
		return "is required"
	case len(s) > 64:
		return "must be at most 64 characters"
	case strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "must not hold spaces"
	}
	return ""
}

func checkPrice(c int64) string {
	if c < 1 || c > MaxPriceCents {
		return "must be from 1 to 1000000 cents"
	}
	return ""
}

func checkStock(n int) string {
	if n < 0 || n > MaxStock {
		return "must be from 0 to 1000000"
	}
	return ""
}

// GenerateVariants makes one variant per combination of option values, in option
// order (S/Black, S/White, M/Black, …), each with price and stock and a SKU made of
// skuPrefix and its values ("TEE-M-BLACK"). The vendor then adjusts each one.
func GenerateVariants(opts []Option, skuPrefix string, priceCents int64, stock int) []VariantInput {
	combos := []map[string]string{{}}
	for _, o := range opts {
		var next []map[string]string
		for _, c := range combos {
			for _, v := range o.Values {
				m := make(map[string]string, len(c)+1)
				for k, x := range c {
					m[k] = x
				}
				m[o.Name] = v
				next = append(next, m)
			}
		}
		combos = next
	}
	out := make([]VariantInput, 0, len(combos))
	for _, c := range combos {
		sku := strings.TrimSpace(skuPrefix)
		for _, o := range opts {
			sku += "-" + strings.ToUpper(Slugify(c[o.Name], "X"))
		}
		out = append(out, VariantInput{SKU: sku, Options: c, PriceCents: priceCents, Stock: stock})
	}
	return out
}

// ProductPatch is a change to a product; nil fields stay as they are.
type ProductPatch struct {
	Name        *string
	Description *string
	Category    *string
	Status      *ProductStatus
}

// Apply checks the patch against p and returns p changed; a status move outside
// the product machine is INVALID_TRANSITION.
func (pt ProductPatch) Apply(p Product) (Product, error) {
	in := ProductInput{Name: p.Name, Description: p.Description, Category: p.Category, Status: ProductDraft,
		Variants: []VariantInput{{SKU: "x", PriceCents: 1}}}
	if pt.Name != nil {
		in.Name = *pt.Name
	}
	if pt.Description != nil {
		in.Description = *pt.Description
	}
	if pt.Category != nil {
		in.Category = *pt.Category
	}
	if err := in.Normalize(); err != nil {
		return p, err
	}
	p.Name, p.Description, p.Category = in.Name, in.Description, in.Category
	if pt.Status != nil {
		to := ProductStatus(strings.ToUpper(strings.TrimSpace(string(*pt.Status))))
		if !slices.Contains(ProductStatuses, to) {
			return p, errs.Invalid(map[string]string{"status": "must be ACTIVE, DRAFT or ARCHIVED"})
		}
		if !p.Status.CanMove(to) {
			return p, errs.Errorf(errs.CodeInvalidTransition, "An archived product goes back to draft before it is sold again.").
				With(map[string]any{"status": string(p.Status), "to": string(to)})
		}
		p.Status = to
	}
	return p, nil
}

// VariantPatch is a change to one variant; nil fields stay as they are.
type VariantPatch struct {
	Stock             *int
	PriceCents        *int64
	LowStockThreshold *int
	SKU               *string
}

// Apply checks the patch and returns v changed.
func (pt VariantPatch) Apply(v Variant) (Variant, error) {
	bad := map[string]string{}
	if pt.Stock != nil {
		if msg := checkStock(*pt.Stock); msg != "" {
			bad["stock"] = msg
		}
		v.Stock = *pt.Stock
	}
	if pt.PriceCents != nil {
		if msg := checkPrice(*pt.PriceCents); msg != "" {
			bad["priceCents"] = msg
		}
		v.PriceCents = *pt.PriceCents
	}
	if pt.LowStockThreshold != nil {
		if msg := checkStock(*pt.LowStockThreshold); msg != "" {
			bad["lowStockThreshold"] = msg
		}
		v.LowStockThreshold = *pt.LowStockThreshold
	}
	if pt.SKU != nil {
		sku := *pt.SKU
		if msg := NormalizeSKU(&sku); msg != "" {
			bad["sku"] = msg
		}
		v.SKU = sku
	}
	if len(bad) > 0 {
		return v, errs.Invalid(bad)
	}
	return v, nil
}
