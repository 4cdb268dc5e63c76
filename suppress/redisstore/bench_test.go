package redisstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// BenchmarkAllow measures checks per second from one client (one
// connection pool) with 50 concurrent callers, as redis-benchmark's
// default of 50 clients; "serial" is one caller, i.e. the round trip.
func BenchmarkAllow(b *testing.B) {
	c := client(b)
	s := newStore(b, c, suppress.Policy{})
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const n = 1024
	addrs := make([]string, n)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("user%d@example.com", i)
		if i%8 == 0 {
			ev := suppress.Event{Addr: addrs[i], Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard}}
			if _, err := s.Record(ctx, ev, now); err != nil {
				b.Fatal(err)
			}
		}
	}
	now = now.Add(time.Hour)
	for _, bc := range []struct {
		name     string
		parallel int
		scope    suppress.Scope
	}{
		{"serial", 0, suppress.Global},
		{"parallel50", 25, suppress.Global},
		{"parallel50-list-scope", 25, suppress.Scope{Tenant: "acme", List: "news"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			start := time.Now()
			if bc.parallel == 0 {
				i := 0
				for b.Loop() {
					if _, err := s.Allow(ctx, addrs[i%n], bc.scope, now); err != nil {
						b.Fatal(err)
					}
					i++
				}
			} else {
				b.SetParallelism(bc.parallel)
				b.RunParallel(func(pb *testing.PB) {
					i := int(time.Now().UnixNano())
					for pb.Next() {
						if _, err := s.Allow(ctx, addrs[i%n], bc.scope, now); err != nil {
							b.Error(err)
							return
						}
						i++
					}
				})
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "checks/s")
		})
	}
}

// BenchmarkGetBaseline is a plain GET through the same client, to set the
// checks beside redis-benchmark -t get.
func BenchmarkGetBaseline(b *testing.B) {
	c := client(b)
	ctx := context.Background()
	key := fmt.Sprintf("bouncekit-test:get:%d", time.Now().UnixNano())
	c.Set(ctx, key, "xxx", time.Minute)
	b.Cleanup(func() { c.Del(ctx, key) })
	b.SetParallelism(25)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.Get(ctx, key).Err(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "gets/s")
}

// BenchmarkRecord measures recording hard bounces with 50 callers.
func BenchmarkRecord(b *testing.B) {
	c := client(b)
	s := newStore(b, c, suppress.Policy{})
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b.SetParallelism(25)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		i := int(time.Now().UnixNano())
		for pb.Next() {
			ev := suppress.Event{Addr: fmt.Sprintf("u%d@example.com", i%4096), Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard}}
			if _, err := s.Record(ctx, ev, now); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
}
