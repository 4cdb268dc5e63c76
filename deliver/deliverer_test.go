package deliver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/textproto"
	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/fakeclock"
)

// newClock returns a fake clock at a fixed start, advanced by hand.
func newClock() *fakeclock.Clock { return fakeclock.New(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)) }

func smtpErr(basic int, code [3]int, text string) *smtp.SMTPError {
	return &smtp.SMTPError{Code: basic, EnhancedCode: smtp.EnhancedCode(code), Message: text}
}

// scripted is a fake Sender that answers per recipient local part:
// "ok" accepts, "unknown" is 550 5.1.1, "full" is 452 4.2.2, "rate" is 421
// 4.7.0, "auth" is 550 5.7.26; "fullonce" is 452 the first time only.
type scripted struct {
	mu    sync.Mutex
	calls int
	rcpts []string
	seen  map[string]int
	data  []string
}

func (s *scripted) Send(ctx context.Context, msg *Message) ([]error, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	s.data = append(s.data, string(msg.Data))
	errs := make([]error, len(msg.To))
	for i, to := range msg.To {
		s.rcpts = append(s.rcpts, to)
		s.seen[to]++
		local := to[:strings.IndexByte(to, '@')]
		switch {
		case strings.HasPrefix(local, "unknown"):
			errs[i] = smtpErr(550, [3]int{5, 1, 1}, "user unknown")
		case strings.HasPrefix(local, "fullonce"):
			if s.seen[to] == 1 {
				errs[i] = smtpErr(452, [3]int{4, 2, 2}, "mailbox full")
			}
		case strings.HasPrefix(local, "full"):
			errs[i] = smtpErr(452, [3]int{4, 2, 2}, "mailbox full")
		case strings.HasPrefix(local, "rate"):
			errs[i] = smtpErr(421, [3]int{4, 7, 0}, "rate limited, try again later")
		case strings.HasPrefix(local, "auth"):
			errs[i] = smtpErr(550, [3]int{5, 7, 26}, "unauthenticated mail is prohibited")
		}
	}
	return errs, nil
}

func kinds(res []Result) []Kind {
	out := make([]Kind, len(res))
	for i, r := range res {
		out[i] = r.Kind
	}
	return out
}

func TestDeliverPartial(t *testing.T) {
	clk := newClock()
	s := &scripted{}
	d := &Deliverer{Sender: s, Now: clk.Now, Seed: 1}
	msg := &Message{ID: "m1@example.org", From: "b@example.org", To: []string{"ok@example.com", "unknown@example.com", "full@example.com"}, Data: []byte("Subject: x\r\n\r\nhi\r\n")}
	res, err := d.Deliver(context.Background(), msg)
	if err != nil {
		t.Fatalf("Deliver() error = %v", err)
	}
	want := []Kind{Delivered, Bounced, Deferred}
	if got := kinds(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Deliver() kinds = %v, want %v", got, want)
	}
	if s.calls != 1 {
		t.Errorf("sender calls = %d, want 1 (one transaction)", s.calls)
	}
	var de *Error
	if !errors.As(res[1].Err, &de) || de.Rcpt != "unknown@example.com" || de.Reply.Basic != 550 || de.Reply.Code != (bounce.Code{Class: 5, Subject: 1, Detail: 1}) {
		t.Errorf("res[1].Err = %#v, want *Error for 550 5.1.1", res[1].Err)
	}
	var se *smtp.SMTPError
	if !errors.As(res[1].Err, &se) || se.Code != 550 {
		t.Errorf("errors.As(res[1].Err, *smtp.SMTPError) = %v, want the 550 reply", se)
	}
	if res[1].Bounce.Category != bounce.Hard {
		t.Errorf("res[1].Bounce.Category = %q, want hard", res[1].Bounce.Category)
	}
	lo, hi := clk.Now().Add(4*time.Minute), clk.Now().Add(6*time.Minute)
	if na := res[2].NextAttempt; na.Before(lo) || na.After(hi) {
		t.Errorf("res[2].NextAttempt = %v, want within [%v, %v] (greylisting-sized first retry)", na, lo, hi)
	}
	for i, r := range res {
		if r.Attempt != 1 {
			t.Errorf("res[%d].Attempt = %d, want 1", i, r.Attempt)
		}
	}
	st := d.Stats()
	if c := st.Domains["example.com"]; c.Delivered != 1 || c.Bounced != 1 || c.Deferred != 1 || c.Attempted != 3 || c.Sent != 3 {
		t.Errorf("Stats().Domains[example.com] = %+v, want 1 delivered, 1 bounced, 1 deferred, 3 attempted", c)
	}
}

func TestDeliverRetryThroughQueue(t *testing.T) {
	clk := newClock()
	s := &scripted{}
	q := &MemoryQueue{}
	var evs []Kind
	d := &Deliverer{Sender: s, Queue: q, Now: clk.Now, Seed: 1, OnEvent: func(e Event) { evs = append(evs, e.Kind) }}
	msg := &Message{ID: "m2@example.org", To: []string{"fullonce@example.com", "ok@example.com"}}
	if _, err := d.Deliver(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if q.Len() != 1 {
		t.Fatalf("queue Len() = %d after a soft failure, want 1", q.Len())
	}
	if n, err := d.DeliverDue(context.Background()); n != 0 || err != nil {
		t.Fatalf("DeliverDue() before due = %d, %v, want 0, nil", n, err)
	}
	due, _ := q.NextDue()
	clk.Set(due)
	if n, err := d.DeliverDue(context.Background()); n != 1 || err != nil {
		t.Fatalf("DeliverDue() at due = %d, %v, want 1, nil", n, err)
	}
	if q.Len() != 0 {
		t.Errorf("queue Len() after delivery = %d, want 0", q.Len())
	}
	want := []Kind{Deferred, Delivered, Delivered}
	if fmt.Sprint(evs) != fmt.Sprint(want) {
		t.Errorf("events = %v, want %v", evs, want)
	}
	if c := d.Stats().Total; c.Attempted != 2 || c.Sent != 3 {
		t.Errorf("Stats().Total = %+v, want 2 attempted, 3 sent", c)
	}
}

func TestDeliverExpires(t *testing.T) {
	for _, tc := range []struct {
		name   string
		maxAge time.Duration
	}{
		{"sendgrid-72h", 0},
		{"zoho-5d", 5 * 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			start := clk.Now()
			s := &scripted{}
			q := &MemoryQueue{}
			var last Event
			d := &Deliverer{Sender: s, Queue: q, Now: clk.Now, Seed: 7, Backoff: Backoff{MaxAge: tc.maxAge},
				OnEvent: func(e Event) { last = e }}
			if _, err := d.Deliver(context.Background(), &Message{ID: "m3", To: []string{"full@example.net"}}); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 1000 && q.Len() > 0; i++ {
				due, _ := q.NextDue()
				clk.Set(due)
				if _, err := d.DeliverDue(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			maxAge := tc.maxAge
			if maxAge == 0 {
				maxAge = DefaultMaxAge
			}
			if last.Kind != Expired || last.Result.Reason != bounce.ReasonExpired {
				t.Fatalf("last event = %v (%v), want expired", last.Kind, last.Result.Reason)
			}
			if got := clk.Now().Sub(start); got != maxAge {
				t.Errorf("expired after %v, want %v (a last attempt at the end of the window)", got, maxAge)
			}
			if n := s.seen["full@example.net"]; n < 15 || n > 40 {
				t.Errorf("attempts = %d, want between 15 and 40", n)
			}
			if c := d.Stats().Total; c.Expired != 1 || c.Attempted != 1 {
				t.Errorf("Stats().Total = %+v, want 1 expired, 1 attempted", c)
			}
		})
	}
}

func TestDeliverThrottle(t *testing.T) {
	clk := newClock()
	s := &scripted{}
	d := &Deliverer{Sender: s, Now: clk.Now, Seed: 1}
	ctx := context.Background()
	res, _ := d.Deliver(ctx, &Message{ID: "a", To: []string{"rate@slow.example"}})
	if res[0].Kind != Deferred {
		t.Fatalf("421 kind = %v, want deferred", res[0].Kind)
	}
	calls := s.calls
	res, _ = d.Deliver(ctx, &Message{ID: "b", To: []string{"ok@slow.example", "ok@fast.example"}})
	if res[0].Kind != Deferred || !errors.Is(res[0].Err, ErrThrottled) {
		t.Errorf("throttled domain: %v, %v, want deferred, ErrThrottled", res[0].Kind, res[0].Err)
	}
	if res[0].Attempt != 0 {
		t.Errorf("throttled Attempt = %d, want 0 (not an attempt)", res[0].Attempt)
	}
	if res[1].Kind != Delivered {
		t.Errorf("other domain: %v, want delivered", res[1].Kind)
	}
	if s.calls != calls+1 || s.seen["ok@slow.example"] != 0 {
		t.Errorf("throttled recipient was sent")
	}
	// After the pause the domain is limited, not closed.
	clk.Set(res[0].NextAttempt)
	res, _ = d.Deliver(ctx, &Message{ID: "c", To: []string{"ok@slow.example"}})
	if res[0].Kind != Delivered {
		t.Errorf("after the pause: %v, want delivered", res[0].Kind)
	}
	// A second 421 doubles the pause.
	res, _ = d.Deliver(ctx, &Message{ID: "d", To: []string{"rate2@slow.example"}})
	res2, _ := d.Deliver(ctx, &Message{ID: "e", To: []string{"ok@slow.example"}})
	if res[0].Kind != Deferred || res2[0].Kind != Deferred || res2[0].NextAttempt.Sub(clk.Now()) != time.Minute {
		t.Errorf("after a second strike: %v, next in %v, want deferred, 1m", res2[0].Kind, res2[0].NextAttempt.Sub(clk.Now()))
	}
}

// throttleReplies slow the whole domain down: rate limits and connection
// limits.
var throttleReplies = []string{
	"421 4.7.0 Try again later, closing connection. (EHLO) gsmtp",
	"421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address.",
	"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
	"421 Too many concurrent SMTP connections; please try again later.",
	"421 4.7.0 Too many connections from your IP",
	"450 4.7.1 Client host rejected: too many connections",
	"450 4.7.1 Receiving mail too quickly",
	"450 4.7.28 rate limited",
	"451 4.7.500 Server busy. Please try again later from [192.0.2.1]",
	"451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.",
}

// deferralReplies are retried without slowing the domain: greylisting, which
// the first retry of the Backoff satisfies, and deferrals about one mailbox,
// one transaction or the server.
var deferralReplies = []string{
	"450 4.2.0 <x@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html",
	"451 4.7.1 Please try again later",
	"451 4.7.1 Greylisting in action, please come back later",
	"421 4.7.0 greylisted",
	"450 Greylisted: please try again in 5 minutes",
	"450 4.7.1 Client host rejected: Greylisted, please try again later",
	"450 4.7.0 GRAYLISTED, come back later",
	"451 4.7.1 Grey-listed for 300 seconds",
	"451 4.7.1 Service unavailable - try again later",
	"450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.",
	"452 4.5.3 Too many recipients",
	"452 4.2.2 Mailbox full",
	"451 4.3.0 Temporary server error",
	"450 4.2.1 Mailbox busy",
}

func TestThrottles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replies []string
		want    bool
	}{
		{"rate limits", throttleReplies, true},
		{"other deferrals", deferralReplies, false},
		{"hard bounces", []string{"550 5.1.1 User unknown", "554 5.7.1 Service unavailable; client host blocked"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, reply := range tc.replies {
				r := bounce.Classify(reply)
				if got := throttles(r); got != tc.want {
					t.Errorf("throttles(Classify(%q) = %s) = %v, want %v", reply, r.Reason, got, tc.want)
				}
			}
		})
	}
}

// TestDeliverGreylisting checks that a greylisting deferral is retried after
// the Backoff's first delay and leaves its domain unthrottled, while a rate
// limit pauses the domain.
func TestDeliverGreylisting(t *testing.T) {
	for _, tc := range []struct {
		reply     string
		throttled bool
	}{
		{deferralReplies[0], false},
		{deferralReplies[1], false},
		{deferralReplies[3], false},
		{throttleReplies[0], true},
	} {
		t.Run(tc.reply, func(t *testing.T) {
			clk := newClock()
			r := bounce.ParseReply(tc.reply)
			code := [3]int{int(r.Code.Class), int(r.Code.Subject), int(r.Code.Detail)}
			s := SenderFunc(func(ctx context.Context, msg *Message) ([]error, error) {
				errs := make([]error, len(msg.To))
				for i, to := range msg.To {
					if strings.HasPrefix(to, "grey@") {
						errs[i] = smtpErr(r.Basic, code, r.Text)
					}
				}
				return errs, nil
			})
			d := &Deliverer{Sender: s, Now: clk.Now, Seed: 1, Backoff: Backoff{Jitter: -1}}
			ctx := context.Background()
			res, err := d.Deliver(ctx, &Message{ID: "a", To: []string{"grey@example.com"}})
			if err != nil || res[0].Kind != Deferred {
				t.Fatalf("Deliver(grey) = %v, %v, want deferred", res[0].Kind, err)
			}
			if got := res[0].NextAttempt.Sub(clk.Now()); got != 5*time.Minute {
				t.Errorf("NextAttempt in %v, want 5m (the first retry)", got)
			}
			res, _ = d.Deliver(ctx, &Message{ID: "b", To: []string{"ok@example.com"}})
			if got := errors.Is(res[0].Err, ErrThrottled); got != tc.throttled {
				t.Errorf("next recipient of the domain: %v, %v; throttled = %v, want %v", res[0].Kind, res[0].Err, got, tc.throttled)
			}
		})
	}
}

func TestDecorate(t *testing.T) {
	s := &scripted{}
	d := &Deliverer{Sender: s, Decorate: func(m *Message, rcpt string) (textproto.Header, error) {
		var h textproto.Header
		h.Set("List-Unsubscribe", "<https://example.org/u?r="+rcpt+">")
		return h, nil
	}}
	msg := &Message{ID: "x", To: []string{"ok1@example.com", "ok2@example.com"}, Data: []byte("Subject: s\r\n\r\nbody\r\n")}
	if _, err := d.Deliver(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if s.calls != 2 {
		t.Fatalf("sender calls = %d, want 2 (one per recipient)", s.calls)
	}
	for i, rcpt := range msg.To {
		want := "List-Unsubscribe: <https://example.org/u?r=" + rcpt + ">\r\nSubject: s\r\n\r\nbody\r\n"
		if s.data[i] != want {
			t.Errorf("data[%d] = %q, want %q", i, s.data[i], want)
		}
		h, err := textproto.ReadHeader(bufio.NewReader(strings.NewReader(s.data[i])))
		if err != nil || h.Get("Subject") != "s" {
			t.Errorf("decorated header does not parse: %v", err)
		}
	}
	if string(msg.Data) != "Subject: s\r\n\r\nbody\r\n" {
		t.Errorf("msg.Data modified: %q", msg.Data)
	}
}

func TestSenderErrorAppliesToAll(t *testing.T) {
	boom := errors.New("connection refused")
	d := &Deliverer{Sender: SenderFunc(func(ctx context.Context, m *Message) ([]error, error) {
		return []error{smtpErr(550, [3]int{5, 1, 1}, "no such user")}, boom
	})}
	res, err := d.Deliver(context.Background(), &Message{ID: "y", To: []string{"a@example.com", "b@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Kind != Bounced || res[1].Kind != Deferred || !errors.Is(res[1].Err, boom) {
		t.Errorf("kinds = %v, errs = %v, want [bounced deferred] with the transaction error", kinds(res), res[1].Err)
	}
}

func TestDeliverErrors(t *testing.T) {
	if _, err := (&Deliverer{}).Deliver(context.Background(), &Message{To: []string{"a@example.com"}}); err == nil {
		t.Errorf("Deliver() without Sender: nil error, want one")
	}
	d := &Deliverer{Sender: &scripted{}}
	if res, err := d.Deliver(context.Background(), &Message{}); res != nil || err != nil {
		t.Errorf("Deliver(no recipients) = %v, %v, want nil, nil", res, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Deliver(ctx, &Message{To: []string{"a@example.com"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Deliver(cancelled ctx) error = %v, want context.Canceled", err)
	}
}

func TestEventLog(t *testing.T) {
	var buf bytes.Buffer
	logger := slogText(&buf)
	d := &Deliverer{Sender: &scripted{}, OnEvent: LogEvents(logger)}
	d.Deliver(context.Background(), &Message{ID: "z@example.org", Campaign: "spring", To: []string{"unknown@example.com"}})
	out := buf.String()
	for _, want := range []string{"level=WARN", "deliver: bounced", "event.rcpt=unknown@example.com", "event.status=5.1.1", "event.campaign=spring", "event.reason="} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q does not contain %q", out, want)
		}
	}
}

func TestDeliverPreclassified(t *testing.T) {
	// A Sender may return a *Error it classified itself.
	spam := &Error{Rcpt: "a@example.com", Result: bounce.Result{Category: bounce.Spam, Reason: bounce.ReasonAuthFailure, ReplyCode: 550}, Err: errors.New("550 5.7.26")}
	soft := &Error{Rcpt: "b@example.com", Result: bounce.Result{Category: bounce.Spam, Reason: bounce.ReasonBlocked, ReplyCode: 451, Retry: true}, Err: errors.New("451 4.7.1")}
	d := &Deliverer{Sender: SenderFunc(func(ctx context.Context, m *Message) ([]error, error) {
		return []error{spam, soft}, nil
	})}
	res, _ := d.Deliver(context.Background(), &Message{ID: "p", To: []string{"a@example.com", "b@example.com"}})
	if res[0].Kind != Blocked || res[1].Kind != Deferred {
		t.Errorf("kinds = %v, want [blocked deferred]: a spam refusal is not retried unless it is transient", kinds(res))
	}
	if res[0].Err != error(spam) {
		t.Errorf("res[0].Err = %v, want the Sender's *Error", res[0].Err)
	}
}

func TestDeliverAllocs(t *testing.T) {
	d := &Deliverer{Sender: SenderFunc(func(ctx context.Context, m *Message) ([]error, error) { return nil, nil })}
	msg := &Message{ID: "a", Campaign: "c", To: []string{"ok@example.com"}}
	ctx := context.Background()
	d.Deliver(ctx, msg)
	// One allocation: the result slice.
	if n := testing.AllocsPerRun(100, func() { d.Deliver(ctx, msg) }); n > 1 {
		t.Errorf("Deliver() allocs = %v, want <= 1", n)
	}
	// Up to 4 recipients, the State's gate and settlement use buffers on
	// the stack.
	msg4 := &Message{ID: "b", Campaign: "c", To: []string{"ok1@example.com", "ok2@example.net", "ok3@example.org", "ok4@example.com"}}
	d.Deliver(ctx, msg4)
	if n := testing.AllocsPerRun(100, func() { d.Deliver(ctx, msg4) }); n > 1 {
		t.Errorf("Deliver() of 4 recipients allocs = %v, want <= 1", n)
	}
}

func TestSign(t *testing.T) {
	s := &scripted{}
	sign := func(m *Message, data []byte) ([]byte, error) {
		return append([]byte("DKIM-Signature: v=1; covers="+strings.SplitN(string(data), ":", 2)[0]+"\r\n"), data...), nil
	}
	for _, tc := range []struct {
		name     string
		decorate bool
		calls    int
		want     string
	}{
		{"alone: one transaction", false, 1, "DKIM-Signature: v=1; covers=Subject\r\nSubject: s\r\n\r\nb\r\n"},
		{"after Decorate", true, 2, "DKIM-Signature: v=1; covers=List-Unsubscribe\r\nList-Unsubscribe: <mailto:u@example.org>\r\nSubject: s\r\n\r\nb\r\n"},
	} {
		s.calls, s.data = 0, nil
		d := &Deliverer{Sender: s, Sign: sign}
		if tc.decorate {
			d.Decorate = func(m *Message, rcpt string) (textproto.Header, error) {
				var h textproto.Header
				h.Set("List-Unsubscribe", "<mailto:u@example.org>")
				return h, nil
			}
		}
		msg := &Message{ID: "s", To: []string{"ok1@example.com", "ok2@example.com"}, Data: []byte("Subject: s\r\n\r\nb\r\n")}
		if _, err := d.Deliver(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		if s.calls != tc.calls || s.data[0] != tc.want {
			t.Errorf("%s: calls = %d, data = %q, want %d, %q", tc.name, s.calls, s.data[0], tc.calls, tc.want)
		}
		if string(msg.Data) != "Subject: s\r\n\r\nb\r\n" {
			t.Errorf("%s: msg.Data modified", tc.name)
		}
	}
	d := &Deliverer{Sender: s, Sign: func(*Message, []byte) ([]byte, error) { return nil, errors.New("no key") }}
	res, _ := d.Deliver(context.Background(), &Message{ID: "x", To: []string{"ok@example.com"}})
	if res[0].Kind != Deferred {
		t.Errorf("signing failure = %v, want deferred", res[0].Kind)
	}
}
