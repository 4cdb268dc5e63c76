package statetest_test

import (
	"testing"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/statetest"
)

// TestMemoryState runs the suite on the reference implementation.
func TestMemoryState(t *testing.T) {
	statetest.Run(t, func(t *testing.T) deliver.State { return &deliver.MemoryState{} })
}
