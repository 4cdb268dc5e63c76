package deliver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// complaintMail is an ARF complaint about msgID naming rcpts in
// Original-Rcpt-To fields.
func complaintMail(msgID string, rcpts []string) string {
	var b strings.Builder
	b.WriteString("From: fbl@isp.example.net\r\nTo: fbl@example.org\r\nSubject: complaint\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\r\n\r\n--F\r\n" +
		"Content-Type: text/plain\r\n\r\nThis is an abuse report.\r\n\r\n--F\r\nContent-Type: message/feedback-report\r\n\r\n" +
		"Feedback-Type: abuse\r\nUser-Agent: isp-fbl/1.0\r\nVersion: 1\r\n")
	for _, r := range rcpts {
		fmt.Fprintf(&b, "Original-Rcpt-To: <%s>\r\n", r)
	}
	fmt.Fprintf(&b, "\r\n--F\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: news@example.org\r\nMessage-ID: <%s>\r\nSubject: hello\r\n\r\n--F--\r\n", msgID)
	return b.String()
}

// multiDSN is a DSN about msgID failing each of rcpts with 550 5.1.1.
func multiDSN(msgID string, rcpts []string) string {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@mx.example.com\r\nTo: bounces@example.org\r\nSubject: Undelivered Mail\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n" +
		"Your message could not be delivered.\r\n\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n")
	for _, r := range rcpts {
		fmt.Fprintf(&b, "\r\nFinal-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <%s>: User unknown\r\n", r, r)
	}
	fmt.Fprintf(&b, "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: news@example.org\r\nMessage-ID: <%s>\r\nSubject: hello\r\n\r\n--B--\r\n", msgID)
	return b.String()
}

func addrs(format string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}

// listStore is a suppress.Memory that counts the Record calls.
type listStore struct {
	suppress.Memory
	mu      sync.Mutex
	records int
	fail    int // the next fail Record calls fail
}

func (s *listStore) Record(ctx context.Context, ev suppress.Event, now time.Time) (suppress.Decision, error) {
	s.mu.Lock()
	if s.fail > 0 {
		s.fail--
		s.mu.Unlock()
		return suppress.Decision{}, errors.New("store down")
	}
	s.records++
	s.mu.Unlock()
	return s.Memory.Record(ctx, ev, now)
}

func countKinds(res []Result) map[Kind]int {
	n := map[Kind]int{}
	for _, r := range res {
		n[r.Kind]++
	}
	return n
}

// TestForgedReports: reports that match no message sent to their
// recipients change nothing by default, and the limits hold with
// TrustReports (issue 14 item 4).
func TestForgedReports(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		mail  string
		trust bool
		want  map[Kind]int // the results
		rec   int          // Store records
	}{
		// 1,500 Original-Rcpt-To, a Message-ID never sent: one unmatched
		// event, nothing recorded.
		{"complaint of 1500, unsent", complaintMail("never@example.org", addrs("victim%d@example.com", 1500)), false, map[Kind]int{Unmatched: 1}, 0},
		{"complaint of 1500, trusted", complaintMail("never@example.org", addrs("victim%d@example.com", 1500)), true, map[Kind]int{Complained: 1}, 1},
		// 1,000 failed recipients, a Message-ID never sent: 100 unmatched
		// events at most, nothing recorded.
		{"dsn of 1000, unsent", multiDSN("never@example.org", addrs("victim%d@example.com", 1000)), false, map[Kind]int{Unmatched: 100}, 0},
		{"dsn of 1000, trusted", multiDSN("never@example.org", addrs("victim%d@example.com", 1000)), true, map[Kind]int{Bounced: 100, Unmatched: 0}, 100},
		// The message was sent, but to none of them.
		{"dsn of 1000, sent to others", multiDSN("sent@example.org", addrs("victim%d@example.com", 1000)), false, map[Kind]int{Unmatched: 100}, 0},
		{"complaint of 1500, sent to others", complaintMail("sent@example.org", addrs("victim%d@example.com", 1500)), false, map[Kind]int{Unmatched: 1}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &listStore{}
			d := &Deliverer{Sender: &scripted{}, Store: store, TrustReports: tc.trust}
			if _, err := d.Deliver(ctx, &Message{ID: "sent@example.org", To: []string{"ok1@example.net", "ok2@example.net"}}); err != nil {
				t.Fatal(err)
			}
			store.records = 0
			res, err := d.HandleBounce(ctx, strings.NewReader(tc.mail))
			if err != nil {
				t.Fatal(err)
			}
			got := countKinds(res)
			for k, n := range tc.want {
				if got[k] != n {
					t.Errorf("HandleBounce: %d results %s, want %d (all: %v)", got[k], k, n, got)
				}
			}
			if len(res) != sum(tc.want) {
				t.Errorf("HandleBounce: %d results, want %d", len(res), sum(tc.want))
			}
			if store.records != tc.rec {
				t.Errorf("Store records = %d, want %d", store.records, tc.rec)
			}
			for _, r := range res {
				if r.Kind == Unmatched && (r.Err != ErrUnmatched || r.Entry != (suppress.Entry{})) {
					t.Errorf("unmatched result %+v, want ErrUnmatched and no entry", r)
				}
			}
			if tot := d.Stats().Total; tot.Unmatched != got[Unmatched] {
				t.Errorf("Stats().Total.Unmatched = %d, want %d", tot.Unmatched, got[Unmatched])
			}
		})
	}
}

func sum(m map[Kind]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestGenuineReports: a report about a sent message records exactly its
// recipients, whoever else it names; a complaint records the one it can
// tie to the message.
func TestGenuineReports(t *testing.T) {
	ctx := context.Background()
	sent := []string{"gone1@example.com", "Gone2@Example.COM", "gone3@example.com"}
	scope := suppress.Scope{Tenant: "t"}
	t.Run("dsn", func(t *testing.T) {
		store := &listStore{}
		d := &Deliverer{Sender: &scripted{}, Store: store}
		if _, err := d.Deliver(ctx, &Message{ID: "g@example.org", Campaign: "c", Scope: scope, To: sent}); err != nil {
			t.Fatal(err)
		}
		store.records = 0
		// Its 3 recipients (one in another case), 2 strangers, one twice.
		named := []string{"gone1@example.com", "stranger1@example.com", "gone2@example.com", "gone3@example.com", "stranger2@example.com", "gone1@example.com"}
		res, err := d.HandleBounce(ctx, strings.NewReader(multiDSN("g@example.org", named)))
		if err != nil {
			t.Fatal(err)
		}
		if got := countKinds(res); got[Bounced] != 3 || got[Unmatched] != 2 || len(res) != 5 {
			t.Errorf("HandleBounce kinds = %v, want 3 bounced, 2 unmatched", got)
		}
		if store.records != 3 {
			t.Errorf("Store records = %d, want exactly the 3 recipients", store.records)
		}
		for _, a := range []string{"gone1@example.com", "gone2@example.com", "gone3@example.com"} {
			if _, ok, _ := store.Get(ctx, a, scope, time.Now()); !ok {
				t.Errorf("%s not suppressed in the message's scope", a)
			}
		}
		if c, _ := d.Campaign("c"); c.Window.Bounced != 3 {
			t.Errorf("guard window bounced = %d, want 3", c.Window.Bounced)
		}
	})
	t.Run("complaint prefers the recipient sent to", func(t *testing.T) {
		store := &listStore{}
		d := &Deliverer{Sender: &scripted{}, Store: store}
		d.Deliver(ctx, &Message{ID: "n@example.org", To: []string{"reader@example.net"}})
		res, err := d.HandleBounce(ctx, strings.NewReader(complaintMail("n@example.org", []string{"stranger@example.net", "reader@example.net", "other@example.net"})))
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Kind != Complained || res[0].Rcpt != "reader@example.net" {
			t.Errorf("HandleBounce = %+v, want one complaint of reader@example.net", res)
		}
	})
	t.Run("redacted complaint of a message to one", func(t *testing.T) {
		store := &listStore{}
		d := &Deliverer{Sender: &scripted{}, Store: store}
		d.Deliver(ctx, &Message{ID: "r@example.org", To: []string{"reader@example.net"}})
		res, err := d.HandleBounce(ctx, strings.NewReader(complaintMail("r@example.org", nil)))
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 1 || res[0].Kind != Complained || res[0].Rcpt != "reader@example.net" {
			t.Errorf("HandleBounce = %+v, want the complaint of the one recipient", res)
		}
	})
	t.Run("verp", func(t *testing.T) {
		store := &listStore{}
		d := &Deliverer{Sender: &scripted{}, Store: store}
		d.Deliver(ctx, &Message{ID: "v1@example.org", Campaign: "c", Scope: scope, To: []string{"orig@example.com"}})
		// No Message-ID the State knows: the VERP return path finds the
		// message sent to its recipient.
		rep := &dsn.Report{Kind: dsn.Bounce, ReportingMTA: "mx.example.com", Recipients: []dsn.Recipient{{
			FinalRecipient: "alias@forward.example.net", Action: dsn.Failed,
			Result: bounce.Result{Category: bounce.Hard, Reason: bounce.ReasonUserUnknown},
		}}}
		res, err := d.HandleReport(ctx, rep, "bounces+orig=example.com@example.org")
		if err != nil || len(res) != 1 || res[0].Kind != Bounced || res[0].Rcpt != "orig@example.com" {
			t.Fatalf("HandleReport by VERP = %+v, %v, want orig@example.com bounced", res, err)
		}
		if _, ok, _ := store.Get(ctx, "orig@example.com", scope, time.Now()); !ok {
			t.Errorf("the VERP-correlated bounce is not in the message's scope")
		}
		// A VERP address never sent to.
		res, _ = d.HandleReport(ctx, rep, "bounces+never=example.com@example.org")
		if len(res) != 1 || res[0].Kind != Unmatched {
			t.Errorf("HandleReport by VERP of a recipient never sent to = %+v, want unmatched", res)
		}
	})
}

// TestReportIdempotent: the same report handled twice is recorded, counted
// and reported once; a recording that failed is not marked handled, so the
// report given again is recorded then (issue 15 §2).
func TestReportIdempotent(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	mail := dsnMail("bounces@example.org", "gone@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", "i@example.org")
	setup := func(t *testing.T) (*Deliverer, *listStore, *[]Event) {
		store := &listStore{}
		var evs []Event
		d := &Deliverer{Sender: &scripted{}, Store: store, Now: clk.Now, OnEvent: func(e Event) { evs = append(evs, e) }}
		if _, err := d.Deliver(ctx, &Message{ID: "i@example.org", Campaign: "c", To: []string{"gone@example.com"}}); err != nil {
			t.Fatal(err)
		}
		store.records, evs = 0, nil
		return d, store, &evs
	}
	check := func(t *testing.T, d *Deliverer, store *listStore) {
		t.Helper()
		if store.records != 1 {
			t.Errorf("Store records = %d, want 1", store.records)
		}
		e, ok, _ := store.Get(ctx, "gone@example.com", suppress.Global, clk.Now())
		if !ok || e.Step != 0 || !e.Until.Equal(clk.Now().Add(24*time.Hour)) {
			t.Errorf("lease = %+v, %v, want the first step (24h), stepped once", e, ok)
		}
		if c, _ := d.Campaign("c"); c.Window.Bounced != 1 || c.Bounced != 1 {
			t.Errorf("campaign bounced: window %d, counter %d, want 1 and 1", c.Window.Bounced, c.Bounced)
		}
	}
	t.Run("twice", func(t *testing.T) {
		d, store, evs := setup(t)
		for i, want := range []int{1, 0} {
			res, err := d.HandleBounce(ctx, strings.NewReader(mail))
			if err != nil || len(res) != want {
				t.Fatalf("HandleBounce #%d = %+v, %v, want %d results", i+1, res, err, want)
			}
		}
		check(t, d, store)
		if len(*evs) != 1 {
			t.Errorf("%d events, want 1", len(*evs))
		}
	})
	t.Run("store fails once", func(t *testing.T) {
		d, store, evs := setup(t)
		store.fail = 1
		if _, err := d.HandleBounce(ctx, strings.NewReader(mail)); err == nil || !strings.Contains(err.Error(), "store down") {
			t.Fatalf("HandleBounce with the Store down: err = %v, want the Store's error", err)
		}
		if len(*evs) != 0 {
			t.Errorf("events after a failed recording: %v, want none", *evs)
		}
		if c, _ := d.Campaign("c"); c.Window.Bounced != 0 {
			t.Errorf("the guard counted a report that was not recorded")
		}
		for i, want := range []int{1, 0} {
			res, err := d.HandleBounce(ctx, strings.NewReader(mail))
			if err != nil || len(res) != want {
				t.Fatalf("HandleBounce #%d after the outage = %+v, %v, want %d results", i+1, res, err, want)
			}
		}
		check(t, d, store)
	})
	t.Run("keys", func(t *testing.T) {
		d, store, _ := setup(t)
		rep, err := dsn.Parse(strings.NewReader(mail))
		if err != nil {
			t.Fatal(err)
		}
		// A provider's event id: the same id from the same source is one
		// event; from another source, another.
		for _, in := range []Incoming{
			{Report: rep, Key: "ev-1", Source: "ses"},
			{Report: rep, Key: "ev-1", Source: "ses"},
			{Report: rep, Key: "ev-1", Source: "sendgrid"},
		} {
			d.Ingest(ctx, in)
		}
		if store.records != 2 {
			t.Errorf("Store records = %d, want 2 (ses ev-1 once, sendgrid ev-1 once)", store.records)
		}
	})
}

// TestReportKey: derived keys tell apart reports that differ in what
// identifies them, and agree on the same report whatever its return path's
// spelling.
func TestReportKey(t *testing.T) {
	base := func() *dsn.Report {
		return &dsn.Report{Kind: dsn.Bounce, ReportingMTA: "mx.example.com", Original: dsn.Original{MessageID: "<m@example.org>"},
			Recipients: []dsn.Recipient{{FinalRecipient: "a@example.com", Action: dsn.Failed, Diagnostic: "550 5.1.1 unknown"}}}
	}
	k0 := reportKey(Incoming{Report: base()}, "")
	if k := reportKey(Incoming{Report: base(), Source: "imap"}, ""); k != k0 {
		t.Errorf("the key depends on the Source of a derived key")
	}
	for name, change := range map[string]func(r *dsn.Report){
		"reporting mta": func(r *dsn.Report) { r.ReportingMTA = "mx2.example.com" },
		"message id":    func(r *dsn.Report) { r.Original.MessageID = "<n@example.org>" },
		"recipient":     func(r *dsn.Report) { r.Recipients[0].FinalRecipient = "b@example.com" },
		"diagnostic":    func(r *dsn.Report) { r.Recipients[0].Diagnostic = "550 5.2.1 disabled" },
		"arrival":       func(r *dsn.Report) { r.ArrivalDate = time.Unix(1, 0) },
	} {
		r := base()
		change(r)
		if reportKey(Incoming{Report: r}, "") == k0 {
			t.Errorf("changing the %s keeps the key", name)
		}
	}
	if reportKey(Incoming{Report: base()}, "a@example.com") == reportKey(Incoming{Report: base()}, "b@example.com") {
		t.Errorf("two VERP recipients give one key")
	}
}

// TestInvalidRecipients: an invalid address fails alone, is never sent,
// and its error quotes and cuts it (issue 14 item 9).
func TestInvalidRecipients(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("x", 100_000) + "@example.com"
	bad := []string{
		"bad\r\nRCPT TO:<evil@example.net>",
		"nul\x00@example.com",
		"no-at-sign",
		"",
		"sp ace@example.com",
		long,
	}
	for _, withStore := range []bool{false, true} {
		t.Run(fmt.Sprint("store=", withStore), func(t *testing.T) {
			s := &scripted{}
			d := &Deliverer{Sender: s}
			if withStore {
				d.Store = &suppress.Memory{}
			}
			var logged []Event
			d.OnEvent = func(e Event) { logged = append(logged, e) }
			to := append([]string{"ok@example.com"}, bad...)
			res, err := d.Deliver(ctx, &Message{ID: "inv", Campaign: "c", To: to})
			if err != nil {
				t.Fatalf("Deliver error = %v, want results", err)
			}
			if res[0].Kind != Delivered {
				t.Errorf("valid recipient: %v, want delivered", res[0].Kind)
			}
			if fmt.Sprint(s.rcpts) != "[ok@example.com]" {
				t.Errorf("Sender saw %q, want only the valid recipient", s.rcpts)
			}
			for i, r := range res[1:] {
				if r.Kind != Invalid || !errors.Is(r.Err, ErrInvalidAddress) || r.Attempt != 0 || !r.NextAttempt.IsZero() {
					t.Errorf("%q: %v, %v, want Invalid wrapping ErrInvalidAddress, not retried", bad[i], r.Kind, r.Err)
					continue
				}
				msg := r.Err.Error()
				if strings.ContainsAny(msg, "\r\n\x00") || len(msg) > 400 {
					t.Errorf("%q: error text %q (%d bytes), want quoted, one line, cut", bad[i], msg[:min(len(msg), 80)], len(msg))
				}
			}
			if st := d.Stats().Total; st.Invalid != len(bad) || st.Attempted != 1 {
				t.Errorf("Stats().Total = %+v, want %d invalid, 1 attempted", st, len(bad))
			}
			if c, _ := d.Campaign("c"); c.Window.Attempted != 1 {
				t.Errorf("guard window attempted = %d, want 1 (invalid ones are not attempts)", c.Window.Attempted)
			}
		})
	}
	// All invalid: nothing sent, no error, and the campaign's state (here
	// paused) is left as it was.
	s := &scripted{}
	d := &Deliverer{Sender: s, Guard: Guard{MinSample: 1}}
	send(t, d, "c", "unknown@example.com")
	s.calls = 0
	res, err := d.Deliver(ctx, &Message{ID: "all", Campaign: "c", To: bad[:2]})
	if err != nil || len(res) != 2 || res[0].Kind != Invalid || s.calls != 0 {
		t.Errorf("Deliver of invalid recipients only = %v, %v, %d sends, want 2 invalid and no send", kinds(res), err, s.calls)
	}
	if c := d.Stats().Campaigns["c"]; c.State != CampaignPaused {
		t.Errorf("Stats() of the paused campaign after invalid recipients: %v, want paused", c.State)
	}
}

// TestErrorTexts: no doubled prefix, and an asynchronous failure carries
// the receiver's diagnostic (issue 14 item 13).
func TestErrorTexts(t *testing.T) {
	ctx := context.Background()
	d := &Deliverer{Sender: &scripted{}}
	d.Deliver(ctx, &Message{ID: "e@example.org", To: []string{"gone@example.com"}})
	res, err := d.HandleBounce(ctx, strings.NewReader(dsnMail("bounces@example.org", "gone@example.com", "failed", "5.1.1", "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown", "e@example.org")))
	if err != nil || len(res) != 1 {
		t.Fatalf("HandleBounce = %v, %v", res, err)
	}
	msg := res[0].Err.Error()
	if strings.Count(msg, "deliver:") != 1 || !strings.Contains(msg, "User unknown") || !strings.Contains(msg, "mx.example.com") {
		t.Errorf("async error = %q, want one prefix, the reporter and the diagnostic", msg)
	}
	var de *Error
	if !errors.As(res[0].Err, &de) || de.Reply.Basic != 550 {
		t.Errorf("async error reply = %+v, want the parsed 550", de)
	}
	// A Sender error of this package.
	e := &Error{Rcpt: "a@example.com", Result: bounce.Result{Category: bounce.Soft}, Err: errors.New("deliver: dialing mx.example.com: refused")}
	if got := e.Error(); strings.Count(got, "deliver:") != 1 {
		t.Errorf("Error() = %q, want one prefix", got)
	}
	// A Sign failure becomes a recipient's error with one prefix.
	d = &Deliverer{Sender: &scripted{}, Sign: func(*Message, []byte) ([]byte, error) { return nil, errors.New("no key") }}
	res, _ = d.Deliver(ctx, &Message{ID: "s", To: []string{"ok@example.com"}})
	if got := res[0].Err.Error(); strings.Count(got, "deliver:") != 1 || !strings.Contains(got, "no key") {
		t.Errorf("sign failure = %q, want one prefix and the cause", got)
	}
}
