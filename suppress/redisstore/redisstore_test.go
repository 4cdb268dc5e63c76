package redisstore_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

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

// proxy is a TCP proxy in front of the test server that the fault test
// takes down: refused (nothing listens) or hung (connections accepted,
// never answered).
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
	hang   bool
}

func (p *proxy) listen() {
	p.t.Helper()
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("proxy: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns = append(p.conns, c)
			hang := p.hang
			p.mu.Unlock()
			if hang {
				continue // accepted, never answered
			}
			go func() {
				up, err := net.Dial("tcp", p.target)
				if err != nil {
					c.Close()
					return
				}
				p.mu.Lock()
				p.conns = append(p.conns, up)
				p.mu.Unlock()
				go io.Copy(up, c)
				io.Copy(c, up)
				c.Close()
				up.Close()
			}()
		}
	}()
}

// cut closes every connection, and the listener too unless hang is set.
func (p *proxy) cut(hang bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hang = hang
	if !hang {
		p.ln.Close()
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	p.mu.Lock()
	hung := p.hang
	p.hang = false
	p.mu.Unlock()
	if !hung {
		p.listen()
	}
}

func TestFault(t *testing.T) {
	shared := client(t)
	for _, mode := range []string{"stopped", "hung"} {
		t.Run(mode, func(t *testing.T) {
			p := &proxy{t: t, target: shared.Options().Addr}
			p.listen()
			t.Cleanup(func() { p.cut(false) })
			opt := *shared.Options()
			opt.Addr = p.addr
			opt.ContextTimeoutEnabled = true
			opt.DialTimeout = 500 * time.Millisecond
			c := redis.NewClient(&opt)
			t.Cleanup(func() { c.Close() })
			s := newStore(t, shared, suppress.Policy{})
			s.Client = c
			suppresstest.Fault(t, s,
				func(*testing.T) { p.cut(mode == "hung") },
				func(*testing.T) { p.restore() })
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
