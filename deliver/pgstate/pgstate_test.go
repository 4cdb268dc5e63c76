package pgstate_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// TestCreateSchemaUpgrade: the tables of a version without claims gain
// the claim table when CreateSchema runs again, and keep what they held.
func TestCreateSchemaUpgrade(t *testing.T) {
	p := newPool(t)
	ctx := context.Background()
	s := newState(t, p)
	now := time.Now()
	if _, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Bounced: 1, Report: "r1", Now: now}); err != nil {
		t.Fatal(err)
	}
	// The database of an earlier version: no claim table.
	claims := pgx.Identifier{s.Table[0], s.Table[1] + "_claim"}.Sanitize()
	if _, err := p.Exec(ctx, "DROP TABLE "+claims); err != nil {
		t.Fatalf("drop %s: %v", claims, err)
	}
	if _, err := s.Claim(ctx, "r2", "a", time.Minute, now); err == nil {
		t.Fatalf("Claim without the claim table: no error")
	} else if !strings.HasPrefix(err.Error(), `pgstate: claim report "r2": `) {
		t.Errorf("Claim without the claim table: error %q does not name the call", err)
	}
	if err := s.CreateSchema(ctx); err != nil {
		t.Fatalf("CreateSchema on the earlier tables: %v", err)
	}
	if ok, err := s.Claim(ctx, "r2", "a", time.Minute, now); err != nil || !ok {
		t.Errorf("Claim(r2) after the upgrade = %v, %v; want taken", ok, err)
	}
	if ok, err := s.Claim(ctx, "r1", "a", time.Minute, now); err != nil || ok {
		t.Errorf("Claim(r1) of a report settled before the upgrade = %v, %v; want refused", ok, err)
	}
	if ok, err := s.Handled(ctx, "r1"); err != nil || !ok {
		t.Errorf("Handled(r1) after the upgrade = %v, %v; want true", ok, err)
	}
}
