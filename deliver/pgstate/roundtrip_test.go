package pgstate_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/nodetest"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
)

// tripCounter is a pgx tracer that counts the round trips: one per
// statement sent, and one per statement prepared (pgx prepares each
// statement once per connection, which the warm-up mostly covers).
type tripCounter struct{ n atomic.Int64 }

func (c *tripCounter) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *tripCounter) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *tripCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestRoundTrips counts the statements of a Deliverer on a PostgreSQL
// State with a tracer on its pool: at most one per message (see
// nodetest.RoundTrips).
func TestRoundTrips(t *testing.T) {
	shared := newPool(t)
	cfg := shared.Config()
	tc := &tripCounter{}
	cfg.ConnConfig.Tracer = tc
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	nodetest.RoundTrips(t, func(t *testing.T) deliver.State {
		return &pgstate.State{DB: p, Table: newState(t, shared).Table}
	}, tc.n.Load)
}
