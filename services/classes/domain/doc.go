// Package domain holds the classes service's rules as plain Go: classes and their
// weekly sessions in Chicago wall time, enrolments (series or drop-in; free, card or
// at the door; lead/follow balance; couples), the waitlist, cancellation cutoffs and
// refunds, attendance and reviews. It knows nothing of HTTP or SQL.
package domain
