package suppress_test

import (
	"testing"

	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/suppresstest"
)

func TestMemoryConformance(t *testing.T) {
	suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
		return &suppress.Memory{Policy: p}
	})
}
