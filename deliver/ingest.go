package deliver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-message/textproto"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/suppress"
)

// maxTopHeader bounds the header of a bounce mail read by HandleBounce
// before the mail is handed to the dsn parser.
const maxTopHeader = 256 << 10

// HandleBounce reads a mail that arrived at the return path (a bounce, a
// complaint, an auto-reply), parses it with Parser (nil means a zero
// [dsn.Parser]) and handles the report with [Deliverer.HandleReport]. The
// return path is taken from the mail's own header (Delivered-To,
// X-Original-To, Envelope-To, To), for VERP correlation.
//
// Errors are those of the parser (wrapping [dsn.ErrTooLarge] for a mail over
// its limits) and of HandleReport.
func (d *Deliverer) HandleBounce(ctx context.Context, r io.Reader) ([]Result, error) {
	br := bufio.NewReader(r)
	var hdr bytes.Buffer
	for hdr.Len() < maxTopHeader {
		line, err := br.ReadSlice('\n')
		hdr.Write(line)
		if err != nil && err != bufio.ErrBufferFull {
			break
		}
		if err == nil && (len(line) == 1 || (len(line) == 2 && line[0] == '\r')) {
			break
		}
	}
	var returnPath string
	if h, err := textproto.ReadHeader(bufio.NewReader(io.MultiReader(bytes.NewReader(hdr.Bytes()), strings.NewReader("\r\n")))); err == nil {
		for _, k := range []string{"Delivered-To", "X-Original-To", "Envelope-To", "To"} {
			if v := h.Get(k); v != "" {
				returnPath = v
				break
			}
		}
	}
	p := d.Parser
	if p == nil {
		p = &dsn.Parser{}
	}
	rep, err := p.Parse(io.MultiReader(bytes.NewReader(hdr.Bytes()), br))
	if err != nil {
		return nil, err
	}
	return d.HandleReport(ctx, rep, returnPath)
}

// HandleReport handles a parsed report, with the same decisions as a
// synchronous reply: it correlates the report with the sent message (the
// returned message's Message-ID, or the value of Parser.IDHeader when
// set, looked up among the last Track sent messages for the campaign and
// suppression scope), and for each recipient records the outcome in the
// Store, counts it for the guard and emits its event, with Event.Async set.
//
//   - Bounce: a hard failure is Bounced (suppressed), a spam refusal
//     Blocked, and a soft failure Expired (the remote MTA gave up
//     retrying; it counts as one soft bounce in the Store).
//   - Complaint: Complained, a permanent suppression.
//   - Delay: one Delayed event per recipient; nothing is recorded.
//   - AutoReply, Delivery and ordinary mail: ignored (no results).
//
// returnPath is the address the report was sent to, "" if unknown. A VERP
// return path ([dsn.DecodeVERP]) names the recipient of a report about one
// recipient, in preference to the report's own Final-Recipient, which may be
// a forwarding target, and of a complaint that names none. HandleReport returns an error only when the Store fails.
func (d *Deliverer) HandleReport(ctx context.Context, rep *dsn.Report, returnPath string) ([]Result, error) {
	return d.Ingest(ctx, Incoming{Report: rep, ReturnPath: returnPath})
}

// Incoming is one asynchronous report handed to [Deliverer.Ingest]: a
// parsed bounce mail, or a report built from an email service provider's
// event.
type Incoming struct {
	// Report is the report; required.
	Report *dsn.Report
	// ReturnPath is the address the report was sent to (the SMTP RCPT TO
	// of a bounce, a VERP address), "" when unknown.
	ReturnPath string
	// Key identifies the report for idempotency (a provider's event id);
	// "" derives one from the report.
	Key string
	// Source names the way the report came in ("smtp", "imap", "ses",
	// "sendgrid", "mailgun", "postmark"), for events and errors; "" for a
	// direct call.
	Source string
}

// Ingest is the one entry point of asynchronous outcomes: HandleBounce,
// HandleReport and the intakes (return-path SMTP receiver, mailbox reader,
// provider webhooks) all hand their reports to it, so that each is
// decided, recorded, counted and reported the same way. It returns an
// error only when the outcome could not be recorded; the caller should
// then have the report delivered again later (answer 451, leave the mail
// in the mailbox, answer 5xx to the webhook).
func (d *Deliverer) Ingest(ctx context.Context, in Incoming) ([]Result, error) {
	rep, returnPath := in.Report, in.ReturnPath
	if rep == nil {
		return nil, errors.New("deliver: nil report")
	}
	now := d.now()
	msgID := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rep.Original.MessageID), "<"), ">")
	if d.Parser != nil && d.Parser.IDHeader != "" && rep.Original.ID != "" {
		msgID = strings.TrimSpace(rep.Original.ID)
	}
	verp := ""
	if returnPath != "" {
		verp, _ = dsn.DecodeVERP(returnPath)
	}

	type item struct {
		rcpt string
		res  bounce.Result
	}
	var items []item
	var kind Kind
	switch rep.Kind {
	case dsn.Bounce:
		for _, rc := range rep.Recipients {
			if rc.Action != "" && rc.Action != dsn.Failed {
				continue
			}
			items = append(items, item{rcptOf(rc, verp), rc.Result})
		}
		if len(items) == 1 && verp != "" {
			// The VERP return path names the address the message was sent
			// to; the report may name another (a forwarding target).
			items[0].rcpt = verp
		}
	case dsn.Delay:
		kind = Delayed
		for _, rc := range rep.Recipients {
			items = append(items, item{rcptOf(rc, verp), rc.Result})
		}
	case dsn.Complaint:
		kind = Complained
		for _, rc := range rep.Recipients {
			items = append(items, item{rcptOf(rc, verp), rc.Result})
		}
		if len(items) == 0 && rep.Feedback != nil {
			for _, to := range rep.Feedback.OriginalRcptTo {
				items = append(items, item{rcpt: to})
			}
		}
		if len(items) == 0 && verp != "" {
			items = append(items, item{rcpt: verp})
		}
	default:
		return nil, nil
	}

	d.mu.Lock()
	d.lazyInit()
	st := d.st
	d.mu.Unlock()
	var sm SentMessage
	if msgID != "" {
		var err error
		if sm, _, err = st.Sent(ctx, msgID); err != nil {
			return nil, fmt.Errorf("deliver: report about message %s: reading the sent message: %w", quoted(msgID), err)
		}
	}
	msg := &Message{ID: msgID, Campaign: sm.Campaign, Scope: sm.Scope}

	res := make([]Result, 0, len(items))
	for _, it := range items {
		if it.rcpt == "" {
			continue
		}
		r := Result{Rcpt: it.rcpt, Kind: kind, Bounce: it.res}
		if kind == "" {
			switch it.res.Category {
			case bounce.Hard:
				r.Kind = Bounced
			case bounce.Spam:
				r.Kind = Blocked
			default:
				r.Kind = Expired
				if r.Bounce.Category == "" {
					r.Bounce.Category = bounce.Soft
				}
			}
		}
		if r.Kind == Complained && r.Bounce.Reason == "" {
			r.Bounce.Reason = bounce.ReasonFeedback
		}
		if r.Kind != Delayed {
			r.Err = &Error{Rcpt: r.Rcpt, Result: r.Bounce, Err: fmt.Errorf("reported by %s", reporter(rep))}
		}
		res = append(res, r)
	}

	var errs []error
	for i := range res {
		e, err := d.record(ctx, res[i].Rcpt, msg.Scope, res[i].Kind, res[i].Bounce, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("deliver: recording %s: %w", quoted(res[i].Rcpt), err))
		}
		res[i].Entry = e
	}

	req := SettleRequest{Campaign: msg.Campaign, Guard: d.Guard, Throttle: d.Throttle, Now: now}
	for _, r := range res {
		switch r.Kind {
		case Bounced:
			req.Bounced++
		case Complained:
			req.Complained++
		}
	}
	var evs []Event
	if msg.Campaign != "" && req.Bounced+req.Complained > 0 {
		sr, err := d.settle(ctx, st, &req, nil, nil, nil, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("deliver: report about message %s: %w", quoted(msgID), err))
		} else {
			d.mu.Lock()
			d.see(msg.Campaign, sr.Campaign)
			d.mu.Unlock()
			evs = changed(msg.Campaign, sr, now)
		}
	}
	d.mu.Lock()
	for _, r := range res {
		if r.Kind != Delayed {
			d.count(msg.Campaign, r.Rcpt, r.Kind, false)
		}
	}
	d.mu.Unlock()

	d.emitResults(msg, res, now, true)
	d.emit(evs)
	return res, errors.Join(errs...)
}

// rcptOf returns the address a recipient block is about.
func rcptOf(rc dsn.Recipient, verp string) string {
	for _, a := range []string{rc.FinalRecipient, rc.OriginalRecipient, verp} {
		if a = strings.TrimSpace(a); a != "" {
			return strings.TrimSuffix(strings.TrimPrefix(a, "<"), ">")
		}
	}
	return ""
}

func reporter(rep *dsn.Report) string {
	if rep.ReportingMTA != "" {
		return rep.ReportingMTA
	}
	return "a bounce mail"
}

// Unsubscribe records that rcpt unsubscribed from the mail of scope (a
// permanent suppression in the Store), counts it for campaign and emits an
// Unsubscribed event. It is the hook of a List-Unsubscribe handler (RFC
// 8058). It returns the Store's error.
func (d *Deliverer) Unsubscribe(ctx context.Context, rcpt, campaign string, scope suppress.Scope) error {
	now := d.now()
	if _, err := d.record(ctx, rcpt, scope, Unsubscribed, bounce.Result{}, now); err != nil {
		return fmt.Errorf("deliver: unsubscribing <%s>: %w", rcpt, err)
	}
	d.mu.Lock()
	d.lazyInit()
	d.count(campaign, rcpt, Unsubscribed, false)
	d.mu.Unlock()
	d.emit([]Event{{Kind: Unsubscribed, Time: now, Campaign: campaign, Rcpt: rcpt, Domain: domainOf(rcpt)}})
	return nil
}
