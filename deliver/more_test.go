package deliver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

func TestSMTPRoute(t *testing.T) {
	srv := startServer(t, nil)
	// A port that refuses connections.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close()
	var routed []string
	snd := &SMTPSender{TLS: TLSNever, Route: func(ctx context.Context, domain string) (string, error) {
		routed = append(routed, domain)
		switch domain {
		case "dead.example":
			return dead, nil
		case "nxdomain.example":
			return "", &net.DNSError{Err: "no such host", Name: domain, IsNotFound: true}
		}
		return srv.addr, nil
	}}
	defer snd.Close()
	d := &Deliverer{Sender: snd}
	res, err := d.Deliver(context.Background(), testMessage("r1", "ok1@example.com", "ok@dead.example", "ok2@example.com", "ok@nxdomain.example", "ok@example.net"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Kind{Delivered, Deferred, Delivered, Bounced, Delivered}
	if got := kinds(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("kinds = %v, want %v (%v)", got, want, res)
	}
	if res[1].Bounce.Reason != bounce.ReasonNetworkError {
		t.Errorf("refused connection reason = %q, want networkerror", res[1].Bounce.Reason)
	}
	if res[3].Bounce.Reason != bounce.ReasonHostUnknown {
		t.Errorf("unknown domain reason = %q, want hostunknown", res[3].Bounce.Reason)
	}
	if len(routed) != 4 {
		t.Errorf("Route called for %v, want once per domain", routed)
	}
	conns := srv.connCount()
	if conns != 1 {
		t.Errorf("connections = %d, want 1: example.com and example.net share a destination", conns)
	}
}

func TestExpiredIsRecorded(t *testing.T) {
	clk := newClock()
	store := &suppress.Memory{Policy: suppress.Policy{SoftLimit: 1}}
	q := &MemoryQueue{}
	d := &Deliverer{Sender: &scripted{}, Store: store, Queue: q, Now: clk.Now, Seed: 3}
	ctx := context.Background()
	d.Deliver(ctx, &Message{ID: "e1", To: []string{"full@example.com"}})
	for q.Len() > 0 {
		due, _ := q.NextDue()
		clk.Set(due)
		d.DeliverDue(ctx)
	}
	e, ok, err := store.Get(ctx, "full@example.com", suppress.Global, clk.Now())
	if err != nil || !ok || e.Kind != suppress.SoftBounce || e.Reason != bounce.ReasonExpired {
		t.Errorf("store entry after expiry = %+v, %v, %v, want a softbounce entry for reason expired", e, ok, err)
	}
}

func TestThrottleDisabled(t *testing.T) {
	s := &scripted{}
	d := &Deliverer{Sender: s, Throttle: Throttle{Disabled: true}}
	d.Deliver(context.Background(), &Message{ID: "a", To: []string{"rate@slow.example"}})
	res, _ := d.Deliver(context.Background(), &Message{ID: "b", To: []string{"ok@slow.example"}})
	if res[0].Kind != Delivered {
		t.Errorf("with throttling off: %v, want delivered", res[0].Kind)
	}
}

type failingStore struct{ suppress.Store }

var errStore = errors.New("store down")

func (failingStore) Allow(ctx context.Context, addr string, scope suppress.Scope, now time.Time) (suppress.Decision, error) {
	return suppress.Decision{}, errStore
}

func TestStoreDownSendsNothing(t *testing.T) {
	s := &scripted{}
	d := &Deliverer{Sender: s, Store: failingStore{}}
	res, err := d.Deliver(context.Background(), &Message{ID: "a", To: []string{"ok@example.com"}})
	if !errors.Is(err, errStore) || res != nil {
		t.Errorf("Deliver() with the store down = %v, %v, want nil, the store's error", res, err)
	}
	if s.calls != 0 {
		t.Errorf("sender called %d times with the store down, want 0 (never send unchecked)", s.calls)
	}
}

// A Sender that answers for fewer recipients than it was given has not
// said the others were accepted: they are retried, never counted delivered.
func TestShortSenderAnswer(t *testing.T) {
	refused := errors.New("550 5.1.1 User unknown")
	d := &Deliverer{
		Sender: SenderFunc(func(_ context.Context, m *Message) ([]error, error) {
			return []error{refused}, nil // one outcome for three recipients
		}),
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
	res, err := d.Deliver(context.Background(), &Message{ID: "m@example.org", To: []string{"a@example.com", "b@example.com", "c@example.com"}, Data: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res[1:] {
		if r.Kind == Delivered || r.Err == nil {
			t.Errorf("%s: kind %s, err %v; want a failure without an outcome from the Sender", r.Rcpt, r.Kind, r.Err)
		}
	}
	if got := d.Stats().Total.Delivered; got != 0 {
		t.Errorf("Stats().Total.Delivered = %d, want 0", got)
	}
}

// Issue 14 item 8: a 5xx refusal whose text says nothing known is not
// retried; one that time may cure (a full mailbox) is.
func TestPermanentSoftNotRetried(t *testing.T) {
	for _, tc := range []struct {
		basic int
		code  [3]int
		text  string
		want  Kind
	}{
		{554, [3]int{}, "Transaction failed", Failed},
		{550, [3]int{}, "Something went wrong", Bounced},
		{552, [3]int{5, 2, 2}, "Mailbox full", Deferred},
		{451, [3]int{4, 3, 0}, "Local error in processing", Deferred},
		{554, [3]int{5, 7, 1}, "Rejected by policy", Blocked},
	} {
		t.Run(fmt.Sprint(tc.basic, " ", tc.text), func(t *testing.T) {
			d := &Deliverer{
				Sender: SenderFunc(func(_ context.Context, m *Message) ([]error, error) {
					return []error{smtpErr(tc.basic, tc.code, tc.text)}, nil
				}),
				Store: &suppress.Memory{},
				Now:   func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
			}
			res, err := d.Deliver(context.Background(), &Message{ID: "m@example.org", To: []string{"a@example.com"}, Data: []byte("x")})
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Kind != tc.want {
				t.Fatalf("Kind = %s (bounce %+v), want %s", res[0].Kind, res[0].Bounce, tc.want)
			}
			if tc.want == Failed && !res[0].NextAttempt.IsZero() {
				t.Errorf("NextAttempt = %v, want none", res[0].NextAttempt)
			}
			if got := d.Stats().Total.Failed; (got == 1) != (tc.want == Failed) {
				t.Errorf("Stats().Total.Failed = %d", got)
			}
		})
	}
}
