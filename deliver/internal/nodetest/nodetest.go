// Package nodetest tests several sending nodes that share one
// [deliver.State]: three [deliver.Deliverer]s, each with its own client or
// pool on the same server, send through a go-smtp server on loopback. The
// shared states (redisstate, pgstate) run it against their servers:
//
//	func TestNodes(t *testing.T) {
//		nodetest.Run(t, func(t *testing.T) nodetest.Backend { … })
//	}
//
// Run checks that a campaign of 3,000 recipients with 8 % unknown users is
// paused once for all nodes soon after its bounce rate crosses 5 %, that no
// node sends to it while it is paused, and that the second excess after
// the resume cancels it for all; that a domain that answers 421 4.7.0 to
// one node is slowed down on all three; that a bounce for one node's
// message, handled by another, is recorded with the first node's campaign
// and scope; that a node restarted mid-pause still holds the campaign;
// that a node whose server is down sends nothing and loses nothing; and
// that a bounce handed to two nodes at the same time is recorded once
// ([Claim]).
//
// Time is a fake clock shared by the nodes, which starts at the real time
// (the states judge the age of what they track by the real clock).
package nodetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/internal/fakeclock"
	"github.com/bouncekit/bouncekit/internal/faultproxy"
	"github.com/bouncekit/bouncekit/suppress"
)

// Backend is one shared server, with a namespace (key prefix, schema) of
// the test's own.
type Backend struct {
	// Addr is the server's host:port, which a faultproxy can stand in
	// front of.
	Addr string
	// NewState returns the State of one node: a client or pool of its
	// own, connected to addr (Addr or a proxy's), in the test's
	// namespace. A client through a proxy should give up within a
	// second or two when the proxy is down.
	NewState func(t *testing.T, addr string) deliver.State
}

// Run runs the tests, each on a Backend of its own from newBackend.
func Run(t *testing.T, newBackend func(t *testing.T) Backend) {
	tests := []struct {
		name string
		fn   func(*testing.T, Backend)
	}{
		{"CampaignPausedThenCancelled", testCampaign},
		{"ThrottleShared", testThrottle},
		{"BounceOnAnotherNode", testBounce},
		{"RestartMidPause", testRestart},
		{"ServerDown", testDown},
		{"ReportClaimed", Claim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newBackend(t)) })
	}
}

// server is a go-smtp server on loopback: local parts starting with
// "unknown" get 550 5.1.1, the domain slow.example gets 421 4.7.0 while
// rate421 is above 0; anything else is accepted. It logs each RCPT.
type server struct {
	addr  string
	clock *fakeclock.Clock
	mu    sync.Mutex
	log   []sent
	// rate421 counts the 421 replies still to give to slow.example.
	rate421 atomic.Int32
}

// sent is one RCPT the server answered.
type sent struct {
	rcpt string
	ok   bool
	at   time.Time // the fake time
}

func startServer(t *testing.T, clock *fakeclock.Clock) *server {
	t.Helper()
	s := &server{clock: clock}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "mx.example.net"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// count returns the number of RCPTs answered.
func (s *server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// since returns the RCPTs answered from the n-th on.
func (s *server) since(n int) []sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sent(nil), s.log[n:]...)
}

type session struct{ s *server }

func (x *session) Reset()                                         {}
func (x *session) Logout() error                                  { return nil }
func (x *session) Mail(from string, opts *smtp.MailOptions) error { return nil }

func (x *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	var err error
	switch {
	case strings.HasPrefix(to, "unknown"):
		err = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}
	case strings.HasSuffix(to, "@slow.example") && x.s.rate421.Add(-1) >= 0:
		err = &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Too many connections from your IP, slow down"}
	}
	x.s.mu.Lock()
	x.s.log = append(x.s.log, sent{rcpt: to, ok: err == nil, at: x.s.clock.Now()})
	x.s.mu.Unlock()
	return err
}

func (x *session) Data(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

// cluster is the nodes of one test.
type cluster struct {
	t      *testing.T
	clock  *fakeclock.Clock
	srv    *server
	store  *suppress.Memory
	events sync.Map // deliver.Kind → *atomic.Int64: the campaign events of all nodes
	nodes  []*deliver.Deliverer
	b      Backend
	seq    atomic.Int64
}

func newCluster(t *testing.T, b Backend, nodes int) *cluster {
	c := &cluster{t: t, clock: fakeclock.New(time.Now().Truncate(time.Second)), store: &suppress.Memory{}, b: b}
	c.srv = startServer(t, c.clock)
	for range nodes {
		c.nodes = append(c.nodes, c.node(b.NewState(t, b.Addr)))
	}
	return c
}

// node returns a Deliverer on st that sends to the server.
func (c *cluster) node(st deliver.State) *deliver.Deliverer {
	snd := &deliver.SMTPSender{Addr: c.srv.addr, MaxIdle: 4, CommandTimeout: 10 * time.Second}
	c.t.Cleanup(func() { snd.Close() })
	d := &deliver.Deliverer{
		Sender: snd, Store: c.store, State: st, Now: c.clock.Now,
		OnEvent: func(e deliver.Event) {
			if e.Rcpt != "" {
				return // a recipient's outcome: the campaign events have none
			}
			n, _ := c.events.LoadOrStore(e.Kind, new(atomic.Int64))
			n.(*atomic.Int64).Add(1)
		},
	}
	// A node stops as a process must: it saves the outcomes still
	// pending, before its State's client is closed (cleanups run last
	// first).
	c.t.Cleanup(func() {
		if err := d.Flush(context.Background()); err != nil {
			c.t.Errorf("Flush of a node at the end of the test: %v", err)
		}
	})
	return d
}

func (c *cluster) seen(k deliver.Kind) int64 {
	n, ok := c.events.Load(k)
	if !ok {
		return 0
	}
	return n.(*atomic.Int64).Load()
}

// message returns a message of campaign to rcpt, with an id of its own.
func (c *cluster) message(campaign string, sc suppress.Scope, rcpt string) *deliver.Message {
	id := fmt.Sprintf("m%d.%d@news.example.org", time.Now().UnixNano(), c.seq.Add(1))
	return &deliver.Message{
		ID: id, From: "bounces@news.example.org", To: []string{rcpt}, Campaign: campaign, Scope: sc,
		Data: []byte("From: news@news.example.org\r\nTo: " + rcpt + "\r\nMessage-ID: <" + id + ">\r\nSubject: news\r\n\r\nHello.\r\n"),
	}
}

// deliverAll delivers one message per recipient of rcpts from the nodes,
// workers goroutines each, and returns the result of each recipient.
func (c *cluster) deliverAll(campaign string, rcpts []string, workers int) []deliver.Result {
	c.t.Helper()
	out := make([]deliver.Result, len(rcpts))
	next := make(chan int)
	var wg sync.WaitGroup
	for _, d := range c.nodes {
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					res, err := d.Deliver(context.Background(), c.message(campaign, suppress.Scope{}, rcpts[i]))
					if err != nil || len(res) != 1 {
						c.t.Errorf("Deliver to %s: %v, %d results", rcpts[i], err, len(res))
						continue
					}
					out[i] = res[0]
				}
			}()
		}
	}
	for i := range rcpts {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// crossing returns how many of the RCPTs in log were answered when the
// guard could first see a bounce rate over rate in a sample of at least
// minSample: the point from which the campaign should stop.
func crossing(log []sent, minSample int, rate float64) int {
	bounced := 0
	for i, s := range log {
		if !s.ok {
			bounced++
		}
		if n := i + 1; n >= minSample && float64(bounced)/float64(n) > rate {
			return n
		}
	}
	return len(log)
}

func kinds(res []deliver.Result) map[deliver.Kind]int {
	m := map[deliver.Kind]int{}
	for _, r := range res {
		m[r.Kind]++
	}
	return m
}

func testCampaign(t *testing.T, b Backend) {
	const (
		total, workers, minSample = 3000, 2, 100
		nodes                     = 3
		inFlight                  = nodes * workers // sends past the Gate when the pause comes
	)
	c := newCluster(t, b, nodes)
	// 8 % unknown users: 2 in each 25, spread.
	rcpts := make([]string, total)
	for i := range rcpts {
		local := "user"
		if i%25 == 7 || i%25 == 19 {
			local = "unknown"
		}
		rcpts[i] = fmt.Sprintf("%s%04d@d%d.example", local, i, i%10)
	}
	// The pause: once MinSample recipients were attempted and the rate
	// passed 5 %, the campaign is paused for all three nodes.
	var pausedAt atomic.Int64
	pausedAt.Store(-1)
	for _, d := range c.nodes {
		on := d.OnEvent
		d.OnEvent = func(e deliver.Event) {
			if e.Kind == deliver.Paused {
				pausedAt.CompareAndSwap(-1, int64(c.srv.count()))
			}
			on(e)
		}
	}
	res := c.deliverAll("spring", rcpts, workers)
	sent := c.srv.count()
	if n := c.seen(deliver.Paused); n != 1 {
		t.Fatalf("Paused events across %d nodes: %d, want 1", nodes, n)
	}
	cross := crossing(c.srv.since(0), minSample, 0.05)
	t.Logf("first pass: %d sent, the rate crossed 5 %% at send %d, paused at send %d; results %v",
		sent, cross, pausedAt.Load(), kinds(res))
	if sent > cross+2*inFlight {
		t.Errorf("%d recipients sent, the rate crossed 5 %% at %d: more than %d sends past it", sent, cross, 2*inFlight)
	}
	if after := int64(sent) - pausedAt.Load(); after > inFlight {
		t.Errorf("%d sends after the pause, want at most the %d under way", after, inFlight)
	}
	var held []string
	for _, r := range res {
		if r.Kind == deliver.Held {
			held = append(held, r.Rcpt)
			if !r.NextAttempt.Equal(c.clock.Now().Add(24 * time.Hour)) {
				t.Errorf("held %s until %v, want %v", r.Rcpt, r.NextAttempt, c.clock.Now().Add(24*time.Hour))
				break
			}
		}
	}
	if len(held) != total-sent {
		t.Errorf("%d held, want the %d not sent", len(held), total-sent)
	}
	// While paused, no node sends: an hour later, every node holds them.
	c.clock.Advance(time.Hour)
	res = c.deliverAll("spring", held[:300], workers)
	if n := c.srv.count(); n != sent {
		t.Errorf("%d sends during the pause, want none", n-sent)
	}
	if k := kinds(res); k[deliver.Held] != 300 {
		t.Errorf("during the pause: %v, want 300 held", k)
	}

	// After the pause: resumed once, and the second excess cancels the
	// campaign for all.
	c.clock.Advance(24 * time.Hour)
	res = c.deliverAll("spring", held, workers)
	if n := c.seen(deliver.Resumed); n != 1 {
		t.Errorf("Resumed events: %d, want 1", n)
	}
	if n := c.seen(deliver.Cancelled); n != 1 {
		t.Fatalf("Cancelled events: %d, want 1", n)
	}
	log2 := c.srv.since(sent)
	cross2 := crossing(log2, minSample, 0.05)
	k := kinds(res)
	t.Logf("second pass: %d sent, the rate crossed 5 %% at send %d; results %v", len(log2), cross2, k)
	if len(log2) > cross2+2*inFlight {
		t.Errorf("after the resume: %d sent, the rate crossed 5 %% at %d: more than %d past it", len(log2), cross2, 2*inFlight)
	}
	if k[deliver.Cancelled] != len(held)-len(log2) {
		t.Errorf("after the cancel: %d cancelled, want the %d not sent", k[deliver.Cancelled], len(held)-len(log2))
	}
	// A node that starts now sees the campaign cancelled.
	st := b.NewState(t, b.Addr)
	if cs, ok, err := st.Campaign(context.Background(), "spring"); err != nil || !ok || cs.State != deliver.CampaignCancelled || cs.Pauses != 1 {
		t.Errorf("Campaign(spring) from a new node = %+v, %v, %v; want cancelled after 1 pause", cs, ok, err)
	}
}

func testThrottle(t *testing.T, b Backend) {
	c := newCluster(t, b, 3)
	// slow.example refuses its first three recipients with 421 4.7.0.
	c.srv.rate421.Store(3)
	t0 := c.clock.Now()
	// Node A is told to slow down.
	res, err := c.nodes[0].Deliver(context.Background(), c.message("", suppress.Scope{}, "first@slow.example"))
	if err != nil || len(res) != 1 || res[0].Kind != deliver.Deferred {
		t.Fatalf("first send to slow.example: %+v, %v; want deferred by 421", res, err)
	}
	// All three nodes try a new recipient there every 500 ms, and one at
	// fast.example every 10 s, which is not slowed.
	const step = 500 * time.Millisecond
	end := t0.Add(7*time.Minute + 18*time.Second)
	var n atomic.Int64
	fast := 0
	for at := t0.Add(step); at.Before(end); at = at.Add(step) {
		c.clock.Set(at)
		rcpts := []string{"u%d@slow.example"}
		if at.Sub(t0)%(10*time.Second) == 0 {
			rcpts = append(rcpts, "u%d@fast.example")
			fast += len(c.nodes)
		}
		var wg sync.WaitGroup
		for _, d := range c.nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, r := range rcpts {
					rcpt := fmt.Sprintf(r, n.Add(1))
					if _, err := d.Deliver(context.Background(), c.message("", suppress.Scope{}, rcpt)); err != nil {
						t.Errorf("Deliver to %s: %v", rcpt, err)
					}
				}
			}()
		}
		wg.Wait()
	}
	// Each 421 is a strike: the domain gets nothing for 1, 2, then 4
	// minutes, then one send each 4 s (the rate of 1/s halved twice),
	// until three deliveries have taken the strikes away; the third, at
	// 7m8s, frees the domain at once for the nodes that ask after it.
	want := []time.Duration{0, time.Minute, 3 * time.Minute, 7 * time.Minute, 7*time.Minute + 4*time.Second}
	last := 7*time.Minute + 8*time.Second
	var got []time.Duration
	atLast := 0
	perSecond := map[int64]int{}
	gotFast := 0
	for _, s := range c.srv.since(0) {
		d := s.at.Sub(t0)
		switch {
		case strings.HasSuffix(s.rcpt, "@fast.example"):
			gotFast++
		case d < last:
			got = append(got, d)
		case d == last:
			atLast++
		default:
			perSecond[int64(d/time.Second)]++
		}
	}
	t.Logf("sends to slow.example from three nodes, after the first 421: %v, then %d at %v; then per second: %v", got, atLast, last, perSecond)
	if !slices.Equal(got, want) {
		t.Errorf("sends to slow.example at %v after the first 421, want %v", got, want)
	}
	if atLast < 1 || atLast > len(c.nodes) {
		t.Errorf("%d sends at %v, when the last strike is taken away: want 1 to %d", atLast, last, len(c.nodes))
	}
	// Relieved, the domain is unlimited again: every node sends at each
	// step.
	for sec := int64(last/time.Second) + 1; sec < int64(end.Sub(t0)/time.Second); sec++ {
		if perSecond[sec] != 2*len(c.nodes) {
			t.Errorf("%d s after the first 421, relieved: %d sends, want %d", sec, perSecond[sec], 2*len(c.nodes))
		}
	}
	if gotFast != fast {
		t.Errorf("fast.example got %d sends, want all %d", gotFast, fast)
	}
}

// dsnMail is a bounce of msgID for rcpt: 550 5.1.1.
func dsnMail(msgID, rcpt string) string {
	return strings.ReplaceAll(`From: MAILER-DAEMON@mx.example.net
To: bounces@news.example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; `+rcpt+`
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <`+rcpt+`>: User unknown

--B
Content-Type: text/rfc822-headers

From: news@news.example.org
To: `+rcpt+`
Message-ID: <`+msgID+`>
Subject: news

--B--
`, "\n", "\r\n")
}

func testBounce(t *testing.T, b Backend) {
	c := newCluster(t, b, 3)
	ctx := context.Background()
	sc := suppress.Scope{Tenant: "acme", List: "news"}
	msg := c.message("autumn", sc, "ann@d1.example")
	if res, err := c.nodes[0].Deliver(ctx, msg); err != nil || res[0].Kind != deliver.Delivered {
		t.Fatalf("node A: Deliver = %+v, %v; want delivered", res, err)
	}
	// A's outcomes reach the State with its next gate, or SettleDelay
	// after the send; a bounce comes back much later than that, which
	// Flush stands for.
	if err := c.nodes[0].Flush(ctx); err != nil {
		t.Fatalf("node A: Flush: %v", err)
	}
	var evs []deliver.Event
	var mu sync.Mutex
	c.nodes[1].OnEvent = func(e deliver.Event) { mu.Lock(); evs = append(evs, e); mu.Unlock() }
	res, err := c.nodes[1].HandleBounce(ctx, strings.NewReader(dsnMail(msg.ID, "ann@d1.example")))
	if err != nil || len(res) != 1 || res[0].Kind != deliver.Bounced {
		t.Fatalf("node B: HandleBounce = %+v, %v; want one bounced", res, err)
	}
	// Recorded in A's scope, not globally.
	if e, ok, err := c.store.Get(ctx, "ann@d1.example", sc, c.clock.Now()); err != nil || !ok || e.Kind != suppress.Bounce {
		t.Errorf("Store entry of ann in %v = %+v, %v, %v; want a bounce", sc, e, ok, err)
	}
	if _, ok, _ := c.store.Get(ctx, "ann@d1.example", suppress.Scope{}, c.clock.Now()); ok {
		t.Errorf("the bounce was recorded in the global scope, want only %v", sc)
	}
	// Counted for A's campaign, as node C sees it.
	if cs, ok, err := c.nodes[2].State.Campaign(ctx, "autumn"); err != nil || !ok || cs.Window.Bounced != 1 || cs.Window.Attempted != 1 {
		t.Errorf("Campaign(autumn) from node C = %+v, %v, %v; want 1 attempted, 1 bounced", cs.Window, ok, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(evs) == 0 || evs[0].Campaign != "autumn" || !evs[0].Async {
		t.Errorf("node B's events = %+v, want an async event of campaign autumn", evs)
	}
	// The same bounce handed to node C is not counted again.
	if _, err := c.nodes[2].HandleBounce(ctx, strings.NewReader(dsnMail(msg.ID, "ann@d1.example"))); err != nil {
		t.Fatalf("node C: HandleBounce of the same mail: %v", err)
	}
	if cs, _, _ := c.nodes[0].State.Campaign(ctx, "autumn"); cs.Window.Bounced != 1 {
		t.Errorf("after the same bounce on node C: %d bounced, want 1", cs.Window.Bounced)
	}
}

func testRestart(t *testing.T, b Backend) {
	c := newCluster(t, b, 1)
	ctx := context.Background()
	g := deliver.Guard{MinSample: 10}
	c.nodes[0].Guard = g
	for i := range 10 {
		c.nodes[0].Deliver(ctx, c.message("winter", suppress.Scope{}, fmt.Sprintf("unknown%d@d1.example", i)))
	}
	// The process stops: it saves the outcomes still pending, as a
	// process must before it exits.
	if err := c.nodes[0].Flush(ctx); err != nil {
		t.Fatalf("Flush before the restart: %v", err)
	}
	if c.seen(deliver.Paused) != 1 {
		t.Fatalf("10 unknown users of 10: no pause")
	}
	sent := c.srv.count()
	c.clock.Advance(time.Hour)
	// A new process: a new client, a new Deliverer.
	d := c.node(b.NewState(t, b.Addr))
	d.Guard = g
	res, err := d.Deliver(ctx, c.message("winter", suppress.Scope{}, "ann@d1.example"))
	if err != nil || len(res) != 1 || res[0].Kind != deliver.Held || !res[0].NextAttempt.Equal(c.clock.Now().Add(23*time.Hour)) {
		t.Errorf("restarted node: Deliver = %+v, %v; want held until %v", res, err, c.clock.Now().Add(23*time.Hour))
	}
	if n := c.srv.count(); n != sent {
		t.Errorf("the restarted node sent %d recipients of the paused campaign", n-sent)
	}
}

func testDown(t *testing.T, b Backend) {
	c := newCluster(t, b, 1)
	ctx := context.Background()
	p := faultproxy.New(t, b.Addr)
	d := c.node(b.NewState(t, p.Addr()))
	before := c.message("summer", suppress.Scope{Tenant: "acme"}, "ann@d1.example")
	if res, err := d.Deliver(ctx, before); err != nil || res[0].Kind != deliver.Delivered {
		t.Fatalf("Deliver before the outage = %+v, %v; want delivered", res, err)
	}
	sent := c.srv.count()
	for _, mode := range []faultproxy.Mode{faultproxy.Stopped, faultproxy.Hung} {
		p.Down(mode)
		tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		res, err := d.Deliver(tctx, c.message("summer", suppress.Scope{Tenant: "acme"}, "bob@d1.example"))
		cancel()
		if err == nil || res != nil {
			t.Errorf("server %s: Deliver = %+v, %v; want an error and no results", mode, res, err)
		} else if !strings.Contains(err.Error(), "nothing sent") {
			t.Errorf("server %s: error %q does not say that nothing was sent", mode, err)
		}
		if n := c.srv.count(); n != sent {
			t.Errorf("server %s: %d recipients sent without their campaign's state", mode, n-sent)
		}
		p.Up()
	}
	// Back up: the node works again, and what was saved before is there.
	var res []deliver.Result
	var err error
	for range 20 {
		tctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		res, err = d.Deliver(tctx, c.message("summer", suppress.Scope{Tenant: "acme"}, "cy@d1.example"))
		cancel()
		if err == nil {
			break
		}
		var ne net.Error
		if !errors.As(err, &ne) && !strings.Contains(err.Error(), "nothing sent") {
			break
		}
	}
	if err != nil || res[0].Kind != deliver.Delivered {
		t.Fatalf("Deliver after the outage = %+v, %v; want delivered", res, err)
	}
	// The outcome of the send before the outage was kept while the
	// server was down, and saved with the gate after it; the last one is
	// saved by Flush.
	if err := d.Flush(ctx); err != nil {
		t.Fatalf("Flush after the outage: %v", err)
	}
	st := b.NewState(t, b.Addr)
	if cs, ok, err := st.Campaign(ctx, "summer"); err != nil || !ok || cs.Window.Attempted != 2 {
		t.Errorf("Campaign(summer) after the outage = %+v, %v, %v; want the 2 attempts made around it", cs.Window, ok, err)
	}
	if m, ok, err := st.Sent(ctx, before.ID); err != nil || !ok || m.Campaign != "summer" || m.Scope.Tenant != "acme" {
		t.Errorf("Sent(%s) after the outage = %+v, %v, %v; want the message sent before it", before.ID, m, ok, err)
	}
}
