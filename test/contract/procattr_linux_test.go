package contract

import "syscall"

// childAttr ends a service with the test binary even when the test is killed before
// its clean-up runs (a go test timeout), so no process is left holding a port.
func childAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
