package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/pgstore"
)

// benchStore returns a store whose table holds 100,000 leases, of
// b0@example.com to b99999@example.com, and 100,000 permanent entries in
// the tenant acme, of p0@example.com to p99999@example.com.
func benchStore(b *testing.B) *pgstore.Store {
	b.Helper()
	db := newPool(b, 4)
	s := &pgstore.Store{DB: db, Table: newTable(b, db)}
	_, err := db.Exec(context.Background(), `INSERT INTO `+s.Table.Sanitize()+` (address, tenant, kind, reason, since, until)
		SELECT 'b' || i || '@example.com', '', 'bounce', 'userunknown', $1::timestamptz, $1::timestamptz + interval '1 day' FROM generate_series(0, 99999) i
		UNION ALL
		SELECT 'p' || i || '@example.com', 'acme', 'unsubscribe', '', $1::timestamptz, NULL FROM generate_series(0, 99999) i`, t0)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(context.Background(), `VACUUM (ANALYZE) `+s.Table.Sanitize()); err != nil {
		b.Fatal(err)
	}
	return s
}

func reportChecks(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
}

// BenchmarkAllow is the pre-send check of an address that is not
// suppressed: one round trip, no write. "global" and "list" run on one
// goroutine (compare with pgbench -S -c 1), "parallel" on 4 goroutines
// sharing a pool of 4 connections (compare with pgbench -S -c 4).
func BenchmarkAllow(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	now := t0.Add(time.Hour)
	addrs := make([]string, 1024)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("user%d@example.com", i)
	}
	for _, bc := range []struct {
		name  string
		scope suppress.Scope
	}{
		{"global", suppress.Global},
		{"list", suppress.Scope{Tenant: "acme", List: "news"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				d, err := s.Allow(ctx, addrs[i%len(addrs)], bc.scope, now)
				if err != nil || !d.Allowed {
					b.Fatalf("Allow = %+v, %v", d, err)
				}
			}
			reportChecks(b)
		})
	}
	// floor is a bare pgx SELECT of one row by primary key, for scale.
	b.Run("floor", func(b *testing.B) {
		q := `SELECT kind FROM ` + s.Table.Sanitize() + ` WHERE address = $1 AND tenant = '' AND list = ''`
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var kind string
			if err := s.DB.QueryRow(ctx, q, addrs[i%len(addrs)]).Scan(&kind); !errors.Is(err, pgx.ErrNoRows) {
				b.Fatalf("QueryRow: %v", err)
			}
		}
		reportChecks(b)
	})
	b.Run("parallel", func(b *testing.B) {
		var seq atomic.Int64
		b.ReportAllocs()
		b.SetParallelism(2) // 2 × GOMAXPROCS (2 here) goroutines
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d, err := s.Allow(ctx, addrs[seq.Add(1)%int64(len(addrs))], suppress.Global, now)
				if err != nil || !d.Allowed {
					b.Fatalf("Allow = %+v, %v", d, err)
				}
			}
		})
		reportChecks(b)
	})
}

// BenchmarkAllowSuppressed checks suppressed addresses from 4 goroutines:
// each check updates a row and commits, so PostgreSQL flushes its WAL.
// "lease" moves leases to their next step, each check another address;
// "permanent" counts the attempt on permanent entries in the tenant
// scope; "hot" checks one address, so the checks wait for one another's
// row lock.
func BenchmarkAllowSuppressed(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	now := t0.Add(time.Hour)
	for _, bc := range []struct {
		name, prefix string
		n            int64
		scope        suppress.Scope
	}{
		{"lease", "b", 100000, suppress.Global},
		{"permanent", "p", 100000, suppress.Scope{Tenant: "acme", List: "news"}},
		{"hot", "b", 1, suppress.Global},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var seq atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(2)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					a := bc.prefix + strconv.FormatInt(seq.Add(1)%bc.n, 10) + "@example.com"
					d, err := s.Allow(ctx, a, bc.scope, now)
					if err != nil || d.Allowed {
						b.Fatalf("Allow(%q) = %+v, %v, want suppressed", a, d, err)
					}
				}
			})
			reportChecks(b)
		})
	}
}

// BenchmarkRecord records outcomes of new addresses from 4 goroutines:
// hard and soft bounces (one INSERT … ON CONFLICT each) and deliveries (of
// addresses without soft bounces: nothing to write).
func BenchmarkRecord(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	var seq atomic.Int64
	for _, ev := range []suppress.Event{hardBounce(""), softBounce(""), {Outcome: suppress.Delivered}} {
		name := string(ev.Outcome)
		if ev.Outcome == suppress.Bounced {
			name = string(ev.Result.Category)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(2)
			b.RunParallel(func(pb *testing.PB) {
				ev := ev
				for pb.Next() {
					ev.Addr = "new" + strconv.FormatInt(seq.Add(1), 10) + "@example.com"
					if _, err := s.Record(ctx, ev, t0); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
