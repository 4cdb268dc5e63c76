package redisstate_test

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
)

// tripCounter is a go-redis hook that counts round trips: one per
// command, one per pipeline. The commands a new connection sends to set
// itself up (HELLO, CLIENT SETINFO, AUTH, SELECT), which go-redis passes
// through the client's hooks too, are not the State's: a caller that
// needs one more connection than the warm-up made would count them.
type tripCounter struct{ n atomic.Int64 }

func (h *tripCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *tripCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if !connSetup(cmd) {
			h.n.Add(1)
		}
		return next(ctx, cmd)
	}
}

func (h *tripCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if !slices.ContainsFunc(cmds, connSetup) {
			h.n.Add(1)
		}
		return next(ctx, cmds)
	}
}

// connSetup reports whether cmd is one a new connection sends to set
// itself up.
func connSetup(cmd redis.Cmder) bool {
	switch strings.ToLower(cmd.Name()) {
	case "hello", "client", "auth", "select":
		return true
	}
	return false
}

// TestRoundTrips counts the round trips of a Deliverer on a Redis State
// with a hook on its client: at most one per message (see
// nodetest.RoundTrips).
func TestRoundTrips(t *testing.T) {
	shared := client(t)
	c := redis.NewClient(shared.Options())
	t.Cleanup(func() { c.Close() })
	h := &tripCounter{}
	c.AddHook(h)
	nodetest.RoundTrips(t, func(t *testing.T) deliver.State {
		return &redisstate.State{Client: c, Prefix: prefix(t, shared)}
	}, h.n.Load)
}
