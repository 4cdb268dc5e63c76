package pgstate_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
)

func count(t *testing.T, s *pgstate.State, table string) int {
	t.Helper()
	id := append(pgx.Identifier(nil), s.Table...)
	id[len(id)-1] += table
	var n int
	if err := s.DB.QueryRow(context.Background(), "SELECT count(*) FROM "+id.Sanitize()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Expired sent messages and report keys are deleted as new ones come, up
// to 16 per Settle, so that the tables stay bounded by what is live.
func TestExpiredRowsDeleted(t *testing.T) {
	p := newPool(t)
	s := newState(t, p)
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	old := now.Add(-8 * 24 * time.Hour)
	for i := range 100 {
		_, err := s.Settle(ctx, deliver.SettleRequest{
			Track:  &deliver.SentMessage{ID: fmt.Sprintf("old%d", i), Rcpts: []string{"a@a.example"}, Sent: old},
			Report: fmt.Sprintf("r%d", i), Now: old,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, s, "_sent"); n != 100 {
		t.Fatalf("%d sent rows, want 100", n)
	}
	// Seven days later (the default TrackFor and ReportFor), each new
	// message and report deletes up to 16 expired ones.
	for i := range 7 {
		if _, err := s.Settle(ctx, deliver.SettleRequest{
			Track:  &deliver.SentMessage{ID: fmt.Sprintf("new%d", i), Rcpts: []string{"b@b.example"}, Sent: now},
			Report: fmt.Sprintf("n%d", i), Now: now,
		}); err != nil {
			t.Fatal(err)
		}
		if want := max(100-16*(i+1), 0) + i + 1; count(t, s, "_sent") != want || count(t, s, "_handled") != want {
			t.Errorf("after %d new messages: %d sent and %d handled rows, want %d", i+1, count(t, s, "_sent"), count(t, s, "_handled"), want)
		}
	}
	if _, ok, _ := s.Sent(ctx, "new6"); !ok {
		t.Errorf("Sent(new6) not found")
	}
}

// The exported Schema creates the default names in the search_path.
func TestSchemaConst(t *testing.T) {
	p := newPool(t)
	ctx := context.Background()
	schema := newState(t, p).Table[0]
	conn, err := p.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET search_path TO "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "RESET search_path")
	for range 2 { // idempotent
		if _, err := conn.Exec(ctx, pgstate.Schema); err != nil {
			t.Fatalf("Schema: %v", err)
		}
	}
	s := pgstate.New(conn.Conn())
	if _, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Attempted: 3, Now: time.Now()}); err != nil {
		t.Fatalf("Settle on the default names: %v", err)
	}
	if c, ok, err := s.Campaign(ctx, "c"); err != nil || !ok || c.Window.Attempted != 3 {
		t.Errorf("Campaign(c) = %+v, %v, %v", c, ok, err)
	}
}

func TestBadInput(t *testing.T) {
	p := newPool(t)
	s := newState(t, p)
	ctx := context.Background()
	// PostgreSQL text holds no NUL: an error, never a panic nor a write.
	_, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "a\x00b", Attempted: 1, Now: time.Now()})
	if err == nil || !strings.HasPrefix(err.Error(), "pgstate: settle campaign ") {
		t.Errorf("Settle of a campaign name with NUL: %v, want a pgstate error", err)
	}
	if _, err := (&pgstate.State{}).Gate(ctx, deliver.GateRequest{Campaign: "c"}); err == nil {
		t.Errorf("Gate without a DB: no error")
	}
	if _, err := (&pgstate.State{DB: p, Table: pgx.Identifier{""}}).Gate(ctx, deliver.GateRequest{Campaign: "c"}); err == nil {
		t.Errorf("Gate with an empty table name: no error")
	}
}

// Idle active campaigns and stale throttled domains are forgotten as new
// ones come; paused campaigns are kept.
func TestIdleRowsDeleted(t *testing.T) {
	p := newPool(t)
	s := newState(t, p)
	s.IdleFor = 24 * time.Hour
	ctx := context.Background()
	now := time.Now().Truncate(time.Second)
	old := now.Add(-10 * 24 * time.Hour)
	g := deliver.Guard{MinSample: 1, Pause: time.Hour}
	for i := range 20 {
		req := deliver.SettleRequest{Campaign: fmt.Sprintf("old%d", i), Attempted: 1, Strike: []string{fmt.Sprintf("d%d.example", i)}, Guard: g, Now: old}
		if i == 0 {
			req.Bounced = 1 // paused: kept
		}
		if _, err := s.Settle(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "new", Attempted: 1, Strike: []string{"new.example"}, Guard: g, Now: now}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "_campaign"); n != 20-16+1 {
		t.Errorf("%d campaigns after a new one, want %d (16 idle ones forgotten)", n, 20-16+1)
	}
	if _, ok, _ := s.Campaign(ctx, "old0"); !ok {
		t.Errorf("the paused campaign old0 was forgotten")
	}
	if n := count(t, s, "_domain"); n != 20-16+1 {
		t.Errorf("%d domains after a new strike, want %d (16 stale ones forgotten)", n, 20-16+1)
	}
}
