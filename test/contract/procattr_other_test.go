//go:build !linux

package contract

import "syscall"

// childAttr has nothing to add where the parent-death signal does not exist.
func childAttr() *syscall.SysProcAttr { return nil }
