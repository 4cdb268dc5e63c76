package pgstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bouncekit/bouncekit/suppress"
	"github.com/bouncekit/bouncekit/suppress/pgstore"
)

// pools returns n pools of 4 connections each: n sending nodes.
func pools(t *testing.T, n int) []*pgstore.Store {
	t.Helper()
	first := newPool(t, 4)
	table := newTable(t, first)
	stores := []*pgstore.Store{{DB: first, Table: table}}
	for len(stores) < n {
		stores = append(stores, &pgstore.Store{DB: newPool(t, 4), Table: table})
	}
	return stores
}

// hammer runs fn(store, i) perNode times on 8 goroutines of each store and
// returns the first error.
func hammer(stores []*pgstore.Store, perNode int, fn func(s *pgstore.Store, i int) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for _, s := range stores {
		next := make(chan int)
		for w := 0; w < 8; w++ {
			wg.Go(func() {
				for i := range next {
					if err := fn(s, i); err != nil {
						once.Do(func() { first = err })
					}
				}
			})
		}
		wg.Go(func() {
			for i := 0; i < perNode; i++ {
				next <- i
			}
			close(next)
		})
	}
	wg.Wait()
	return first
}

// TestManyPools checks one address from several pools at once, as several
// sending nodes do: every attempt is counted once.
func TestManyPools(t *testing.T) {
	stores := pools(t, 4)
	ctx := context.Background()
	const addr, perNode = "hot@example.com", 150
	if _, err := stores[0].Record(ctx, hardBounce(addr), t0); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	var mu sync.Mutex
	seen := map[int]int{}
	err := hammer(stores, perNode, func(s *pgstore.Store, _ int) error {
		d, err := s.Allow(ctx, addr, suppress.Global, now)
		if err != nil || d.Allowed {
			return fmt.Errorf("Allow(%q) = %+v, %v, want suppressed", addr, d, err)
		}
		mu.Lock()
		seen[d.Entry.Attempts]++
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	total := len(stores) * perNode
	for i := 1; i <= total; i++ {
		if seen[i] != 1 {
			t.Fatalf("attempt number %d was returned %d times, want once", i, seen[i])
		}
	}
	e, ok, err := stores[1].Get(ctx, addr, suppress.Global, now)
	var l suppress.Lease
	if !ok || err != nil || e.Attempts != total || e.Step != l.Last() || !e.Until.Equal(l.Next(l.Last(), now)) {
		t.Fatalf("Get after %d attempts = %+v, %v, %v, want %d attempts at step %d", total, e, ok, err, total, l.Last())
	}
}

// TestManyPoolsScopes checks an address suppressed in three scopes from
// several pools, in different scopes at once, while bounces are recorded
// and the table is swept: no call deadlocks or fails, and each entry counts
// exactly the checks that consulted it.
func TestManyPoolsScopes(t *testing.T) {
	stores := pools(t, 3)
	ctx := context.Background()
	const addr, perNode = "multi@example.com", 240
	var (
		acme   = suppress.Scope{Tenant: "acme"}
		news   = suppress.Scope{Tenant: "acme", List: "news"}
		offers = suppress.Scope{Tenant: "acme", List: "offers"}
		other  = suppress.Scope{Tenant: "other", List: "news"}
	)
	for _, ev := range []suppress.Event{
		hardBounce(addr),
		{Addr: addr, Scope: acme, Outcome: suppress.Complained},
		{Addr: addr, Scope: news, Outcome: suppress.Unsubscribed},
	} {
		if _, err := stores[0].Record(ctx, ev, t0); err != nil {
			t.Fatal(err)
		}
	}
	now := t0.Add(time.Hour)
	checks := []suppress.Scope{suppress.Global, acme, news, offers, other}
	err := hammer(stores, perNode, func(s *pgstore.Store, i int) error {
		switch i % 6 {
		case 5:
			// A late hard bounce in one of the scopes, or a sweep.
			if i%12 == 5 {
				_, err := s.Sweep(ctx, now)
				return err
			}
			_, err := s.Record(ctx, hardBounce(addr), now)
			return err
		default:
			sc := checks[i%6]
			d, err := s.Allow(ctx, addr, sc, now)
			if err != nil || d.Allowed || d.Entry.Scope != suppress.Global {
				return fmt.Errorf("Allow(%q, %v) = %+v, %v, want suppressed by the global lease", addr, sc, d, err)
			}
			return nil
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// Per node, i%6 in 0..4 are checks: global, acme, news, offers, other.
	perScope := 0
	for i := 0; i < perNode; i++ {
		if i%6 == 0 {
			perScope++
		}
	}
	n := len(stores) * perScope
	want := map[suppress.Scope]int{
		suppress.Global: 5 * n, // every check
		acme:            3 * n, // acme, news, offers
		news:            n,
	}
	for sc, attempts := range want {
		e, ok, err := stores[2].Get(ctx, addr, sc, now)
		if !ok || err != nil || e.Attempts != attempts {
			t.Errorf("Get(%q, %v) = %+v, %v, %v, want %d attempts", addr, sc, e, ok, err, attempts)
		}
	}
}

// TestManyPoolsSoftBounces records concurrent soft bounces from several
// pools: exactly SoftLimit-1 of them leave the address allowed.
func TestManyPoolsSoftBounces(t *testing.T) {
	stores := pools(t, 4)
	ctx := context.Background()
	const addr = "soft@example.com"
	var mu sync.Mutex
	allowed := 0
	err := hammer(stores, 8, func(s *pgstore.Store, _ int) error {
		d, err := s.Record(ctx, softBounce(addr), t0)
		if err != nil {
			return err
		}
		if !d.Allowed && (d.Entry.Kind != suppress.SoftBounce || d.Entry.Step != 0 || !d.Entry.Until.Equal(t0.Add(24*time.Hour))) {
			return fmt.Errorf("Record(soft) = %+v, want a softbounce lease at step 0", d.Entry)
		}
		mu.Lock()
		if d.Allowed {
			allowed++
		}
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if allowed != 6 {
		t.Fatalf("%d of 32 concurrent soft bounces left the address allowed, want 6", allowed)
	}
}

// childEnv names the environment variable that makes TestProcessChild run:
// JSON of childArgs.
const childEnv = "PGSTORE_TEST_CHILD"

type childArgs struct {
	Table []string
	Addr  string
	N     int
	Now   time.Time
	Start time.Time // wall clock: start together
}

// TestProcesses runs two OS processes (this test binary, re-executed) that
// check the same address at the same time.
func TestProcesses(t *testing.T) {
	db := newPool(t, 0)
	table := newTable(t, db)
	ctx := context.Background()
	s := &pgstore.Store{DB: db, Table: table}
	const addr, n, procs = "proc@example.com", 400, 2
	if _, err := s.Record(ctx, hardBounce(addr), t0); err != nil {
		t.Fatal(err)
	}
	args, _ := json.Marshal(childArgs{
		Table: table, Addr: addr, N: n, Now: t0.Add(time.Hour), Start: time.Now().Add(2 * time.Second),
	})
	type result struct {
		attempts []int
		err      error
		out      []byte
	}
	results := make([]result, procs)
	var wg sync.WaitGroup
	for p := range results {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestProcessChild$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), childEnv+"="+string(args))
			out, err := cmd.CombinedOutput()
			r := result{err: err, out: out}
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				if v, ok := strings.CutPrefix(sc.Text(), "attempt "); ok {
					a, err := strconv.Atoi(v)
					if err != nil {
						r.err = fmt.Errorf("bad line %q", sc.Text())
					}
					r.attempts = append(r.attempts, a)
				}
			}
			results[p] = r
		})
	}
	wg.Wait()
	seen := map[int]int{}
	for p, r := range results {
		if r.err != nil || len(r.attempts) != n {
			t.Fatalf("process %d: %v, %d attempts, want %d:\n%s", p, r.err, len(r.attempts), n, r.out)
		}
		for _, a := range r.attempts {
			seen[a]++
		}
	}
	for i := 1; i <= procs*n; i++ {
		if seen[i] != 1 {
			t.Fatalf("attempt number %d was returned %d times, want once", i, seen[i])
		}
	}
	// The processes ran at the same time: their attempt numbers interleave.
	a, b := results[0].attempts, results[1].attempts
	if slices.Max(a) < slices.Min(b) || slices.Max(b) < slices.Min(a) {
		t.Fatalf("the processes did not overlap: attempts %d..%d and %d..%d", slices.Min(a), slices.Max(a), slices.Min(b), slices.Max(b))
	}
	e, _, err := s.Get(ctx, addr, suppress.Global, t0.Add(time.Hour))
	if err != nil || e.Attempts != procs*n {
		t.Fatalf("Get after two processes = %+v, %v, want %d attempts", e, err, procs*n)
	}
}

// TestProcessChild is one process of TestProcesses; it does nothing
// unless started by it.
func TestProcessChild(t *testing.T) {
	v := os.Getenv(childEnv)
	if v == "" {
		t.Skip("run by TestProcesses")
	}
	var args childArgs
	if err := json.Unmarshal([]byte(v), &args); err != nil {
		t.Fatal(err)
	}
	s := &pgstore.Store{DB: newPool(t, 4), Table: pgx.Identifier(args.Table)}
	time.Sleep(time.Until(args.Start)) // a barrier between processes, not a fake clock
	var mu sync.Mutex
	var out []string
	err := hammer([]*pgstore.Store{s}, args.N, func(s *pgstore.Store, _ int) error {
		d, err := s.Allow(context.Background(), args.Addr, suppress.Global, args.Now)
		if err != nil || d.Allowed {
			return fmt.Errorf("Allow(%q) = %+v, %v, want suppressed", args.Addr, d, err)
		}
		mu.Lock()
		out = append(out, "attempt "+strconv.Itoa(d.Entry.Attempts))
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(strings.Join(out, "\n"))
}
