package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/faultproxy"
	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/pgstore"
	"github.com/bouncekit/bouncekit/suppress/suppresstest"
)

var (
	_ pgstore.DB = (*pgxpool.Pool)(nil)
	_ pgstore.DB = (*pgx.Conn)(nil)
	_ pgstore.DB = pgx.Tx(nil)
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// pgURL returns BOUNCEKIT_POSTGRES_URL or skips the test.
func pgURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("BOUNCEKIT_POSTGRES_URL")
	if url == "" {
		t.Skip("BOUNCEKIT_POSTGRES_URL not set")
	}
	return url
}

// newPool returns a pool for BOUNCEKIT_POSTGRES_URL, with at most maxConns
// connections (0: pgxpool's default), or skips the test.
func newPool(t testing.TB, maxConns int32) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgURL(t))
	if err != nil {
		t.Fatalf("BOUNCEKIT_POSTGRES_URL: %v", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("pgxpool.NewWithConfig: %v", err)
	}
	t.Cleanup(p.Close)
	if err := p.Ping(context.Background()); err != nil {
		t.Fatalf("postgres unreachable: %v", err)
	}
	return p
}

var schemaSeq atomic.Int64

// newTable creates a schema of its own, dropped at the end of the test, and
// returns the name of a table in it, created by CreateSchema.
func newTable(t testing.TB, db pgstore.DB) pgx.Identifier {
	t.Helper()
	schema := fmt.Sprintf("pgstore_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
	ctx := context.Background()
	if _, err := db.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	table := pgx.Identifier{schema, "Suppress list"} // quoting matters
	if err := (&pgstore.Store{DB: db, Table: table}).CreateSchema(ctx); err != nil {
		t.Fatalf("CreateSchema(%v): %v", table, err)
	}
	return table
}

func newStore(t testing.TB, db pgstore.DB, p suppress.Policy) *pgstore.Store {
	t.Helper()
	return &pgstore.Store{DB: db, Table: newTable(t, db), Policy: p}
}

func TestConformance(t *testing.T) {
	db := newPool(t, 0)
	suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
		return newStore(t, db, p)
	})
}

func TestSchema(t *testing.T) {
	db := newPool(t, 0)
	ctx := context.Background()
	// The Schema constant is what CreateSchema runs for the default
	// table: run it in a schema of its own, twice.
	table := newTable(t, db)
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+pgx.Identifier{table[0]}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := tx.Exec(ctx, pgstore.Schema); err != nil {
			t.Fatalf("Exec(Schema) #%d: %v", i+1, err)
		}
	}
	var cols int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
		table[0], pgstore.DefaultTable).Scan(&cols); err != nil || cols != 11 {
		t.Fatalf("columns of %s.%s = %d, %v, want 11", table[0], pgstore.DefaultTable, cols, err)
	}
	// The default table works as created by Schema.
	s := pgstore.New(tx)
	if d, err := s.Record(ctx, suppress.Event{Addr: "x@example.com", Outcome: suppress.Suppressed}, t0); err != nil || d.Allowed {
		t.Fatalf("Record on the Schema table = %+v, %v, want suppressed", d, err)
	}
}

func TestCreateSchemaConcurrent(t *testing.T) {
	db := newPool(t, 8)
	table := newTable(t, db)
	table = pgx.Identifier{table[0], "created concurrently"}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Go(func() { errs <- (&pgstore.Store{DB: db, Table: table}).CreateSchema(context.Background()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent CreateSchema(%v): %v", table, err)
		}
	}
	s := &pgstore.Store{DB: db, Table: table}
	if d, err := s.Allow(context.Background(), "x@example.com", suppress.Global, t0); err != nil || !d.Allowed {
		t.Fatalf("Allow on a new table = %+v, %v, want allowed", d, err)
	}
}

func TestInvalidConfig(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		s    *pgstore.Store
	}{
		{"nil DB", &pgstore.Store{}},
		{"empty table part", &pgstore.Store{DB: fakeDB{}, Table: pgx.Identifier{"", "t"}}},
		{"NUL in table", &pgstore.Store{DB: fakeDB{}, Table: pgx.Identifier{"a\x00b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d, err := tt.s.Allow(ctx, "x@example.com", suppress.Global, t0); err == nil || d.Allowed {
				t.Fatalf("Allow = %+v, %v, want an error", d, err)
			}
			if err := tt.s.CreateSchema(ctx); err == nil {
				t.Fatalf("CreateSchema error = nil, want an error")
			}
		})
	}
}

// fakeDB fails every call; it must never be reached.
type fakeDB struct{}

var errFake = errors.New("fakeDB called")

func (fakeDB) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, errFake
}

func (fakeDB) QueryRow(context.Context, string, ...any) pgx.Row { return errRow{} }

type errRow struct{}

func (errRow) Scan(...any) error { return errFake }

// TestTx uses a Store inside a transaction: what it records is rolled
// back with the transaction.
func TestTx(t *testing.T) {
	db := newPool(t, 0)
	table := newTable(t, db)
	ctx := context.Background()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := &pgstore.Store{DB: tx, Table: table}
	if d, err := in.Record(ctx, hardBounce("tx@example.com"), t0); err != nil || d.Allowed {
		t.Fatalf("Record(hard) in a transaction = %+v, %v, want suppressed", d, err)
	}
	if d, err := in.Allow(ctx, "tx@example.com", suppress.Global, t0.Add(time.Hour)); err != nil || d.Allowed {
		t.Fatalf("Allow in the transaction = %+v, %v, want suppressed", d, err)
	}
	out := &pgstore.Store{DB: db, Table: table}
	if d, err := out.Allow(ctx, "tx@example.com", suppress.Global, t0.Add(time.Hour)); err != nil || !d.Allowed {
		t.Fatalf("Allow outside the uncommitted transaction = %+v, %v, want allowed", d, err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if d, err := out.Allow(ctx, "tx@example.com", suppress.Global, t0.Add(time.Hour)); err != nil || !d.Allowed {
		t.Fatalf("Allow after rollback = %+v, %v, want allowed", d, err)
	}
}

func hardBounce(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{
		Category: bounce.Hard, Reason: bounce.ReasonUserUnknown, ReplyCode: 550,
	}}
}

func softBounce(a string) suppress.Event {
	return suppress.Event{Addr: a, Outcome: suppress.Bounced, Result: bounce.Result{
		Category: bounce.Soft, Reason: bounce.ReasonMailboxFull, ReplyCode: 452,
	}}
}

func TestSweep(t *testing.T) {
	db := newPool(t, 0)
	s := newStore(t, db, suppress.Policy{})
	ctx := context.Background()
	record := func(ev suppress.Event, now time.Time) {
		t.Helper()
		if _, err := s.Record(ctx, ev, now); err != nil {
			t.Fatalf("Record(%s %q): %v", ev.Outcome, ev.Addr, err)
		}
	}
	record(hardBounce("lease@example.com"), t0)                                          // ends t0+24h
	record(softBounce("soft@example.com"), t0)                                           // run ends t0+5d
	record(suppress.Event{Addr: "perm@example.com", Outcome: suppress.Unsubscribed}, t0) // stays
	record(hardBounce("both@example.com"), t0)                                           // lease ends t0+24h ...
	record(softBounce("both@example.com"), t0.Add(23*time.Hour))                         // ... its soft run at t0+5d+23h
	record(softBounce("delivered@example.com"), t0)
	record(suppress.Event{Addr: "delivered@example.com", Outcome: suppress.Delivered}, t0) // count 0: dead

	count := func() int {
		var n int
		if err := db.QueryRow(ctx, "SELECT count(*) FROM "+s.Table.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		at      time.Duration
		deleted int64
		left    int
	}{
		{time.Hour, 1, 4},          // delivered: count 0
		{24 * time.Hour, 1, 3},     // lease ended
		{5 * 24 * time.Hour, 1, 2}, // soft: run over
		{6 * 24 * time.Hour, 1, 1}, // both: lease and run over
		{400 * 24 * time.Hour, 0, 1},
	}
	for _, tt := range tests {
		n, err := s.Sweep(ctx, t0.Add(tt.at))
		if err != nil || n != tt.deleted {
			t.Fatalf("Sweep(t0+%v) = %d, %v, want %d, nil", tt.at, n, err, tt.deleted)
		}
		if got := count(); got != tt.left {
			t.Fatalf("after Sweep(t0+%v): %d rows, want %d", tt.at, got, tt.left)
		}
	}
	if e, ok, err := s.Get(ctx, "perm@example.com", suppress.Global, t0.Add(400*24*time.Hour)); !ok || err != nil || e.Kind != suppress.Unsubscribe {
		t.Fatalf("Get(perm) after the sweeps = %+v, %v, %v, want the unsubscribe", e, ok, err)
	}
}

// TestSweepMany sweeps more rows than one batch while checks run.
func TestSweepMany(t *testing.T) {
	db := newPool(t, 0)
	s := newStore(t, db, suppress.Policy{})
	ctx := context.Background()
	const n = 2500
	if _, err := db.Exec(ctx, `INSERT INTO `+s.Table.Sanitize()+` (address, kind, since, until)
		SELECT 'u' || i || '@example.com', 'bounce', $1::timestamptz, $1::timestamptz + interval '1 hour' FROM generate_series(1, $2::int) i`,
		t0, n); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, hardBounce("keep@example.com"), t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var checkErr atomic.Value
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			d, err := s.Allow(ctx, fmt.Sprintf("u%d@example.com", i%n+1), suppress.Global, t0.Add(2*time.Hour))
			if err != nil || !d.Allowed {
				checkErr.Store(fmt.Errorf("Allow(u%d) during the sweep = %+v, %v, want allowed", i%n+1, d, err))
				return
			}
		}
	})
	got, err := s.Sweep(ctx, t0.Add(2*time.Hour))
	close(stop)
	wg.Wait()
	if err, ok := checkErr.Load().(error); ok {
		t.Fatal(err)
	}
	if err != nil || got != n {
		t.Fatalf("Sweep = %d, %v, want %d, nil", got, err, n)
	}
	if d, err := s.Allow(ctx, "keep@example.com", suppress.Global, t0.Add(3*time.Hour)); err != nil || d.Allowed {
		t.Fatalf("Allow(keep) after the sweep = %+v, %v, want suppressed", d, err)
	}
}

func TestFault(t *testing.T) {
	shared := newPool(t, 0)
	cfg, err := pgxpool.ParseConfig(pgURL(t))
	if err != nil {
		t.Fatal(err)
	}
	target := net.JoinHostPort(cfg.ConnConfig.Host, fmt.Sprint(cfg.ConnConfig.Port))
	for _, mode := range []faultproxy.Mode{faultproxy.Stopped, faultproxy.Hung, faultproxy.Stalled} {
		t.Run(string(mode), func(t *testing.T) {
			table := newTable(t, shared)
			p := faultproxy.New(t, target)
			cfg, _ := pgxpool.ParseConfig(pgURL(t))
			host, port, _ := net.SplitHostPort(p.Addr())
			cfg.ConnConfig.Host = host
			fmt.Sscan(port, &cfg.ConnConfig.Port)
			cfg.ConnConfig.Fallbacks = nil
			db, err := pgxpool.NewWithConfig(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(db.Close)
			s := &pgstore.Store{DB: db, Table: table}
			suppresstest.Fault(t, s,
				func(*testing.T) { p.Down(mode) },
				func(*testing.T) { p.Up() })
		})
	}
}

// TestQueryExecModes runs the suite with the simple protocol, in which
// pgx formats the arguments as text (as behind PgBouncer in transaction
// mode), rather than prepared statements.
func TestQueryExecModes(t *testing.T) {
	pgURL(t)
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := pgxpool.ParseConfig(pgURL(t))
			if err != nil {
				t.Fatal(err)
			}
			cfg.ConnConfig.DefaultQueryExecMode = mode
			// Durability is not under test here: do not wait for the WAL
			// flush of each of the suite's 10,000 concurrent attempts.
			cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
			db, err := pgxpool.NewWithConfig(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(db.Close)
			suppresstest.Run(t, func(t *testing.T, p suppress.Policy) suppress.Store {
				return newStore(t, db, p)
			})
		})
	}
}
