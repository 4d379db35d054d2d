package provision

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Print writes the operator's summary. Passwords stay in the env files: a summary
// ends up in terminals, CI logs and chat.
func (r *Result) Print(w io.Writer) error {
	fmt.Fprintf(w, "provisioned %d services on %s (prefix %s)\n", len(r.Services), r.Server, r.Prefix)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tDATABASE\tROLE\tPASSWORD\tENV FILE")
	for _, s := range r.Services {
		db := s.Database
		switch {
		case s.DatabaseCreated:
			db += " (new)"
		case s.Reassigned > 0:
			db += fmt.Sprintf(" (%d relations handed to the role)", s.Reassigned)
		}
		role := s.Role
		if s.RoleCreated {
			role += " (new)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Service.Name, db, role, s.Password, s.EnvFile)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "each role can connect to its own database only; passwords are in the env files (mode 0600)")
	return err
}
