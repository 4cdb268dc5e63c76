//go:build linux

package dsn

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used (all threads, so
// the garbage collector's work counts). On a shared machine, time spent
// waiting for a CPU inflates ns/op but not the CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
