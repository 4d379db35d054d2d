// Package servicetest checks the kit's request handling as a built service has it:
// app.Build of a small service, the whole middleware chain, health and metrics.
package servicetest_test
