package pgstate_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
)

// BenchmarkDeliver measures the cost a PostgreSQL State adds to each
// message (see nodetest.Bench): "postgres" on a pool of pgxpool's default
// size (4 connections here), "postgres-async" on one whose sessions set
// synchronous_commit to off. More connections make one campaign slower:
// its Settles queue on its row's lock, and the holder competes with the
// waiters for the CPU.
func BenchmarkDeliver(b *testing.B) {
	p := newPool(b)
	pool := func(b *testing.B, params map[string]string) *pgxpool.Pool {
		cfg := p.Config()
		for k, v := range params {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
		pp, err := pgxpool.NewWithConfig(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(pp.Close)
		return pp
	}
	nodetest.Bench(b,
		nodetest.BenchState{Name: "postgres", New: func(b *testing.B) deliver.State {
			return &pgstate.State{DB: pool(b, nil), Table: newState(b, p).Table}
		}},
		nodetest.BenchState{Name: "postgres-async", New: func(b *testing.B) deliver.State {
			return &pgstate.State{DB: pool(b, map[string]string{"synchronous_commit": "off"}), Table: newState(b, p).Table}
		}},
	)
}
