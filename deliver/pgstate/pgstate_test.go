package pgstate_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
	"github.com/bouncekit/bouncekit/deliver/statetest"
)

var (
	_ pgstate.DB = (*pgxpool.Pool)(nil)
	_ pgstate.DB = (*pgx.Conn)(nil)
	_ pgstate.DB = pgx.Tx(nil)
)

// newPool returns a pool for BOUNCEKIT_POSTGRES_URL, or skips the test.
func newPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	url := os.Getenv("BOUNCEKIT_POSTGRES_URL")
	if url == "" {
		t.Skip("BOUNCEKIT_POSTGRES_URL not set")
	}
	p, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatalf("BOUNCEKIT_POSTGRES_URL: %v", err)
	}
	t.Cleanup(p.Close)
	if err := p.Ping(context.Background()); err != nil {
		t.Fatalf("postgres unreachable: %v", err)
	}
	return p
}

var schemaSeq atomic.Int64

// newState creates a schema of its own, dropped at the end of the test,
// and a State in it, with its tables made by CreateSchema.
func newState(t testing.TB, db pgstate.DB) *pgstate.State {
	t.Helper()
	schema := fmt.Sprintf("pgstate_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
	ctx := context.Background()
	if _, err := db.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	s := &pgstate.State{DB: db, Table: pgx.Identifier{schema, "state"}}
	if err := s.CreateSchema(ctx); err != nil {
		t.Fatalf("CreateSchema: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	p := newPool(t)
	statetest.Run(t, func(t *testing.T) deliver.State { return newState(t, p) })
}
