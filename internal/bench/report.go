package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Print writes results as a table, each rate also as a share of the trivial
// handler's (the first result).
func Print(w io.Writer, results []Result) error {
	if len(results) == 0 {
		return nil
	}
	base := results[0].PerSecond()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "path\treq/s\tof trivial\tp50\tp99\tmax\tbytes/answer\tfailed\t")
	for _, r := range results {
		share := "—"
		if base > 0 {
			share = fmt.Sprintf("%.1f%%", 100*r.PerSecond()/base)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%s\t%s\t%d\t%d\t\n", r.Name, r.PerSecond(), share,
			ms(r.P50), ms(r.P99), ms(r.Max), r.WireBytes, r.Failed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if r.Failed > 0 {
			fmt.Fprintf(w, "%s: first failure: %s\n", r.Name, r.FirstFailure)
		}
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
