package deliver_test

import (
	"testing"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
)

// TestClaimMemory runs nodetest.Claim on Deliverers of one process that
// share a MemoryState: one report handed to two of them at the same time
// is recorded once.
func TestClaimMemory(t *testing.T) {
	st := &deliver.MemoryState{}
	nodetest.Claim(t, nodetest.Backend{NewState: func(t *testing.T, addr string) deliver.State { return st }})
}
