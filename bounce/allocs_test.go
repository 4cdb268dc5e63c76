package bounce

import "testing"

// TestBenchInputsAllocs pins the inputs of the Classify benchmarks to zero
// allocations, the short enhanced-code reply among them.
func TestBenchInputsAllocs(t *testing.T) {
	for _, in := range []string{benchCode, benchShort, benchBare, benchMultiline, benchText} {
		if n := testing.AllocsPerRun(100, func() { Classify(in) }); n != 0 {
			t.Errorf("Classify(%q) allocates %v times, want 0", in, n)
		}
	}
}
