package redisstate_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/redisstate"
	"github.com/bouncekit/bouncekit/deliver/statetest"
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

// prefix returns a key prefix of its own, whose keys are deleted at the
// end of the test (on every master of a Cluster).
func prefix(t testing.TB, c redis.UniversalClient) string {
	t.Helper()
	p := fmt.Sprintf("bouncekit-test:state:%d:%d:", os.Getpid(), testSeq.Add(1))
	t.Cleanup(func() {
		ctx := context.Background()
		del := func(ctx context.Context, c *redis.Client) error {
			iter := c.Scan(ctx, 0, p+"*", 1000).Iterator()
			for iter.Next(ctx) {
				c.Del(ctx, iter.Val())
			}
			return iter.Err()
		}
		if cc, ok := c.(*redis.ClusterClient); ok {
			cc.ForEachMaster(ctx, del)
			return
		}
		del(ctx, c.(*redis.Client))
	})
	return p
}

func TestConformance(t *testing.T) {
	c := client(t)
	statetest.Run(t, func(t *testing.T) deliver.State {
		return &redisstate.State{Client: c, Prefix: prefix(t, c)}
	})
}

func TestConformanceCluster(t *testing.T) {
	addrs := os.Getenv("BOUNCEKIT_REDIS_CLUSTER_ADDRS")
	if addrs == "" {
		t.Skip("BOUNCEKIT_REDIS_CLUSTER_ADDRS not set")
	}
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(addrs, ","), ContextTimeoutEnabled: true})
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("redis cluster at %s unreachable: %v", addrs, err)
	}
	statetest.Run(t, func(t *testing.T) deliver.State {
		return &redisstate.State{Client: c, Prefix: prefix(t, c)}
	})
}

// TestScriptsFlushed checks that a pipeline whose scripts the servers no
// longer have (a restart, a failover, SCRIPT FLUSH) sends them again. It
// flushes the scripts of the test Cluster, which it owns.
func TestScriptsFlushed(t *testing.T) {
	addrs := os.Getenv("BOUNCEKIT_REDIS_CLUSTER_ADDRS")
	if addrs == "" {
		t.Skip("BOUNCEKIT_REDIS_CLUSTER_ADDRS not set")
	}
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: strings.Split(addrs, ","), ContextTimeoutEnabled: true})
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	s := &redisstate.State{Client: c, Prefix: prefix(t, c)}
	now := time.Now()
	g := deliver.Guard{MinSample: 1, Pause: time.Hour}
	for i := range 3 {
		if err := c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error { return m.ScriptFlush(ctx).Err() }); err != nil {
			t.Fatal(err)
		}
		r, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Attempted: 10, Relieve: []string{"a.example", "b.example"},
			Track: &deliver.SentMessage{ID: "m", Rcpts: []string{"x@a.example"}}, Guard: g, Now: now})
		if err != nil || r.Campaign.Window.Attempted != 10*(i+1) {
			t.Fatalf("Settle %d after SCRIPT FLUSH = %+v, %v; want %d attempted", i+1, r, err, 10*(i+1))
		}
		if err := c.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error { return m.ScriptFlush(ctx).Err() }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Gate(ctx, deliver.GateRequest{Campaign: "c", Domains: []string{"a.example", "b.example"}, Guard: g, Now: now}); err != nil {
			t.Fatalf("Gate %d after SCRIPT FLUSH: %v", i+1, err)
		}
	}
}
