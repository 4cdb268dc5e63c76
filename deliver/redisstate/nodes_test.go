package redisstate_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
)

// nodeClient returns a client of its own for one node, connected to addr,
// that gives up within a second or two when the server is away.
func nodeClient(t *testing.T, addr string) *redis.Client {
	t.Helper()
	opt := *client(t).Options()
	opt.Addr = addr
	opt.ContextTimeoutEnabled = true
	opt.DialTimeout = 500 * time.Millisecond
	opt.ReadTimeout = time.Second
	opt.WriteTimeout = time.Second
	opt.MaxRetries = 1
	c := redis.NewClient(&opt)
	t.Cleanup(func() { c.Close() })
	return c
}

// TestNodes runs three Deliverers, each with its own client, on one Redis.
func TestNodes(t *testing.T) {
	shared := client(t)
	nodetest.Run(t, func(t *testing.T) nodetest.Backend {
		p := prefix(t, shared)
		return nodetest.Backend{
			Addr: shared.Options().Addr,
			NewState: func(t *testing.T, addr string) deliver.State {
				return &redisstate.State{Client: nodeClient(t, addr), Prefix: p}
			},
		}
	})
}

// TestNodesCluster runs them on a Redis Cluster (the faults on one of its
// nodes' addresses stand for the whole Cluster's).
func TestNodesCluster(t *testing.T) {
	addrs := os.Getenv("BOUNCEKIT_REDIS_CLUSTER_ADDRS")
	if addrs == "" {
		t.Skip("BOUNCEKIT_REDIS_CLUSTER_ADDRS not set")
	}
	list := strings.Split(addrs, ",")
	newClient := func(t *testing.T) *redis.ClusterClient {
		c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: list, ContextTimeoutEnabled: true,
			DialTimeout: 500 * time.Millisecond, ReadTimeout: time.Second, WriteTimeout: time.Second, MaxRetries: 1})
		t.Cleanup(func() { c.Close() })
		return c
	}
	shared := newClient(t)
	if err := shared.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis cluster at %s unreachable: %v", addrs, err)
	}
	nodetest.Run(t, func(t *testing.T) nodetest.Backend {
		p := prefix(t, shared)
		return nodetest.Backend{
			Addr: list[0],
			NewState: func(t *testing.T, addr string) deliver.State {
				if addr != list[0] {
					t.Skip("the fault test needs a single server: a Cluster client finds the other nodes by itself")
				}
				return &redisstate.State{Client: newClient(t), Prefix: p}
			},
		}
	})
}
