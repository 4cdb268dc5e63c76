package pgqueue

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/deliver"
)

// fill schedules n recipients of messages of 1 000 recipients, all due at t0.
func fillT(b testing.TB, q *Queue, n int) {
	ctx := context.Background()
	data := make([]byte, 4<<10)
	for m := 0; m*1000 < n; m++ {
		msg := &deliver.Message{ID: fmt.Sprintf("m%d@example.com", m), From: "b@example.com", Data: data}
		var items []deliver.Item
		for r := m * 1000; r < n && r < (m+1)*1000; r++ {
			items = append(items, deliver.Item{Msg: msg, Rcpt: fmt.Sprintf("r%d@example.net", r), Attempt: 1, Queued: t0, Due: t0})
		}
		if err := q.Schedule(ctx, items...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaim claims from a queue of 10 000 due recipients. Each claim
// leases its items for a minute and the clock moves two minutes per claim,
// so the queue never runs dry. Parallel runs 4 claimers per CPU, sharing
// one pool, to show the cost of contention (SKIP LOCKED).
func BenchmarkClaim(b *testing.B) {
	q, _ := newQueue(b)
	fillT(b, q, 10_000)
	ctx := context.Background()
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			b.ReportAllocs()
			var tick atomic.Int64
			claimed := 0
			for b.Loop() {
				now := t0.Add(time.Duration(tick.Add(1)) * 2 * time.Minute)
				items, err := q.Claim(ctx, now, batch, time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				claimed += len(items)
			}
			b.ReportMetric(float64(claimed)/b.Elapsed().Seconds(), "items/s")
		})
	}
	b.Run("batch=1/parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(4)
		var claimed atomic.Int64
		start := time.Now()
		base := t0.Add(24 * time.Hour)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				// Lease 0: a claimed item is due again at once, behind the
				// others.
				items, err := q.Claim(ctx, base, 1, 0)
				if err != nil {
					b.Error(err)
					return
				}
				claimed.Add(int64(len(items)))
			}
		})
		b.ReportMetric(float64(claimed.Load())/time.Since(start).Seconds(), "items/s")
	})
}

// BenchmarkCycle is the life of one retry: Schedule, Claim, Done.
func BenchmarkCycle(b *testing.B) {
	q, _ := newQueue(b)
	ctx := context.Background()
	msg := &deliver.Message{ID: "m@example.com", From: "b@example.com", Data: make([]byte, 4<<10)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		rcpt := fmt.Sprintf("r%d@example.net", i)
		i++
		if err := q.Schedule(ctx, deliver.Item{Msg: msg, Rcpt: rcpt, Attempt: 1, Queued: t0, Due: t0}); err != nil {
			b.Fatal(err)
		}
		items, err := q.Claim(ctx, t0, 1, time.Minute)
		if err != nil || len(items) != 1 {
			b.Fatalf("Claim = %d items, %v", len(items), err)
		}
		if err := q.Done(ctx, items[0]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "items/s")
}
