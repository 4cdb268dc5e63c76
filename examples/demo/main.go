// Command demo shows bouncekit end to end in a few seconds, with nothing
// installed: it starts a go-smtp server on a loopback port that answers like
// real receivers, sends a small campaign through a [deliver.Deliverer] with
// the in-memory suppression store and a fast (fake) clock, and shows the
// retries (a rate limit slows its domain down, greylisting does not), the
// suppression lease growing over repeated sends, bounce mails sent after the
// fact over SMTP to the return-path receiver of package deliver/returnpath
// (on another loopback port), the bounce-rate guard pausing then cancelling
// a bad campaign, and a summary table. Run it with
//
//	go run ./examples/demo
//
// Pass replies as arguments to see how they are classified instead:
//
//	go run ./examples/demo "550 5.1.1 User unknown" "421 4.7.0 Try again later"
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/returnpath"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/internal/fakeclock"
	"github.com/bouncekit/bouncekit/suppress"
)

func main() {
	if len(os.Args) > 1 {
		classifyTable(os.Stdout, os.Args[1:])
		return
	}
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// demo holds the pieces of the run. Events come from the goroutine of the
// caller and, for mail at the return path, from the receiver's: mu guards
// what print touches.
type demo struct {
	w     io.Writer
	clk   *fakeclock.Clock
	d     *deliver.Deliverer
	queue *deliver.MemoryQueue
	// verp signs the return paths, so that a bounce is tied by its
	// return path only when we made it (a forger cannot).
	verp *dsn.VERPSigner

	mu    sync.Mutex
	quiet bool                 // print campaign events only
	tally map[deliver.Kind]int // recipient outcomes while quiet
}

// lockedWriter serialises the writes of the two goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// The return path: the envelope sender of every message is a signed VERP
// address on this domain (bounces+TAG-rcpt=domain@out.example.org, see
// dsn.VERPSigner), whose MX is the receiver of package deliver/returnpath.
const (
	returnDomain = "out.example.org"
	bounceAddr   = "bounces@" + returnDomain
)

// run plays the demo, writing to w.
func run(out io.Writer) error {
	w := &lockedWriter{w: out}
	rcv, err := startReceiver()
	if err != nil {
		return err
	}
	defer rcv.Close()

	fmt.Fprintln(w, "bouncekit demo: an SMTP receiver on", rcv.addr, "answers like real mail servers.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "How replies are read (package bounce):")
	classifyTable(w, sampleReplies)

	snd := &deliver.SMTPSender{Addr: rcv.addr, LocalName: "out.example.org", TLS: deliver.TLSNever}
	defer snd.Close()
	x := &demo{
		w:     w,
		clk:   fakeclock.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)),
		queue: &deliver.MemoryQueue{},
		tally: map[deliver.Kind]int{},
		// A real sender reads its key from its secrets, the same on
		// every node.
		verp: &dsn.VERPSigner{Key: []byte("demo key: 32 bytes, not secret!!")},
	}
	x.d = &deliver.Deliverer{
		Sender:  snd,
		Store:   &suppress.Memory{},
		Queue:   x.queue,
		Now:     x.clk.Now,
		Seed:    2026,
		OnEvent: x.print,
		VERP:    x.verp,
	}
	ctx := context.Background()

	// 1. A campaign, then its retries on the fast clock.
	x.section("1. Campaign \"spring\": one message per recipient, sent at " + x.clk.Now().Format("Mon Jan 2 15:04"))
	spring := []string{
		"alice@example.com", "bob@example.com", "carol@example.net", "dave@busy.example",
		"dan@busy.example", "henry@grey.example", "ivy@grey.example", "erin@strict.example",
		"frank@example.org", "grace@example.com",
	}
	for _, rcpt := range spring {
		if _, err := x.d.Deliver(ctx, x.message("spring", rcpt)); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\n   The queue holds", x.queue.Len(), "recipients; the clock jumps to each due time:")
	if err := x.drain(ctx); err != nil {
		return err
	}

	// 2. The suppression lease of a bad address grows with each send.
	x.section("2. Campaign \"daily\": a newsletter every 12 hours. bob@example.com bounced in \"spring\" (a 24h lease):\n" +
		"   each newsletter to it is dropped before sending and extends the lease")
	for i := 1; i <= 4; i++ {
		x.clk.Advance(12 * time.Hour)
		m := x.message("daily", "bob@example.com")
		m.ID = fmt.Sprintf("daily-%d.%s", i, m.ID)
		if _, err := x.d.Deliver(ctx, m); err != nil {
			return err
		}
	}

	// 3. Bounce mails that arrive after the receiver accepted the message,
	// over SMTP to the return-path receiver.
	rp, err := x.startReturnPath(ctx)
	if err != nil {
		return err
	}
	defer rp.stop()
	x.section("3. Mail arrives at the return path, over SMTP: the receiver of package deliver/returnpath on " + rp.addr + "\n" +
		"   (the MX of " + returnDomain + ") records what each mail says before it answers 250 (451 if the store failed)")
	frankPath := x.returnPath("frank@example.org") // the tag of our sends
	x.clk.Advance(time.Hour)
	// A forger who knows that carol was mailed writes a bounce for her to
	// her plain VERP address, without the original message.
	forged := strings.ReplaceAll(dsnMail[:strings.Index(dsnMail, "--dsn\nContent-Type: text/rfc822-headers")], "frank@example.org", "carol@example.net") + "--dsn--\n"
	for _, m := range []struct{ what, to, mail string }{
		{"a delivery status notification for frank@example.org", frankPath, dsnMail},
		{"a complaint (ARF) about grace@example.com", "fbl@" + returnDomain, arfMail},
		{"an out-of-office reply from alice@example.com", x.returnPath("alice@example.com"), autoReply},
		{"a forged bounce for carol@example.net, to her VERP address without our tag", dsn.EncodeVERP(bounceAddr, "carol@example.net"), forged},
		{"a message for someone@example.net, not a return path", "someone@example.net", autoReply},
	} {
		fmt.Fprintf(w, "   %s, RCPT TO:<%s>\n", m.what, m.to)
		err := rp.send(m.to, strings.ReplaceAll(m.mail, "\n", "\r\n"))
		fmt.Fprintf(w, "     receiver's reply: %s\n", replyText(err))
	}
	fmt.Fprintln(w, "   The next \"daily\" newsletter is not sent to them:")
	for _, rcpt := range []string{"frank@example.org", "grace@example.com"} {
		if _, err := x.d.Deliver(ctx, x.message("daily", rcpt)); err != nil {
			return err
		}
	}

	// 4. The bounce-rate guard.
	x.section("4. Campaign \"old-list\": 300 recipients, one in 12 unknown (8.3 % hard bounces)")
	x.setQuiet(true)
	for i := 1; i <= 300; i++ {
		rcpt := fmt.Sprintf("reader%d@example.com", i)
		if i%12 == 0 {
			rcpt = fmt.Sprintf("gone%d@example.com", i)
		}
		if _, err := x.d.Deliver(ctx, x.message("old-list", rcpt)); err != nil {
			return err
		}
	}
	x.printTally("of the first sends")
	if st, ok := x.d.Campaign("old-list"); ok && st.State == deliver.CampaignPaused {
		x.clk.Set(st.PausedUntil)
		fmt.Fprintf(w, "   %s: the pause is over; the %d held recipients go out:\n", stamp(x.clk.Now()), x.queue.Len())
		if err := x.drain(ctx); err != nil {
			return err
		}
		x.printTally("of the held recipients")
	}
	x.setQuiet(false)

	// 5. Counters.
	x.section("5. Summary: the Deliverer's counters (Deliverer.Stats)")
	summary(w, x.d.Stats())
	return nil
}

func (x *demo) setQuiet(q bool) {
	x.mu.Lock()
	x.quiet = q
	x.mu.Unlock()
}

// returnPath is the receiver of the return-path domain, on a loopback
// port, and the remote MTAs that send it mail.
type returnPath struct {
	addr string
	stop func()
}

// startReturnPath serves a returnpath.Server for returnDomain in front of
// the demo's Deliverer. Mail that is not a report goes to its Unhandled
// hook, which says so.
func (x *demo) startReturnPath(ctx context.Context) (*returnPath, error) {
	srv := &returnpath.Server{
		Hostname: "mx." + returnDomain,
		Backend: returnpath.Backend{
			Deliverer: x.d,
			Domains:   []string{returnDomain},
			Unhandled: func(_ context.Context, m *returnpath.Mail) error {
				what := "mail that cannot be parsed"
				switch {
				case m.Report == nil:
				case m.Report.Kind == dsn.AutoReply:
					what = "an auto-reply, not a bounce"
				case m.Report.Kind == dsn.NotReport:
					what = "not a report"
				default:
					what = "a report that names no recipient"
				}
				fmt.Fprintf(x.w, "     %s: accepted and handed to the Unhandled hook, which printed this line\n", what)
				return nil
			},
		},
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ctx, l)
	}()
	return &returnPath{addr: l.Addr().String(), stop: func() { cancel(); <-done }}, nil
}

// send sends mail to rcpt with the null reverse path, as a remote MTA
// sends a bounce, and returns the receiver's refusal, if any.
func (rp *returnPath) send(rcpt, mail string) error {
	c, err := smtp.Dial(rp.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.SendMail("", []string{rcpt}, strings.NewReader(mail))
}

// replyText shows the outcome of a send as the reply line.
func replyText(err error) string {
	var se *smtp.SMTPError
	switch {
	case err == nil:
		return "250 2.0.0 OK"
	case errors.As(err, &se):
		return fmt.Sprintf("%d %d.%d.%d %s", se.Code, se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2], se.Message)
	}
	return err.Error()
}

// drain jumps the clock to each due time of the queue and delivers what is
// due, until the queue is empty.
func (x *demo) drain(ctx context.Context) error {
	for i := 0; i < 1000 && x.queue.Len() > 0; i++ {
		due, _ := x.queue.NextDue()
		if due.After(x.clk.Now()) {
			x.clk.Set(due)
		}
		if _, err := x.d.DeliverDue(ctx); err != nil {
			return err
		}
	}
	return nil
}

// message builds a one-recipient message of a campaign, with a signed
// VERP return path.
func (x *demo) message(campaign, rcpt string) *deliver.Message {
	id := campaign + "." + strings.ReplaceAll(rcpt, "@", "=") + "@" + returnDomain
	return &deliver.Message{
		ID:       id,
		From:     x.returnPath(rcpt),
		To:       []string{rcpt},
		Campaign: campaign,
		Data: []byte("From: News <news@example.org>\r\nTo: " + rcpt + "\r\nMessage-ID: <" + id + ">\r\n" +
			"Subject: " + campaign + "\r\n\r\nHello!\r\n"),
	}
}

// print is the OnEvent handler: one line per event.
func (x *demo) print(e deliver.Event) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.quiet && e.Rcpt != "" {
		x.tally[e.Kind]++
		return
	}
	var detail string
	switch e.Kind {
	case deliver.Delivered:
		detail = fmt.Sprintf("attempt %d", e.Attempt)
	case deliver.Deferred:
		if errors.Is(e.Err, deliver.ErrThrottled) {
			detail = "not sent: the domain asked to slow down"
		} else {
			detail = reason(e.Result) + ", attempt " + fmt.Sprint(e.Attempt)
		}
		detail += "; next try " + stamp(e.NextAttempt)
	case deliver.Bounced:
		detail = reason(e.Result) + "; suppressed until " + stamp(e.Entry.Until)
	case deliver.Blocked:
		detail = reason(e.Result) + "; not the recipient's fault: not suppressed, not retried"
	case deliver.Suppressed:
		if e.Entry.Permanent() {
			detail = fmt.Sprintf("not sent: %s (permanent)", e.Entry.Kind)
		} else {
			detail = fmt.Sprintf("not sent: the lease grows to %s, until %s", days(e.Entry.Until.Sub(e.Time)), stamp(e.Entry.Until))
		}
	case deliver.Complained:
		detail = "suppressed for good"
	case deliver.Expired, deliver.Failed:
		detail = reason(e.Result)
	case deliver.Paused:
		detail = "bounce rate over 5 %: paused until " + stamp(e.NextAttempt)
	case deliver.Resumed:
		detail = "the pause is over"
	case deliver.Cancelled:
		detail = "bounce rate over 5 % again after the pause: cancelled for good"
	}
	who := e.Rcpt
	if who == "" {
		who = "campaign " + e.Campaign
	}
	if e.Async {
		detail += " (reported by mail)"
	}
	fmt.Fprintf(x.w, "   %s  %-10s %-22s %s\n", stamp(e.Time), e.Kind, who, detail)
}

// printTally prints the recipient outcomes counted since the last tally,
// under the label what, and starts a new count.
func (x *demo) printTally(what string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	var parts []string
	for _, k := range []deliver.Kind{deliver.Delivered, deliver.Bounced, deliver.Held, deliver.Cancelled} {
		if n := x.tally[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	st, _ := x.d.Campaign("old-list")
	fmt.Fprintf(x.w, "   -> %s: %s; campaign %s\n", what, strings.Join(parts, ", "), st.State)
	clear(x.tally)
}

func reason(r bounce.Result) string {
	s := r.Status.String()
	if r.ReplyCode != 0 {
		s = fmt.Sprint(r.ReplyCode, " ", s)
	}
	s = strings.TrimSpace(s + " " + string(r.Reason))
	if r.Greylisted {
		s += " (greylisted)"
	}
	return s
}

func stamp(t time.Time) string { return t.Format("Jan _2 15:04") }

// days formats a lease: 48h, 96h, 7d.
func days(d time.Duration) string {
	d = d.Round(time.Hour)
	if d >= 7*24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return fmt.Sprintf("%dh", d/time.Hour)
}

func (x *demo) section(title string) {
	fmt.Fprintln(x.w)
	fmt.Fprintln(x.w, title)
}

// summary prints the counters per campaign and per domain, with what each
// column counts.
func summary(out io.Writer, st deliver.Stats) {
	for _, l := range []string{
		"   attempted   recipients tried at least once: each counts once, however many retries",
		"   sent        SMTP sends to them, retries included (a send held back by throttling is not one)",
		"   the others  what became of each send or report: delivered; deferred (a retry scheduled);",
		"               bounced (hard); blocked (spam or policy refusal); suppressed (dropped before",
		"               sending); complained; held (kept through a pause); cancelled (never sent)",
		"   A recipient delivered then reported by mail counts in both (frank bounced, grace complained).",
	} {
		fmt.Fprintln(out, l)
	}
	cols := "\tattempted\tsent\tdelivered\tdeferred\tbounced\tblocked\tsuppressed\tcomplained\theld\tcancelled\t"
	row := func(w io.Writer, name string, c deliver.Counters, state string) {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t", name, c.Attempted, c.Sent, c.Delivered,
			c.Deferred, c.Bounced, c.Blocked, c.Suppressed, c.Complained, c.Held, c.Cancelled)
		if state != "" {
			fmt.Fprintf(w, "%s\t", state)
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintln(out, "\n   Per campaign, the three of the story:")
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "campaign"+cols+"state\t")
	for _, name := range sortedKeys(st.Campaigns) {
		c := st.Campaigns[name]
		row(w, name, c.Counters, string(c.State))
	}
	w.Flush()
	if c, ok := st.Campaigns["spring"]; ok {
		fmt.Fprintf(out, "   (so spring reads: %d recipients were attempted, with %d SMTP sends in all)\n", c.Attempted, c.Sent)
	}

	fmt.Fprintln(out, "\n   Per recipient domain, every campaign:")
	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "domain"+cols)
	for _, name := range sortedKeys(st.Domains) {
		row(w, name, st.Domains[name], "")
	}
	row(w, "total", st.Total, "")
	w.Flush()
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// sampleReplies are written after providers' public postmaster
// documentation and MTA standard texts, with RFC 2606 names and RFC 5737
// addresses.
var sampleReplies = []string{
	"550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
	"452 4.2.2 The recipient's inbox is out of storage space.",
	"450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.example.org/",
	"421 4.7.0 mx.example.com Error: too many connections from 192.0.2.1",
	"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
	"550 5.7.26 Unauthenticated email from example.net is not accepted due to domain's DMARC policy.",
	"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
}

// classifyTable prints how each reply is classified, with a note on the
// spam refusals that are retried.
func classifyTable(out io.Writer, replies []string) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "   CATEGORY\tREASON\tRETRY\tSUPPRESS\tREPLY")
	deferral := false
	for _, s := range replies {
		r := bounce.Classify(s)
		cat := r.Category.String()
		if cat == "" {
			cat = "-"
		}
		why := string(r.Reason)
		if r.Greylisted {
			why += " (greylisted)"
		}
		retry := fmt.Sprint(r.Retry)
		if r.Category == bounce.Spam && r.Retry {
			retry += "*"
			deferral = true
		}
		fmt.Fprintf(w, "   %s\t%s\t%s\t%v\t%s\n", cat, why, retry, r.Suppress, short(s))
	}
	w.Flush()
	if deferral {
		fmt.Fprintln(out, "   * a spam or policy refusal with a 4xx code is a deferral: the receiver objects to the sender")
		fmt.Fprintln(out, "     (reputation, volume, complaints) for now and asks to come back later, so it is retried;")
		fmt.Fprintln(out, "     the recipient is not at fault and is never suppressed. A 5xx spam refusal is not retried.")
	}
}

// short gives the first line of a reply, cut to 72 bytes.
func short(s string) string {
	s, _, _ = strings.Cut(s, "\r\n")
	if len(s) > 72 {
		s = s[:69] + "..."
	}
	return s
}

// The mails that arrive at the return path, written for the demo.
const dsnMail = `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: bounces@out.example.org
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

--dsn
Content-Type: text/plain

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<frank@example.org>: mailbox has been removed

--dsn
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; frank@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <frank@example.org>: mailbox has been removed

--dsn
Content-Type: text/rfc822-headers

From: News <news@example.org>
To: frank@example.org
Message-ID: <spring.frank=example.org@out.example.org>
Subject: spring

--dsn--
`

const arfMail = `From: feedback@isp.example.net
To: fbl@out.example.org
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="arf"

--arf
Content-Type: text/plain

This is an email abuse report for a message received from 192.0.2.1.

--arf
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: example-fbl/1.0
Version: 1
Original-Rcpt-To: <grace@example.com>

--arf
Content-Type: text/rfc822-headers

From: News <news@example.org>
To: grace@example.com
Message-ID: <spring.grace=example.com@out.example.org>
Subject: spring

--arf--
`

const autoReply = `From: alice@example.com
To: bounces@out.example.org
Subject: Out of office: spring
Auto-Submitted: auto-replied

I am out of the office until Monday.
`

// returnPath returns the signed VERP return path of mail sent now to rcpt.
func (x *demo) returnPath(rcpt string) string {
	p, err := x.verp.Encode(bounceAddr, rcpt, x.clk.Now())
	if err != nil {
		panic(err) // the key and the addresses are the demo's own
	}
	return p
}
