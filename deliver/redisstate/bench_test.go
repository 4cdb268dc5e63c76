package redisstate_test

import (
	"testing"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
)

// BenchmarkDeliver measures the cost a Redis State adds to each message
// (see nodetest.Bench).
func BenchmarkDeliver(b *testing.B) {
	c := client(b)
	nodetest.Bench(b, nodetest.BenchState{Name: "redis", New: func(b *testing.B) deliver.State {
		return &redisstate.State{Client: c, Prefix: prefix(b, c)}
	}})
}
