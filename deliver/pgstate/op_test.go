package pgstate_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/pgstate"
)

// TestOpConcurrentRetry: a settlement given again while its first
// application is not committed yet (a call sent again after a timeout,
// the first still running) waits for it and is applied once, whether it
// tracks a message or not.
func TestOpConcurrentRetry(t *testing.T) {
	p := newPool(t)
	ctx := context.Background()
	s := newState(t, p)
	now := time.Now().Truncate(time.Millisecond)
	for _, tc := range []struct {
		name  string
		track *deliver.SentMessage
	}{
		{"tracked", &deliver.SentMessage{ID: "m@example.org", Campaign: "tracked", Rcpts: []string{"a@example.com"}, Sent: now}},
		{"untracked", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := deliver.SettleRequest{Campaign: tc.name, Attempted: 1, Track: tc.track, Now: now, Op: "op-" + tc.name}
			tx, err := p.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			in := &pgstate.State{DB: tx, Table: s.Table}
			if _, _, err := in.GateSettle(ctx, []deliver.SettleRequest{req}, deliver.GateRequest{}); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, _, err := s.GateSettle(ctx, []deliver.SettleRequest{req}, deliver.GateRequest{})
				done <- err
			}()
			select {
			case err := <-done:
				t.Fatalf("the retry did not wait for the first application to commit (error %v)", err)
			case <-time.After(300 * time.Millisecond):
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			c, _, err := s.Campaign(ctx, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if c.Attempted != 1 {
				t.Errorf("a settlement and its retry during its first application: Attempted %d, want 1", c.Attempted)
			}
		})
	}
}

// TestCreateSchemaDropsOldSettle: CreateSchema on the functions of a
// version whose settle function took no Op drops that one (CREATE OR
// REPLACE of the new signature made an overload beside it).
func TestCreateSchemaDropsOldSettle(t *testing.T) {
	p := newPool(t)
	ctx := context.Background()
	s := newState(t, p)
	fn := pgx.Identifier{s.Table[0], s.Table[1] + "_settle"}.Sanitize()
	// The earlier version's function (its body does not matter).
	if _, err := p.Exec(ctx, `CREATE FUNCTION `+fn+`(
	p_campaign text, p_attempted bigint, p_bounced bigint, p_complained bigint,
	p_strike text[], p_relieve text[],
	p_track_id text, p_track_campaign text, p_track_tenant text, p_track_list text, p_track_rcpts text[],
	p_track_sent timestamptz, p_track_until timestamptz,
	p_report text, p_report_until timestamptz,
	p_guard_off boolean, p_bounce_rate double precision, p_complaint_rate double precision,
	p_min_sample integer, p_pause double precision, p_max_pauses integer,
	p_throttle_off boolean, p_t_pause double precision, p_t_max_pause double precision, p_t_rate double precision,
	p_idle double precision, p_now timestamptz) RETURNS void LANGUAGE sql AS ''`); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := p.QueryRow(ctx, `SELECT count(*) FROM pg_proc WHERE proname = $1 AND pronamespace = $2::regnamespace`,
			s.Table[1]+"_settle", pgx.Identifier{s.Table[0]}.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 2 {
		t.Fatalf("%d settle functions before the upgrade, want 2", n)
	}
	if err := s.CreateSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("%d settle functions after CreateSchema, want 1 (the old signature dropped)", n)
	}
	if _, err := s.Settle(ctx, deliver.SettleRequest{Campaign: "c", Attempted: 1, Now: time.Now()}); err != nil {
		t.Errorf("Settle after the upgrade: %v", err)
	}
}
