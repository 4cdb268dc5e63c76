package redisstore_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/internal/faultproxy"
	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/redisstore"
	"github.com/bouncekit/bouncekit/suppress/suppresstest"
)

var testSeq atomic.Int64

// client returns a client for BOUNCEKIT_REDIS_URL or skips the test.
func client(t testing.TB) *redis.Client {
	t.Helper()
	url := os.Getenv("BOUNCEKIT_REDIS_URL")
	if url == "" {
		t.Skip("BOUNCEKIT_REDIS_URL not set")
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("BOUNCEKIT_REDIS_URL: %v", err)
	}
	opt.ContextTimeoutEnabled = true
	c := redis.NewClient(opt)
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis at %s unreachable: %v", url, err)
	}
	return c
}

// newStore returns a Store with a prefix of its own, whose keys are deleted
// at the end of the test.
func newStore(t testing.TB, c redis.UniversalClient, p suppress.Policy) *redisstore.Store {
	t.Helper()
	prefix := fmt.Sprintf("bouncekit-test:%d:%d:", os.Getpid(), testSeq.Add(1))
	t.Cleanup(func() {
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			c.Del(ctx, keys...)
		}
	})
	return &redisstore.Store{Client: c, Prefix: prefix, Policy: p}
}

func TestConformance(t *testing.T) {
	c := client(t)
	suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
		return newStore(t, c, p)
	})
}

func TestFault(t *testing.T) {
	shared := client(t)
	for _, mode := range []faultproxy.Mode{faultproxy.Stopped, faultproxy.Hung} {
		t.Run(string(mode), func(t *testing.T) {
			p := faultproxy.New(t, shared.Options().Addr)
			opt := *shared.Options()
			opt.Addr = p.Addr()
			opt.ContextTimeoutEnabled = true
			opt.DialTimeout = 500 * time.Millisecond
			c := redis.NewClient(&opt)
			t.Cleanup(func() { c.Close() })
			s := newStore(t, shared, suppress.Policy{})
			s.Client = c
			suppresstest.Fault(t, s,
				func(*testing.T) { p.Down(mode) },
				func(*testing.T) { p.Up() })
		})
	}
}

// TestClusterConformance runs the suite on a Redis Cluster named by
// BOUNCEKIT_REDIS_CLUSTER_ADDRS (host:port,host:port,...): every script's
// keys must hash to one slot.
func TestClusterConformance(t *testing.T) {
	addrs := os.Getenv("BOUNCEKIT_REDIS_CLUSTER_ADDRS")
	if addrs == "" {
		t.Skip("BOUNCEKIT_REDIS_CLUSTER_ADDRS not set")
	}
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(addrs, ","), ContextTimeoutEnabled: true})
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatalf("cluster at %s unreachable: %v", addrs, err)
	}
	suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
		prefix := fmt.Sprintf("bouncekit-test:%d:%d:", os.Getpid(), testSeq.Add(1))
		t.Cleanup(func() {
			c.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
				iter := node.Scan(ctx, 0, prefix+"*", 1000).Iterator()
				for iter.Next(ctx) {
					node.Del(ctx, iter.Val())
				}
				return iter.Err()
			})
		})
		return &redisstore.Store{Client: c, Prefix: prefix, Policy: p}
	})
}
