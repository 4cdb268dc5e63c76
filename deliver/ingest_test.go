package deliver

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/suppress"
)

func dsnMail(to, rcpt, action, status, diag, msgID string) string {
	return strings.ReplaceAll(`From: MAILER-DAEMON@mx.example.com
To: `+to+`
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; `+rcpt+`
Action: `+action+`
Status: `+status+`
Diagnostic-Code: smtp; `+diag+`

--B
Content-Type: text/rfc822-headers

From: news@example.org
To: `+rcpt+`
Message-ID: <`+msgID+`>
Subject: hello

--B--
`, "\n", "\r\n")
}

const arfMail = `From: fbl@isp.example.net
To: fbl@example.org
Subject: complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F"

--F
Content-Type: text/plain

This is an abuse report.

--F
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: isp-fbl/1.0
Version: 1
Original-Rcpt-To: <reader@example.net>

--F
Content-Type: text/rfc822-headers

From: news@example.org
To: reader@example.net
Message-ID: <c-1@example.org>
Subject: hello

--F--
`

const autoReply = `From: reader@example.net
To: bounces@example.org
Subject: Out of office
Auto-Submitted: auto-replied

I am away until Monday.
`

func TestHandleBounce(t *testing.T) {
	clk := newClock()
	store := &suppress.Memory{}
	var evs []Event
	d := &Deliverer{Sender: &scripted{}, Store: store, Now: clk.Now, OnEvent: func(e Event) { evs = append(evs, e) }}
	ctx := context.Background()
	scope := suppress.Scope{Tenant: "t1"}
	// Accepted synchronously, bounced later.
	res, err := d.Deliver(ctx, &Message{ID: "a-1@example.org", Campaign: "spring", Scope: scope, To: []string{"gone@example.com"}})
	if err != nil || res[0].Kind != Delivered {
		t.Fatalf("Deliver() = %v, %v, want delivered", res, err)
	}
	evs = nil
	res, err = d.HandleBounce(ctx, strings.NewReader(dsnMail("bounces@example.org", "gone@example.com", "failed", "5.1.1", "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown", "a-1@example.org")))
	if err != nil {
		t.Fatalf("HandleBounce() error = %v", err)
	}
	if len(res) != 1 || res[0].Kind != Bounced || res[0].Rcpt != "gone@example.com" {
		t.Fatalf("HandleBounce() = %+v, want one bounced gone@example.com", res)
	}
	if len(evs) != 1 || !evs[0].Async || evs[0].Campaign != "spring" || evs[0].MessageID != "a-1@example.org" {
		t.Errorf("events = %+v, want one async event of campaign spring", evs)
	}
	if e, ok, _ := store.Get(ctx, "gone@example.com", scope, clk.Now()); !ok || e.Kind != suppress.Bounce || !e.Until.Equal(clk.Now().Add(24*time.Hour)) {
		t.Errorf("store entry = %+v, %v, want a 24h bounce lease in the message's scope", e, ok)
	}
	st, _ := d.Campaign("spring")
	if st.Bounced != 1 || st.Window.Bounced != 1 || st.Delivered != 1 {
		t.Errorf("campaign counters = %+v, want 1 delivered and 1 bounced", st.Counters)
	}
	// The next send is dropped.
	res, _ = d.Deliver(ctx, &Message{ID: "a-2@example.org", Campaign: "spring", Scope: scope, To: []string{"gone@example.com"}})
	if res[0].Kind != Suppressed {
		t.Errorf("Deliver() after the bounce = %v, want suppressed", res[0].Kind)
	}
}

func TestHandleBounceKinds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mail  string
		kinds []Kind
	}{
		{"hard", dsnMail("b@example.org", "x@example.com", "failed", "5.1.1", "550 5.1.1 User unknown", "m@example.org"), []Kind{Bounced}},
		{"delay", dsnMail("b@example.org", "x@example.com", "delayed", "4.4.1", "421 4.4.1 Connection timed out", "m@example.org"), []Kind{Delayed}},
		{"complaint", arfMail, []Kind{Complained}},
		{"autoreply", autoReply, nil},
		{"not a bounce", "From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &suppress.Memory{}
			d := &Deliverer{Sender: &scripted{}, Store: store}
			// The messages the reports are about were sent.
			for _, m := range []*Message{
				{ID: "m@example.org", To: []string{"x@example.com"}},
				{ID: "c-1@example.org", To: []string{"reader@example.net"}},
			} {
				if _, err := d.Deliver(context.Background(), m); err != nil {
					t.Fatal(err)
				}
			}
			before := d.Stats().Total
			res, err := d.HandleBounce(context.Background(), strings.NewReader(strings.ReplaceAll(strings.ReplaceAll(tc.mail, "\r\n", "\n"), "\n", "\r\n")))
			if err != nil {
				t.Fatal(err)
			}
			if got := kinds(res); fmt.Sprint(got) != fmt.Sprint(tc.kinds) {
				t.Errorf("HandleBounce(%s) kinds = %v, want %v", tc.name, got, tc.kinds)
			}
			if tc.name == "complaint" {
				e, ok, _ := store.Get(context.Background(), "reader@example.net", suppress.Global, time.Now())
				if !ok || !e.Permanent() || e.Kind != suppress.Complaint {
					t.Errorf("complaint entry = %+v, %v, want a permanent complaint", e, ok)
				}
			}
			if tc.name == "delay" && d.Stats().Total != before {
				t.Errorf("a delay notice changed counters: %+v, was %+v", d.Stats().Total, before)
			}
		})
	}
}

func TestHandleBounceVERP(t *testing.T) {
	d := &Deliverer{Sender: &scripted{}}
	if _, err := d.Deliver(context.Background(), &Message{ID: "v@example.org", To: []string{"orig@example.com"}}); err != nil {
		t.Fatal(err)
	}
	// The report names the forwarding target; the VERP return path names
	// the address the message was sent to.
	mail := dsnMail("bounces+orig=example.com@example.org", "alias@forward.example.net", "failed", "5.1.1", "550 5.1.1 User unknown", "v@example.org")
	res, err := d.HandleBounce(context.Background(), strings.NewReader(mail))
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Rcpt != "orig@example.com" || res[0].Kind != Bounced {
		t.Errorf("HandleBounce() = %+v, want the VERP recipient orig@example.com bounced", res)
	}
}

func TestLeaseGrowsOverSends(t *testing.T) {
	clk := newClock()
	store := &suppress.Memory{}
	d := &Deliverer{Sender: &scripted{}, Store: store, Now: clk.Now}
	ctx := context.Background()
	res, _ := d.Deliver(ctx, &Message{ID: "l0", To: []string{"unknown@example.com"}})
	if res[0].Kind != Bounced || res[0].Entry.Until.Sub(clk.Now()) != 24*time.Hour {
		t.Fatalf("first send = %v, lease %v, want bounced with a 24h lease", res[0].Kind, res[0].Entry.Until.Sub(clk.Now()))
	}
	want := []time.Duration{48 * time.Hour, 96 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 14 * 24 * time.Hour}
	for i, w := range want {
		clk.Advance(time.Hour)
		res, _ = d.Deliver(ctx, &Message{ID: fmt.Sprint("l", i+1), Campaign: "c", To: []string{"unknown@example.com"}})
		if res[0].Kind != Suppressed || res[0].Err != ErrSuppressed {
			t.Fatalf("send %d = %v, want suppressed", i+2, res[0].Kind)
		}
		if got := res[0].Entry.Until.Sub(clk.Now()); got != w {
			t.Errorf("send %d: lease = %v, want %v", i+2, got, w)
		}
	}
	// Suppressed drops are not attempts: the guard never sees them.
	st, _ := d.Campaign("c")
	if st.Suppressed != len(want) || st.Attempted != 0 || st.Window.Attempted != 0 {
		t.Errorf("campaign = %+v, want %d suppressed and no attempt", st.Counters, len(want))
	}
}

func TestUnsubscribe(t *testing.T) {
	store := &suppress.Memory{}
	var got []Kind
	d := &Deliverer{Sender: &scripted{}, Store: store, OnEvent: func(e Event) { got = append(got, e.Kind) }}
	list := suppress.Scope{Tenant: "t", List: "news"}
	if err := d.Unsubscribe(context.Background(), "ok@example.com", "spring", list); err != nil {
		t.Fatal(err)
	}
	res, _ := d.Deliver(context.Background(), &Message{ID: "u1", Scope: list, To: []string{"ok@example.com"}})
	res2, _ := d.Deliver(context.Background(), &Message{ID: "u2", Scope: suppress.Scope{Tenant: "t"}, To: []string{"ok@example.com"}})
	if res[0].Kind != Suppressed || res2[0].Kind != Delivered {
		t.Errorf("after unsubscribe: list %v, tenant %v, want suppressed, delivered", res[0].Kind, res2[0].Kind)
	}
	if fmt.Sprint(got) != fmt.Sprint([]Kind{Unsubscribed, Suppressed, Delivered}) {
		t.Errorf("events = %v", got)
	}
	if res[0].Entry.Kind != suppress.Unsubscribe {
		t.Errorf("entry = %+v, want an unsubscribe entry", res[0].Entry)
	}
	_ = bounce.Hard
}
