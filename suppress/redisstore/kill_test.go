package redisstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

// killer closes the connections of one client with CLIENT KILL ID, from
// another client, while the test's calls run: a script that ran but whose
// reply was lost is retried by go-redis on a new connection. Only the
// connections of this test's client are killed (their ids are collected
// as they connect), never those of other programs on the same server.
type killer struct {
	admin *redis.Client
	mu    sync.Mutex
	ids   []int64
	kick  chan struct{}
	kills atomic.Int64
}

// client returns a client of the same server whose connections k tracks,
// with retries enough that no call fails for the kills alone.
func (k *killer) client(shared *redis.Client) *redis.Client {
	opt := *shared.Options()
	opt.MaxRetries = 20
	opt.PoolSize = 16
	opt.OnConnect = func(ctx context.Context, cn *redis.Conn) error {
		id, err := cn.ClientID(ctx).Result()
		if err == nil {
			k.mu.Lock()
			k.ids = append(k.ids, id)
			k.mu.Unlock()
		}
		return nil
	}
	return redis.NewClient(&opt)
}

// run kills one live connection for each kick until ctx is done.
func (k *killer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.kick:
		}
		k.mu.Lock()
		if len(k.ids) == 0 {
			k.mu.Unlock()
			continue
		}
		i := rand.IntN(len(k.ids))
		id := k.ids[i]
		k.ids[i] = k.ids[len(k.ids)-1]
		k.ids = k.ids[:len(k.ids)-1]
		k.mu.Unlock()
		if n, err := k.admin.ClientKillByFilter(ctx, "ID", fmt.Sprint(id)).Result(); err == nil && n > 0 {
			k.kills.Add(1)
		}
	}
}

// maybeKick asks for a kill every few calls, without waiting.
func (k *killer) maybeKick(call int64) {
	if call%3 == 0 {
		select {
		case k.kick <- struct{}{}:
		default:
		}
	}
}

// TestKillRetries: with connections killed while Allow and Record run, each
// call counts once. go-redis retries a command whose reply was lost (3
// times by default, 20 here); the store must recognise the retry of a
// script that already ran. Attempts must equal the calls exactly and the
// soft-bounce count the soft records, with no call failing.
func TestKillRetries(t *testing.T) {
	shared := client(t)
	k := &killer{admin: shared, kick: make(chan struct{}, 1)}
	c := k.client(shared)
	t.Cleanup(func() { c.Close() })
	const (
		addrs   = 50
		allows  = 100 // Allow calls per address
		softs   = 40  // soft-bounce records per address
		workers = 16
	)
	s := newStore(t, shared, suppress.Policy{SoftLimit: 1 << 30, SoftWindow: 30 * 24 * time.Hour})
	s.Client = c
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	hardAddr := func(i int) string { return fmt.Sprintf("hard%d@example.com", i) }
	softAddr := func(i int) string { return fmt.Sprintf("soft%d@example.com", i) }
	for i := range addrs {
		ev := suppress.Event{Addr: hardAddr(i), Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard}}
		if _, err := s.Record(ctx, ev, now); err != nil {
			t.Fatal(err)
		}
	}

	// Every job is one call: allows Allow calls and softs soft records per
	// address, interleaved.
	type job struct {
		soft bool
		i    int
	}
	var jobs []job
	for range allows {
		for i := range addrs {
			jobs = append(jobs, job{false, i})
		}
	}
	for range softs {
		for i := range addrs {
			jobs = append(jobs, job{true, i})
		}
	}
	rand.Shuffle(len(jobs), func(a, b int) { jobs[a], jobs[b] = jobs[b], jobs[a] })
	queue := make(chan job, len(jobs))
	for _, j := range jobs {
		queue <- j
	}
	close(queue)

	kctx, stop := context.WithCancel(ctx)
	var kwg sync.WaitGroup
	kwg.Go(func() { k.run(kctx) })
	var calls, failed atomic.Int64
	at := now.Add(time.Hour)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range queue {
				var err error
				if j.soft {
					ev := suppress.Event{Addr: softAddr(j.i), Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Soft}}
					_, err = s.Record(ctx, ev, at)
				} else {
					_, err = s.Allow(ctx, hardAddr(j.i), suppress.Global, at)
				}
				if err != nil {
					failed.Add(1)
					t.Errorf("call %+v: %v", j, err)
				}
				k.maybeKick(calls.Add(1))
			}
		})
	}
	wg.Wait()
	stop()
	kwg.Wait()

	// The figures, read with the shared client (no kills any more).
	doubledAttempts, wrongAddrs := 0, 0
	for i := range addrs {
		e, ok, err := s.Get(ctx, hardAddr(i), suppress.Global, at)
		if err != nil || !ok {
			t.Fatalf("Get(%s) = %v, %v, want the lease", hardAddr(i), ok, err)
		}
		if e.Attempts != allows {
			wrongAddrs++
			doubledAttempts += e.Attempts - allows
		}
	}
	// The soft-bounce count (never reaching the limit here, which would
	// turn it into a lease) is the field n of the address's hash: see the
	// package doc for the key.
	doubledSoft, wrongSoft := 0, 0
	for i := range addrs {
		n, err := shared.HGet(ctx, s.Prefix+"{"+softAddr(i)+"}", "n").Int()
		if err != nil {
			t.Fatalf("soft count of %s: %v", softAddr(i), err)
		}
		if n != softs {
			wrongSoft++
			doubledSoft += n - softs
		}
	}
	t.Logf("%d CLIENT KILLs during %d calls (%d Allow, %d soft Record), %d failed", k.kills.Load(), calls.Load(), addrs*allows, addrs*softs, failed.Load())
	t.Logf("attempts: %d of %d addresses off, %+d in all; soft counts: %d of %d off, %+d in all", wrongAddrs, addrs, doubledAttempts, wrongSoft, addrs, doubledSoft)
	// The kills must be frequent enough to hit calls in flight; how many
	// land depends on the scheduler (a kick every third call, one kill
	// each; 343 of 7000 on a machine at load 8, where 1 in 20 was asked
	// and missed by 7).
	if k.kills.Load() < int64(len(jobs)/50) {
		t.Errorf("only %d connections killed during %d calls, want at least %d", k.kills.Load(), len(jobs), len(jobs)/50)
	}
	if wrongAddrs != 0 || wrongSoft != 0 {
		t.Errorf("doubled or lost steps: %d addresses with attempts != %d calls (%+d), %d with soft count != %d records (%+d)", wrongAddrs, allows, doubledAttempts, wrongSoft, softs, doubledSoft)
	}
}

// twice is a go-redis hook that sends every script twice, as go-redis does
// when the reply of the first was lost: the deterministic form of the kills
// of TestKillRetries.
type twice struct{}

func (twice) DialHook(next redis.DialHook) redis.DialHook { return next }
func (twice) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (twice) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if name := cmd.Name(); name == "evalsha" || name == "eval" {
			if err := next(ctx, cmd); err != nil {
				return err
			}
		}
		return next(ctx, cmd)
	}
}

// TestRetryTwice: every script run twice under the same call changes the
// store once and answers the same.
func TestRetryTwice(t *testing.T) {
	shared := client(t)
	opt := *shared.Options()
	c := redis.NewClient(&opt)
	t.Cleanup(func() { c.Close() })
	c.AddHook(twice{})
	s := newStore(t, shared, suppress.Policy{SoftLimit: 3})
	s.Client = c
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	hard := suppress.Event{Addr: "h@example.com", Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Hard}}
	if _, err := s.Record(ctx, hard, now); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		d, err := s.Allow(ctx, "h@example.com", suppress.Global, now.Add(time.Duration(i)*time.Hour))
		if err != nil || d.Allowed || d.Entry.Attempts != i || d.Entry.Step != i {
			t.Errorf("Allow number %d = %+v, %v, want suppressed at attempt %d, step %d", i, d, err, i, i)
		}
	}
	soft := suppress.Event{Addr: "s@example.com", Outcome: suppress.Bounced, Result: bounce.Result{Category: bounce.Soft}}
	for i := 1; i <= 3; i++ {
		d, err := s.Record(ctx, soft, now)
		if want := i < 3; err != nil || d.Allowed != want {
			t.Errorf("Record(soft) number %d (limit 3) = %+v, %v, want allowed %v", i, d, err, want)
		}
	}
	if removed, err := s.Remove(ctx, "h@example.com", suppress.Global); err != nil || !removed {
		t.Errorf("Remove = %v, %v, want true", removed, err)
	}
	// Add sets the entry to what it is given: twice is once.
	e := suppress.Entry{Addr: "a@example.com", Kind: suppress.Bounce, Since: now, Until: now.Add(48 * time.Hour), Step: 1, Attempts: 5}
	if err := s.Add(ctx, e, now); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.Get(ctx, "a@example.com", suppress.Global, now); err != nil || !ok || got.Attempts != 5 || got.Step != 1 {
		t.Errorf("Get after Add = %+v, %v, %v, want attempts 5, step 1", got, ok, err)
	}
}
