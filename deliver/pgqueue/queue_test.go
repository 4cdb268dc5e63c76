package pgqueue

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/queuetest"
	"github.com/bouncekit/bouncekit/internal/fakeclock"
	"github.com/bouncekit/bouncekit/suppress"
)

// Environment of the child processes started by the multi-process tests.
const (
	envChild  = "BOUNCEKIT_PGQUEUE_CHILD" // "deliver" or "claim"
	envSchema = "BOUNCEKIT_PGQUEUE_SCHEMA"
	envNow    = "BOUNCEKIT_PGQUEUE_NOW" // RFC 3339 time of the child's clock
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// pgURL returns the test database's URL, skipping the test when unset.
func pgURL(tb testing.TB) string {
	u := os.Getenv("BOUNCEKIT_POSTGRES_URL")
	if u == "" {
		tb.Skip("BOUNCEKIT_POSTGRES_URL is not set")
	}
	return u
}

// newSchema creates a schema of its own for tb, dropped at the end.
func newSchema(tb testing.TB, pool *pgxpool.Pool) string {
	var b [6]byte
	rand.Read(b[:])
	name := "pgqueue_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		pool.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE")
	})
	return name
}

func newPool(tb testing.TB) *pgxpool.Pool {
	pool, err := pgxpool.New(context.Background(), pgURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// newQueue returns a Queue on a fresh schema, and that schema.
func newQueue(tb testing.TB) (*Queue, string) {
	pool := newPool(tb)
	schema := newSchema(tb, pool)
	q := &Queue{DB: pool, Table: pgx.Identifier{schema, DefaultTable}}
	if err := q.CreateSchema(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return q, schema
}

func count(tb testing.TB, q *Queue, table string) int {
	tb.Helper()
	var n int
	sql := "SELECT count(*) FROM " + pgx.Identifier{q.Table[0], table}.Sanitize()
	if err := q.DB.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func keys(items []deliver.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Msg.ID+"/"+it.Rcpt)
	}
	return out
}

func TestQueue(t *testing.T) {
	ctx := context.Background()
	q, _ := newQueue(t)
	m1 := &deliver.Message{ID: "m1@example.com", From: "bounces@example.com", Campaign: "spring",
		Scope: suppress.Scope{Tenant: "acme", List: "news"}, Data: []byte("Subject: hi\r\n\r\nbody\r\n")}
	m2 := &deliver.Message{ID: "m2@example.com", From: "bounces@example.com", Data: []byte("x")}
	if err := q.Schedule(ctx,
		deliver.Item{Msg: m1, Rcpt: "a@example.net", Attempt: 1, Queued: t0, Due: t0.Add(2 * time.Minute)},
		deliver.Item{Msg: m1, Rcpt: "b@example.net", Attempt: 1, Queued: t0, Due: t0.Add(time.Minute)},
		deliver.Item{Msg: m2, Rcpt: "a@example.net", Due: t0.Add(time.Hour)},
	); err != nil {
		t.Fatal(err)
	}
	claim := func(at time.Duration) []deliver.Item {
		t.Helper()
		items, err := q.Claim(ctx, t0.Add(at), 10, 5*time.Minute)
		if err != nil {
			t.Fatalf("Claim(+%v) error: %v", at, err)
		}
		return items
	}
	for _, tc := range []struct {
		name string
		at   time.Duration
		want []string
	}{
		{"nothing due", 0, nil},
		{"two due, in due order", 3 * time.Minute, []string{"m1@example.com/b@example.net", "m1@example.com/a@example.net"}},
		{"claimed items are leased", 4 * time.Minute, nil},
		{"lease over: they come back", 9 * time.Minute, []string{"m1@example.com/b@example.net", "m1@example.com/a@example.net"}},
	} {
		items := claim(tc.at)
		if got := keys(items); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Claim(+%v) = %q, want %q", tc.name, tc.at, got, tc.want)
		}
		for _, it := range items {
			got := *it.Msg
			want := *m1
			if got.ID != want.ID || got.From != want.From || got.Campaign != want.Campaign ||
				got.Scope != want.Scope || string(got.Data) != string(want.Data) {
				t.Errorf("%s: claimed message = %+v, want %+v", tc.name, got, want)
			}
			if it.Attempt != 1 || !it.Queued.Equal(t0) {
				t.Errorf("%s: claimed item = attempt %d queued %v, want 1, %v", tc.name, it.Attempt, it.Queued, t0)
			}
		}
		if len(items) == 2 && items[0].Msg != items[1].Msg {
			t.Errorf("%s: items of one message have different *Message", tc.name)
		}
	}

	// Schedule replaces and releases a claimed item.
	if err := q.Schedule(ctx, deliver.Item{Msg: m1, Rcpt: "a@example.net", Attempt: 2, Queued: t0, Due: t0.Add(10 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	items := claim(10 * time.Minute)
	if got, want := keys(items), []string{"m1@example.com/a@example.net"}; !slices.Equal(got, want) {
		t.Errorf("Claim after reschedule = %q, want %q", got, want)
	} else if items[0].Attempt != 2 || !items[0].Due.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("rescheduled item = attempt %d due %v, want 2, %v", items[0].Attempt, items[0].Due, t0.Add(10*time.Minute))
	}
	if n := count(t, q, DefaultTable); n != 3 {
		t.Errorf("rows after reschedule = %d, want 3 (replaced, not added)", n)
	}

	// Done is idempotent, and the message goes with its last recipient.
	for i, k := range []struct{ id, rcpt string }{
		{"m1@example.com", "a@example.net"},
		{"m1@example.com", "a@example.net"}, // again
		{"m1@example.com", "nobody@example.net"},
		{"unknown", "a@example.net"},
	} {
		if err := q.Done(ctx, deliver.Item{Msg: &deliver.Message{ID: k.id}, Rcpt: k.rcpt}); err != nil {
			t.Errorf("Done #%d(%q, %q) = %v, want nil", i, k.id, k.rcpt, err)
		}
	}
	if n := count(t, q, DefaultTable+"_message"); n != 2 {
		t.Errorf("messages after one of m1's two recipients is done = %d, want 2", n)
	}
	if err := q.Done(ctx, deliver.Item{Msg: m1, Rcpt: "b@example.net"}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, q, DefaultTable+"_message"); n != 1 {
		t.Errorf("messages after m1 is done = %d, want 1", n)
	}
	if got := keys(claim(2 * time.Hour)); !slices.Equal(got, []string{"m2@example.com/a@example.net"}) {
		t.Errorf("Claim(+2h) = %q, want only m2", got)
	}
	if n, err := q.Sweep(ctx); err != nil || n != 0 {
		t.Errorf("Sweep() = %d, %v, want 0, nil", n, err)
	}
	// A message left without recipients (its Done died between its two
	// statements) is swept; m2, which a recipient waits for, stays.
	orphan := "INSERT INTO " + messageTable(q.Table).Sanitize() + " (id, sender, data, pending) VALUES ('orphan', '', '', 0)"
	if _, err := q.DB.Exec(ctx, orphan); err != nil {
		t.Fatal(err)
	}
	if n, err := q.Sweep(ctx); err != nil || n != 1 {
		t.Errorf("Sweep() with an orphan = %d, %v, want 1, nil", n, err)
	}
	if n := count(t, q, DefaultTable+"_message"); n != 1 {
		t.Errorf("messages after Sweep = %d, want 1 (m2)", n)
	}
}

// TestClaims runs the claim-token tests of package queuetest: a stale
// worker, whose lease ran out and whose item another worker claimed, can
// neither complete nor reschedule it.
func TestClaims(t *testing.T) {
	queuetest.Run(t, func(t *testing.T) deliver.Queue {
		q, _ := newQueue(t)
		return q
	})
}

// TestMigrate creates the tables as they were before claim tokens, with a
// waiting and a claimed item in them, and migrates them with CreateSchema,
// twice: the items keep working, the claimed one after its lease.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	pool := newPool(t)
	schema := newSchema(t, pool)
	q := &Queue{DB: pool, Table: pgx.Identifier{schema, DefaultTable}}
	if err := q.init(); err != nil {
		t.Fatal(err)
	}
	var old []string
	for _, line := range strings.Split(q.q.schema, "\n") {
		if !strings.Contains(line, "claim_token") {
			old = append(old, line)
		}
	}
	msgs, rcpts := messageTable(q.Table).Sanitize(), q.Table.Sanitize()
	for _, sql := range []string{
		strings.Join(old, "\n"),
		"INSERT INTO " + msgs + " (id, sender, data, pending) VALUES ('m', 'b@example.com', 'x', 2)",
		"INSERT INTO " + rcpts + " (message_id, rcpt, attempt, due, ready) VALUES ('m', 'waiting@example.net', 1, $1, $1)",
		"INSERT INTO " + rcpts + " (message_id, rcpt, attempt, due, ready, claimed_until, claims) VALUES ('m', 'claimed@example.net', 1, $1, $2, $2, 1)",
	} {
		var args []any
		if strings.Contains(sql, "$1") {
			args = append(args, t0)
		}
		if strings.Contains(sql, "$2") {
			args = append(args, t0.Add(time.Minute))
		}
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for i := range 2 {
		if err := q.CreateSchema(ctx); err != nil {
			t.Fatalf("CreateSchema #%d on the old tables: %v", i+1, err)
		}
	}
	items, err := q.Claim(ctx, t0, 10, time.Minute)
	if err != nil || len(items) != 1 || items[0].Rcpt != "waiting@example.net" || items[0].Token == "" {
		t.Fatalf("Claim after the migration = %+v, %v, want waiting@example.net with a token", items, err)
	}
	if err := q.Done(ctx, items[0]); err != nil {
		t.Errorf("Done(waiting) = %v, want nil", err)
	}
	// The item an old worker claimed before the migration has no token:
	// Done without one completes it, as before.
	if err := q.Done(ctx, deliver.Item{Msg: &deliver.Message{ID: "m"}, Rcpt: "claimed@example.net"}); err != nil {
		t.Errorf("Done(claimed) without a token = %v, want nil", err)
	}
	checkEmpty(t, q)
}

func TestScheduleInvalid(t *testing.T) {
	ctx := context.Background()
	q, _ := newQueue(t)
	for _, tc := range []struct {
		name string
		it   deliver.Item
	}{
		{"no message", deliver.Item{Rcpt: "a@example.net"}},
		{"no message ID", deliver.Item{Msg: &deliver.Message{}, Rcpt: "a@example.net"}},
		{"NUL in recipient", deliver.Item{Msg: &deliver.Message{ID: "m"}, Rcpt: "a\x00@example.net"}},
	} {
		if err := q.Schedule(ctx, tc.it); err == nil || !strings.HasPrefix(err.Error(), "pgqueue: ") {
			t.Errorf("%s: Schedule(%+v) = %v, want a pgqueue error", tc.name, tc.it, err)
		}
	}
	if _, err := (&Queue{}).Claim(ctx, t0, 1, time.Minute); err == nil {
		t.Errorf("Claim on a Queue without DB = nil error, want one")
	}
}

// TestPendingCount races Schedule against Done on one message: the message
// row must outlive its last waiting recipient and go with it.
func TestPendingCount(t *testing.T) {
	ctx := context.Background()
	q, _ := newQueue(t)
	msg := &deliver.Message{ID: "m", From: "f@example.com", Data: []byte("data")}
	const workers, rounds = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				rcpt := fmt.Sprintf("r%d-%d@example.net", w, i)
				if err := q.Schedule(ctx, deliver.Item{Msg: msg, Rcpt: rcpt, Due: t0}); err != nil {
					errs <- err
					return
				}
				if i%2 == 1 {
					continue // leave every other recipient waiting
				}
				if err := q.Done(ctx, deliver.Item{Msg: msg, Rcpt: rcpt}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	items, err := q.Claim(ctx, t0, 10_000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if want := workers * rounds / 2; len(items) != want {
		t.Fatalf("Claim = %d items, want %d", len(items), want)
	}
	for _, it := range items {
		if string(it.Msg.Data) != "data" {
			t.Fatalf("item %s: message data %q, want %q", it.Rcpt, it.Msg.Data, "data")
		}
		if err := q.Done(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, q, DefaultTable+"_message"); n != 0 {
		t.Errorf("messages left after every recipient is done = %d, want 0", n)
	}
}

// sends counts the sends of each message and recipient.
type sends struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *sends) sender(fail bool) deliver.Sender {
	return deliver.SenderFunc(func(ctx context.Context, msg *deliver.Message) ([]error, error) {
		if fail {
			return nil, &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.n == nil {
			s.n = make(map[string]int)
		}
		for _, to := range msg.To {
			s.n[msg.ID+"/"+to]++
		}
		return nil, nil
	})
}

// schedule makes nMsg messages of nRcpt recipients each whose first attempt
// failed softly, through a Deliverer, so that the queue holds real retries.
func schedule(t *testing.T, q *Queue, clk *fakeclock.Clock, nMsg, nRcpt int) []string {
	t.Helper()
	ctx := context.Background()
	first := &deliver.Deliverer{Sender: (&sends{}).sender(true), Queue: q, Now: clk.Now, Seed: 1}
	var want []string
	for i := range nMsg {
		msg := &deliver.Message{ID: fmt.Sprintf("m%d@example.com", i), From: "b@example.com", Data: []byte("Subject: x\r\n\r\nx\r\n")}
		for j := range nRcpt {
			msg.To = append(msg.To, fmt.Sprintf("r%d@example.net", j))
			want = append(want, msg.ID+"/"+msg.To[j])
		}
		res, err := first.Deliver(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Kind != deliver.Deferred {
				t.Fatalf("first attempt of %s/%s = %s, want deferred", msg.ID, r.Rcpt, r.Kind)
			}
		}
	}
	slices.Sort(want)
	return want
}

// drain runs d.DeliverDue until it finds nothing due.
func drain(t *testing.T, d *deliver.Deliverer) {
	t.Helper()
	for {
		n, err := d.DeliverDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// checkOnce checks that every key of want was sent exactly once, and that
// the queue is empty.
func checkOnce(t *testing.T, q *Queue, got map[string]int, want []string) {
	t.Helper()
	for _, k := range want {
		if got[k] != 1 {
			t.Errorf("%s sent %d times, want 1", k, got[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d keys sent, want %d", len(got), len(want))
	}
	checkEmpty(t, q)
}

// checkEmpty checks that neither table has a row left.
func checkEmpty(t *testing.T, q *Queue) {
	t.Helper()
	for _, table := range []string{DefaultTable, DefaultTable + "_message"} {
		if n := count(t, q, table); n != 0 {
			t.Errorf("rows left in %s = %d, want 0", table, n)
		}
	}
}

// TestTwoDeliverers shares one queue between two Deliverers running in
// goroutines, each with a pool of its own like two nodes.
func TestTwoDeliverers(t *testing.T) {
	ctx := context.Background()
	q, schema := newQueue(t)
	clk := fakeclock.New(t0)
	want := schedule(t, q, clk, 600, 4)
	clk.Advance(time.Hour) // every retry is due

	var s sends
	var wg sync.WaitGroup
	var mu sync.Mutex
	per := make([]int, 2)
	for w := range 2 {
		pool := newPool(t)
		d := &deliver.Deliverer{Sender: s.sender(false), Queue: &Queue{DB: pool, Table: pgx.Identifier{schema, DefaultTable}}, Now: clk.Now}
		wg.Go(func() {
			for {
				n, err := d.DeliverDue(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				per[w] += n
				mu.Unlock()
				if n == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("deliverer 0 took %d items, deliverer 1 took %d", per[0], per[1])
	checkOnce(t, q, s.n, want)
}

// child runs as a child process of TestTwoProcesses or TestKilledWorker.
func child(mode string) {
	ctx := context.Background()
	now, err := time.Parse(time.RFC3339, os.Getenv(envNow))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	pool, err := pgxpool.New(ctx, os.Getenv("BOUNCEKIT_POSTGRES_URL"))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	q := &Queue{DB: pool, Table: pgx.Identifier{os.Getenv(envSchema), DefaultTable}}
	switch mode {
	case "deliver":
		out := bufio.NewWriter(os.Stdout)
		var mu sync.Mutex
		d := &deliver.Deliverer{Queue: q, Now: func() time.Time { return now },
			Sender: deliver.SenderFunc(func(ctx context.Context, msg *deliver.Message) ([]error, error) {
				mu.Lock()
				defer mu.Unlock()
				for _, to := range msg.To {
					fmt.Fprintf(out, "sent %s/%s\n", msg.ID, to)
				}
				return nil, nil
			})}
		for {
			n, err := d.DeliverDue(ctx)
			if err != nil {
				fmt.Fprintln(out, "error:", err)
				out.Flush()
				os.Exit(2)
			}
			if n == 0 {
				break
			}
		}
		out.Flush()
		os.Exit(0)
	case "claim", "claim-tx":
		// Claim with a 2-minute lease, say so, and wait to be killed. In
		// claim-tx, claim inside a transaction that never commits: the
		// process dies holding the row locks.
		if mode == "claim-tx" {
			tx, err := pool.Begin(ctx)
			if err != nil {
				fmt.Println("error:", err)
				os.Exit(2)
			}
			q.DB = tx
		}
		items, err := q.Claim(ctx, now, 1000, 2*time.Minute)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		fmt.Printf("claimed %d\n", len(items))
		select {}
	}
	os.Exit(2)
}

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		child(mode)
	}
	os.Exit(m.Run())
}

func childCmd(t *testing.T, mode, schema string, now time.Time) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envSchema+"="+schema, envNow+"="+now.Format(time.RFC3339))
	cmd.Stderr = os.Stderr
	return cmd
}

// claimedByChild fills a new queue with nMsg messages of nRcpt recipients
// whose retry is due, an hour later by clk, and starts a child that claims
// them all in mode ("claim" or "claim-tx") and waits to be killed. It
// returns once the child says it claimed them, with the keys of the items.
func claimedByChild(t *testing.T, mode string, nMsg, nRcpt int) (*Queue, *fakeclock.Clock, []string, *exec.Cmd) {
	t.Helper()
	q, schema := newQueue(t)
	clk := fakeclock.New(t0)
	want := schedule(t, q, clk, nMsg, nRcpt)
	cmd := childCmd(t, mode, schema, clk.Advance(time.Hour))
	p, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(p)
	if line := fmt.Sprintf("claimed %d", len(want)); !sc.Scan() || sc.Text() != line {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q, want %q", sc.Text(), line)
	}
	return q, clk, want, cmd
}

// TestTwoProcesses shares one queue between two processes.
func TestTwoProcesses(t *testing.T) {
	q, schema := newQueue(t)
	clk := fakeclock.New(t0)
	want := schedule(t, q, clk, 500, 4)
	now := clk.Advance(time.Hour)

	cmds := []*exec.Cmd{childCmd(t, "deliver", schema, now), childCmd(t, "deliver", schema, now)}
	outs := make([]*bufio.Scanner, len(cmds))
	for i, cmd := range cmds {
		p, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = bufio.NewScanner(p)
	}
	for _, cmd := range cmds {
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	got := make(map[string]int)
	per := make([]int, len(cmds))
	for i, sc := range outs {
		for sc.Scan() {
			line := sc.Text()
			k, ok := strings.CutPrefix(line, "sent ")
			if !ok {
				t.Errorf("process %d: %s", i, line)
				continue
			}
			got[k]++
			per[i]++
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	t.Logf("process 0 sent %d, process 1 sent %d", per[0], per[1])
	checkOnce(t, q, got, want)
}

// TestKilledWorker kills a process that claimed every due item: nothing is
// delivered while its lease runs, and everything exactly once after.
func TestKilledWorker(t *testing.T) {
	ctx := context.Background()
	q, clk, want, cmd := claimedByChild(t, "claim", 50, 2)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	var s sends
	d := &deliver.Deliverer{Sender: s.sender(false), Queue: q, Now: clk.Now}
	clk.Advance(time.Minute) // within the dead worker's lease
	if n, err := d.DeliverDue(ctx); n != 0 || err != nil {
		t.Errorf("DeliverDue during the lease = %d, %v, want 0, nil", n, err)
	}
	clk.Advance(time.Minute) // the lease ends
	drain(t, d)
	checkOnce(t, q, s.n, want)
}

// TestKilledMidClaim kills a process in the middle of its claim, with the
// claim's transaction open: while it lives, other claims skip its rows
// without waiting; once it is dead, its claim is rolled back and the items
// are due again at once.
func TestKilledMidClaim(t *testing.T) {
	ctx := context.Background()
	q, clk, want, cmd := claimedByChild(t, "claim-tx", 20, 2)
	now := clk.Now()
	defer cmd.Wait()
	defer cmd.Process.Kill()
	// The rows are locked: a claim skips them, and does not wait.
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	items, err := q.Claim(cctx, now, 1000, time.Minute)
	cancel()
	if err != nil || len(items) != 0 {
		t.Fatalf("Claim while the child holds the rows = %d items, %v, want 0, nil", len(items), err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	// Wait for the server to roll the child back: locking every row
	// waits for the child's locks to go.
	lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var n int
	if err := q.DB.QueryRow(lctx, "SELECT count(*) FROM (SELECT 1 FROM "+q.Table.Sanitize()+" FOR UPDATE) AS l").Scan(&n); err != nil || n != len(want) {
		t.Fatalf("rows after the child died = %d, %v, want %d", n, err, len(want))
	}
	var s sends
	d := &deliver.Deliverer{Sender: s.sender(false), Queue: q, Now: clk.Now}
	drain(t, d)
	checkOnce(t, q, s.n, want)
}

// TestLeaseInProcess is TestKilledWorker without a second process: a
// worker claims with a short lease and never completes.
func TestLeaseInProcess(t *testing.T) {
	ctx := context.Background()
	q, _ := newQueue(t)
	msg := &deliver.Message{ID: "m", From: "f@example.com", Data: []byte("d")}
	if err := q.Schedule(ctx, deliver.Item{Msg: msg, Rcpt: "a@example.net", Attempt: 1, Due: t0}); err != nil {
		t.Fatal(err)
	}
	if items, err := q.Claim(ctx, t0, 10, 30*time.Second); err != nil || len(items) != 1 {
		t.Fatalf("first Claim = %d items, %v, want 1", len(items), err)
	}
	for _, tc := range []struct {
		at   time.Duration
		want int
	}{{10 * time.Second, 0}, {29 * time.Second, 0}, {30 * time.Second, 1}} {
		items, err := q.Claim(ctx, t0.Add(tc.at), 10, time.Minute)
		if err != nil || len(items) != tc.want {
			t.Errorf("Claim(+%v) = %d items, %v, want %d", tc.at, len(items), err, tc.want)
		}
	}
	var claims int
	sql := "SELECT claims FROM " + q.Table.Sanitize() + " WHERE message_id = 'm'"
	if err := q.DB.QueryRow(ctx, sql).Scan(&claims); err != nil || claims != 2 {
		t.Errorf("claims = %d, %v, want 2", claims, err)
	}
}
