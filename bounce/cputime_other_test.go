//go:build !linux

package bounce

import "testing"

func reportCPU(b *testing.B, f func()) {
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f()
	}
}
