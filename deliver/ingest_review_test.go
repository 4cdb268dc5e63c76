package deliver

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// recStore is a suppress.Memory that counts the Record calls that went
// through, per address, and fails the first Record of each address in
// failOnce. When entered is set, each Record is announced there and then
// waits until release is closed.
type recStore struct {
	suppress.Memory
	mu       sync.Mutex
	calls    map[string]int
	failOnce map[string]bool
	entered  chan string
	release  chan struct{}
}

func (s *recStore) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	if s.entered != nil {
		s.entered <- ev.Addr
		<-s.release
	}
	s.mu.Lock()
	if s.failOnce[ev.Addr] {
		delete(s.failOnce, ev.Addr)
		s.mu.Unlock()
		return suppress.Decision{}, errors.New("store down")
	}
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	if ev.Outcome != suppress.Delivered {
		s.calls[ev.Addr]++
	}
	s.mu.Unlock()
	return s.Memory.Record(ctx, ev, now)
}

func (s *recStore) count(addr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[addr]
}

// hardReport is a bounce of message id failing each of rcpts with 550
// 5.1.1.
func hardReport(id string, rcpts ...string) *dsn.Report {
	rep := &dsn.Report{Kind: dsn.Bounce, ReportingMTA: "mx.example.com", Original: dsn.Original{MessageID: "<" + id + ">"}}
	for _, r := range rcpts {
		rep.Recipients = append(rep.Recipients, dsn.Recipient{
			FinalRecipient: r, Action: dsn.Failed, Diagnostic: "550 5.1.1 User unknown",
			Result: bounce.Result{Category: bounce.Hard, Reason: bounce.ReasonUserUnknown},
		})
	}
	return rep
}

// TestIngestPartialFailureRecordsEachOnce: a report recorded for some of
// its recipients when the Store fails on another is given again; the
// retry records the one that failed, and neither records nor counts again
// the ones already recorded.
func TestIngestPartialFailureRecordsEachOnce(t *testing.T) {
	ctx := context.Background()
	rcpts := []string{"a@example.com", "b@example.com", "c@example.com"}
	store := &recStore{}
	var evs []Event
	d := &Deliverer{Sender: &scripted{}, Store: store, OnEvent: func(e Event) {
		if e.Async {
			evs = append(evs, e)
		}
	}}
	if _, err := d.Deliver(ctx, &Message{ID: "p@example.org", Campaign: "c", To: rcpts}); err != nil {
		t.Fatal(err)
	}
	store.failOnce = map[string]bool{"b@example.com": true}
	rep := hardReport("p@example.org", rcpts...)
	if _, err := d.HandleReport(ctx, rep, ""); err == nil {
		t.Fatal("HandleReport with the Store failing on b: err = nil, want the Store's error")
	}
	res, err := d.HandleReport(ctx, rep, "")
	if err != nil {
		t.Fatalf("HandleReport again = %v", err)
	}
	if got := countKinds(res); got[Bounced] != 3 || len(res) != 3 {
		t.Errorf("HandleReport again: kinds %v, want the 3 recipients bounced", got)
	}
	for _, a := range rcpts {
		if n := store.count(a); n != 1 {
			t.Errorf("Store recorded %s %d times, want once", a, n)
		}
	}
	if c, _ := d.Campaign("c"); c.Window.Bounced != 3 || c.Bounced != 3 {
		t.Errorf("campaign bounced: window %d, counter %d, want 3 and 3", c.Window.Bounced, c.Bounced)
	}
	if len(evs) != 3 {
		t.Errorf("%d async events, want 3 (one per recipient)", len(evs))
	}
	if res, err := d.HandleReport(ctx, rep, ""); err != nil || len(res) != 0 {
		t.Errorf("HandleReport a third time = %v, %v, want nothing", res, err)
	}
}

// TestIngestConcurrentCopies: two copies of one report handled at the same
// time in one process (two SMTP sessions, a mailbox and a webhook) are
// recorded once.
func TestIngestConcurrentCopies(t *testing.T) {
	ctx := context.Background()
	store := &recStore{}
	d := &Deliverer{Sender: &scripted{}, Store: store}
	if _, err := d.Deliver(ctx, &Message{ID: "cc@example.org", To: []string{"gone@example.com"}}); err != nil {
		t.Fatal(err)
	}
	store.entered, store.release = make(chan string, 2), make(chan struct{})
	rep := hardReport("cc@example.org", "gone@example.com")
	type out struct {
		res []Result
		err error
	}
	outs := make(chan out, 2)
	ingest := func() {
		res, err := d.HandleReport(ctx, rep, "")
		outs <- out{res, err}
	}
	go ingest()
	<-store.entered // the first copy is being recorded
	go ingest()
	select {
	case <-store.entered:
		t.Error("the second copy reached the Store while the first was being recorded")
	case <-time.After(200 * time.Millisecond):
	}
	close(store.release)
	results := 0
	for range 2 {
		o := <-outs
		if o.err != nil {
			t.Errorf("HandleReport = %v", o.err)
		}
		results += len(o.res)
	}
	if n := store.count("gone@example.com"); n != 1 || results != 1 {
		t.Errorf("Store records %d, results %d, want 1 and 1", n, results)
	}
}

// TestVERPCorrelatesItsRecipientOnly: a report that is tied to a sent
// message only by its VERP return path may change the recipient that
// return path names, not the other recipients of that message, which a
// forged report could otherwise list.
func TestVERPCorrelatesItsRecipientOnly(t *testing.T) {
	ctx := context.Background()
	store := &recStore{}
	d := &Deliverer{Sender: &scripted{}, Store: store}
	if _, err := d.Deliver(ctx, &Message{ID: "list@example.org", To: []string{"orig@example.com", "other1@example.com", "other2@example.com"}}); err != nil {
		t.Fatal(err)
	}
	rep := hardReport("unknown@example.org", "other1@example.com", "orig@example.com", "other2@example.com")
	res, err := d.HandleReport(ctx, rep, "bounces+orig=example.com@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got := countKinds(res); got[Bounced] != 1 || got[Unmatched] != 2 {
		t.Errorf("HandleReport by VERP: kinds %v, want orig bounced and the 2 others unmatched", got)
	}
	for _, a := range []string{"other1@example.com", "other2@example.com"} {
		if n := store.count(a); n != 0 {
			t.Errorf("a report via the VERP address of orig recorded %s", a)
		}
	}
	if store.count("orig@example.com") != 1 {
		t.Errorf("orig@example.com not recorded")
	}
}

// TestComplaintNeedsItsMessage: a complaint is a permanent suppression,
// and a VERP address is made from the recipient's own, so anyone who knows
// an address we mailed can forge a complaint to its VERP return path. A
// complaint found by its VERP recipient alone changes nothing; one that
// carries the message's Message-ID (RFC 5965 §2: the report holds the
// original message or its header) is recorded.
func TestComplaintNeedsItsMessage(t *testing.T) {
	ctx := context.Background()
	store := &recStore{}
	d := &Deliverer{Sender: &scripted{}, Store: store}
	if _, err := d.Deliver(ctx, &Message{ID: "news-7@example.org", To: []string{"reader@example.net"}}); err != nil {
		t.Fatal(err)
	}
	verp := "bounces+reader=example.net@example.org"
	for _, rep := range []*dsn.Report{
		{Kind: dsn.Complaint, Feedback: &dsn.Feedback{FeedbackType: "abuse", OriginalRcptTo: []string{"reader@example.net"}}},
		{Kind: dsn.Complaint, Original: dsn.Original{MessageID: "<guessed@example.org>"}, Feedback: &dsn.Feedback{FeedbackType: "abuse"}},
	} {
		res, err := d.HandleReport(ctx, rep, verp)
		if err != nil {
			t.Fatal(err)
		}
		if got := countKinds(res); got[Unmatched] != 1 || len(res) != 1 {
			t.Errorf("complaint (Message-ID %q) by VERP alone: kinds %v, want one unmatched", rep.Original.MessageID, got)
		}
	}
	if n := store.count("reader@example.net"); n != 0 {
		t.Fatalf("a complaint tied by its VERP address alone was recorded %d times", n)
	}
	rep := &dsn.Report{Kind: dsn.Complaint, Original: dsn.Original{MessageID: "<news-7@example.org>"}, Feedback: &dsn.Feedback{FeedbackType: "abuse"}}
	res, err := d.HandleReport(ctx, rep, verp)
	if err != nil || len(res) != 1 || res[0].Kind != Complained || res[0].Rcpt != "reader@example.net" {
		t.Errorf("complaint with the message's Message-ID by VERP = %+v, %v, want reader@example.net complained", res, err)
	}
}

// TestLongDomainsNotKept: the per-domain counters are keyed by the
// recipient's domain; a forged report (or an invalid recipient) whose
// address has a domain of 100 KB must not keep it: a domain has at most
// 255 octets (RFC 1035 §2.3.4), and the counters keep up to MaxDomains of
// them.
func TestLongDomainsNotKept(t *testing.T) {
	ctx := context.Background()
	d := &Deliverer{Sender: &scripted{}}
	long := func(i int) string { return "x@" + strings.Repeat(string(rune('a'+i)), 100<<10) + ".example" }
	rep := &dsn.Report{Kind: dsn.Bounce, ReportingMTA: "mx.example.com"}
	dly := &dsn.Report{Kind: dsn.Delay, ReportingMTA: "mx.example.com"}
	for i := range 3 {
		rep.Recipients = append(rep.Recipients, dsn.Recipient{FinalRecipient: long(i), Action: dsn.Failed})
		dly.Recipients = append(dly.Recipients, dsn.Recipient{FinalRecipient: long(i + 3), Action: dsn.Delayed})
	}
	if res, err := d.HandleReport(ctx, rep, ""); err != nil || len(res) != 3 {
		t.Fatalf("HandleReport(forged) = %d results, %v, want 3 unmatched", len(res), err)
	}
	if _, err := d.HandleReport(ctx, dly, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Deliver(ctx, &Message{ID: "l@example.org", To: []string{long(7), "ok@example.com"}}); err != nil {
		t.Fatal(err)
	}
	st := d.Stats()
	for dom := range st.Domains {
		if len(dom) > 255 {
			t.Errorf("Stats().Domains keeps a domain of %d bytes", len(dom))
		}
	}
	if st.Total.Unmatched != 3 || st.Total.Invalid != 1 {
		t.Errorf("Stats().Total = %+v, want 3 unmatched and 1 invalid counted", st.Total)
	}
}

// TestSignedVERP: with Deliverer.VERP set, a report is tied by its return
// path only when the path's tag was made for its recipient; a plain VERP
// address, a forged tag and an expired one tie nothing, and the Unmatched
// result says why.
func TestSignedVERP(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	clock := now
	signer := &dsn.VERPSigner{Key: []byte("a key of at least sixteen bytes.")}
	store := &recStore{}
	d := &Deliverer{Sender: &scripted{}, Store: store, VERP: signer, Now: func() time.Time { return clock }}
	for _, rcpt := range []string{"ann@example.com", "bob@example.com"} {
		from, err := signer.Encode("bounces@example.org", rcpt, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Deliver(ctx, &Message{ID: "m-" + rcpt, From: from, To: []string{rcpt}}); err != nil {
			t.Fatal(err)
		}
	}
	annPath, _ := signer.Encode("bounces@example.org", "ann@example.com", now)
	forger := &dsn.VERPSigner{Key: []byte("the forger's own key, 32 bytes..")}
	forged, _ := forger.Encode("bounces@example.org", "bob@example.com", now)
	tests := []struct {
		name, path string
		after      time.Duration
		kind       Kind
		why        error // in the Unmatched result's error chain
	}{
		{"plain VERP", dsn.EncodeVERP("bounces@example.org", "bob@example.com"), 0, Unmatched, nil},
		{"forged tag", forged, 0, Unmatched, dsn.ErrVERPSignature},
		{"expired tag", annPath, 15 * 24 * time.Hour, Unmatched, dsn.ErrVERPExpired},
		{"signed", annPath, time.Hour, Bounced, nil},
	}
	for _, tt := range tests {
		clock = now.Add(tt.after)
		// No Message-ID: only the return path can tie the report.
		res, err := d.HandleReport(ctx, hardReport("", "someone@example.net"), tt.path)
		if err != nil {
			t.Fatalf("%s: HandleReport error: %v", tt.name, err)
		}
		if len(res) != 1 || res[0].Kind != tt.kind {
			t.Errorf("%s: HandleReport(%q) = %+v, want one %s", tt.name, tt.path, res, tt.kind)
			continue
		}
		if tt.kind == Unmatched && (!errors.Is(res[0].Err, ErrUnmatched) || tt.why != nil && !errors.Is(res[0].Err, tt.why)) {
			t.Errorf("%s: Unmatched error %v, want ErrUnmatched and %v", tt.name, res[0].Err, tt.why)
		}
	}
	if n := store.count("bob@example.com"); n != 0 {
		t.Errorf("forged and plain return paths recorded bob %d times", n)
	}
	if n := store.count("ann@example.com"); n != 1 {
		t.Errorf("the signed return path recorded ann %d times, want 1", n)
	}
}

// TestSignedVERPShortKey: a Deliverer.VERP whose Key is too short makes
// Ingest fail with an error that names it, instead of leaving every
// report unmatched.
func TestSignedVERPShortKey(t *testing.T) {
	d := &Deliverer{Sender: &scripted{}, Store: &recStore{}, VERP: &dsn.VERPSigner{Key: []byte("short")}}
	_, err := d.HandleReport(context.Background(), hardReport("", "ann@example.com"), "bounces+000aaaaaaaaaaaa-ann=example.com@example.org")
	if err == nil || !strings.Contains(err.Error(), "VERPSigner.Key") {
		t.Errorf("HandleReport with a 5-byte VERP key: %v, want an error naming the Key", err)
	}
}
