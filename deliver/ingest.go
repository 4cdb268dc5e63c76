package deliver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/dsn"
	"github.com/bouncekit/bouncekit/internal/addr"
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

// HandleReport handles a parsed report with [Deliverer.Ingest], with the
// same decisions as a synchronous reply. returnPath is the address the
// report was sent to, "" if unknown. HandleReport returns an error only
// when the outcome could not be recorded (the Store or the State failed).
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
	// Key identifies the report for idempotency: a provider's event id,
	// unique within Source. "" derives one from the report's own identity,
	// the same whichever way it came in: its kind, Reporting-MTA and
	// Arrival-Date, the returned message's Message-ID, ID header and Date,
	// each recipient's addresses, action, status, diagnostic and last
	// attempt, the feedback fields of a complaint (type, arrival date,
	// source IP, original envelope), and the recipient a VERP return path
	// names. A bounce mail delivered twice (an SMTP retry, a mailbox read
	// again) thus has one key; two reports that differ in any of these
	// have two.
	Key string
	// Source names the way the report came in ("smtp", "imap", "ses",
	// "sendgrid", "mailgun", "postmark"), for events (Event.Source) and
	// errors, and as the namespace of Key; "" for a direct call.
	Source string
	// Authenticated says that the report's origin was verified: a provider
	// event whose signature (SES through SNS, SendGrid, Mailgun) or
	// credentials (Postmark) were checked. The provider reports only on
	// mail this account sent through it, so such a report is recorded
	// even when it matches no message this Deliverer tracked (a message
	// sent through the provider by another program), as with
	// [Deliverer.TrustReports] for this report alone; it is still
	// correlated when it can be, and the limits hold. A bounce mail is
	// never authenticated: anyone can send one to the return path.
	Authenticated bool
}

// maxReportRcpts is the most recipients one report changes, and the most
// it reports as Unmatched.
const maxReportRcpts = 100

// Ingest is the one entry point of asynchronous outcomes: HandleBounce,
// HandleReport and the intakes (return-path SMTP receiver, mailbox reader,
// provider webhooks) all hand their reports to it, so that each is
// decided, recorded, counted and reported the same way, with Event.Async
// set:
//
//   - Bounce: a hard failure is Bounced (suppressed), a spam refusal
//     Blocked, and a soft failure Expired (the remote MTA gave up
//     retrying; it counts as one soft bounce in the Store).
//   - Complaint: Complained, a permanent suppression.
//   - Delay: one Delayed event per recipient; nothing is recorded.
//   - AutoReply, Delivery and ordinary mail: ignored (no results).
//
// # Correlation
//
// Anyone can send a mail to the return path, so a report changes only
// what it can be tied to. Ingest looks up the sent message in the State:
// by the returned message's Message-ID (or the value of the Parser's
// IDHeader when set), else by the recipient a VERP return path names
// ([dsn.DecodeVERP], or [dsn.VERPSigner.Decode] with Deliverer.VERP set:
// then only a return path signed for its recipient counts) and
// [State.SentTo]. A recipient of the report is
// recorded (Store, guard) only when it is one the message was sent to,
// with the message's campaign and suppression scope; a message found by
// the VERP recipient alone lets the report change that recipient only, as
// the return path names no other, and does not tie a complaint at all: a
// complaint suppresses for good, anyone who knows an address can make its
// VERP address, and a genuine complaint carries the original message's
// header (RFC 5965 §2), so it must be found by its Message-ID. A report
// that matches no sent message, and a recipient the message was not sent
// to, give one result of Kind [Unmatched] (Err [ErrUnmatched]) and its
// event, and change nothing. TrustReports, and Incoming.Authenticated for one report, lift
// the correlation, not the limits:
//
//   - at most 100 recipients of a report are recorded, and at most 100
//     are reported as Unmatched; the others are ignored;
//   - a complaint concerns one recipient: the one the VERP return path
//     names, else the first of the ARF report's recipients and
//     Original-Rcpt-To fields that the message was sent to (with
//     TrustReports, the first of them), else, when the complaint names
//     none, the recipient of a message sent to one.
//
// A VERP return path names the recipient of a bounce about one recipient,
// in preference to the report's own Final-Recipient, which may be a
// forwarding target, and of a complaint.
//
// # Idempotency
//
// A report that records something is handled once ([Incoming.Key]):
// Ingest asks the State whether its key was handled ([State.Handled]) and
// returns no result, no error and no event when it was; the key is marked
// handled with the settlement of the guard's counts ([State.Settle]),
// after the Store has recorded every recipient, and is remembered for
// TrackFor. A report that records nothing (a delay notice, an unmatched
// report) is reported each time it comes, and takes no room in the State.
// So a report whose recording failed is not marked, and the same report
// delivered again is recorded then, once. Two copies of one report handled
// at the same time by one Deliverer are recorded one after the other, so
// the second finds the first handled. Across nodes, the State claims the
// report: with a State that implements [ReportClaimer] (the MemoryState
// and the shared states do), Ingest claims the key for ClaimFor (2
// minutes by default) before it records, in place of asking Handled; a
// copy that another node (or another Deliverer on the same State) has
// claimed and not yet settled records nothing and returns
// [ErrReportInProgress], and one that comes after the settlement finds the
// report handled. A recording that fails releases the claim, so that the
// next copy records the report at once; a claim that could not be
// released (the node stopped, or lost its State) expires after ClaimFor,
// and a copy that comes then records it. So two copies handled at the very
// same time by two nodes are recorded once, unless the first takes longer
// than ClaimFor; with ClaimFor -1, or a State that does not implement
// ReportClaimer, both may be recorded in the Store (the State counts them
// once).
//
// Ingest returns an error only when the outcome could not be recorded
// (the Store or the State failed) or another node is recording it
// ([ErrReportInProgress]); the caller should then have the report
// delivered again later (answer 451, leave the mail in the mailbox, answer
// 5xx to the webhook). When the Store fails on a recipient, the others it
// recorded are marked in the State, with their counts for the guard, so
// that the report given again records and counts only the rest (this
// costs a report of several recipients one more [State.Handled] call each
// time it comes); no result event is emitted, and the results are
// returned with the error. The errors of the State, before the
// recording, come alone, as does ErrReportInProgress.
func (d *Deliverer) Ingest(ctx context.Context, in Incoming) ([]Result, error) {
	rep := in.Report
	if rep == nil {
		return nil, errors.New("deliver: Ingest: nil report")
	}
	var kind Kind
	switch rep.Kind {
	case dsn.Bounce:
	case dsn.Delay:
		kind = Delayed
	case dsn.Complaint:
		kind = Complained
	default:
		return nil, nil
	}
	now := d.now()
	d.mu.Lock()
	d.lazyInit()
	st := d.st
	d.mu.Unlock()
	where := "report by " + quoted(reporter(rep))
	if in.Source != "" {
		where += " via " + quoted(in.Source)
	}
	verp := ""
	var verpErr error // why a signed VERP return path ties nothing
	if in.ReturnPath != "" {
		if d.VERP != nil {
			verp, verpErr = d.VERP.Decode(in.ReturnPath, now)
			switch {
			case verpErr == nil:
			case errors.Is(verpErr, dsn.ErrNotVERP), errors.Is(verpErr, dsn.ErrVERPSignature), errors.Is(verpErr, dsn.ErrVERPExpired):
				verp = ""
			default: // the signer itself is unusable (its Key)
				return nil, fmt.Errorf("deliver: %s: Deliverer.VERP: %w", "report by "+quoted(reporter(rep)), verpErr)
			}
		} else {
			verp, _ = dsn.DecodeVERP(in.ReturnPath)
		}
	}
	verpNorm, _ := addr.Normalize(verp, false)

	// The report may be about a message whose outcomes wait to be saved
	// (see SettleDelay): they are saved first.
	pevs, perr := d.flushPending(ctx, nil)
	if perr != nil {
		return nil, fmt.Errorf("deliver: %s: %w", where, perr)
	}
	d.emit(pevs)

	// Correlation.
	msgID := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rep.Original.MessageID), "<"), ">")
	if d.Parser != nil && d.Parser.IDHeader != "" && rep.Original.ID != "" {
		msgID = strings.TrimSpace(rep.Original.ID)
	}
	var sm SentMessage
	var found bool
	var err error
	if msgID != "" {
		if sm, found, err = st.Sent(ctx, msgID); err != nil {
			return nil, fmt.Errorf("deliver: %s: looking up message %s: %w", where, quoted(msgID), err)
		}
	}
	byVERP := false // the message was found by the VERP recipient alone
	if !found && verpNorm != "" {
		if sm, found, err = st.SentTo(ctx, verpNorm); err != nil {
			return nil, fmt.Errorf("deliver: %s: looking up the message sent to %s: %w", where, quoted(verpNorm), err)
		}
		byVERP = found
	}
	if byVERP && rep.Kind == dsn.Complaint {
		// A complaint suppresses for good, and a VERP address is made
		// from the recipient's own: anyone who knows an address we mailed
		// can forge one. A genuine complaint holds the original message or
		// its header (RFC 5965 §2), so it is tied by its Message-ID.
		sm, found, byVERP = SentMessage{}, false, false
	}
	msg := &Message{ID: msgID, Campaign: sm.Campaign, Scope: sm.Scope}
	if found && msgID == "" {
		msg.ID = sm.ID
	}
	// sentTo reports whether the report may change rcpt, in normal form.
	// A message found by the VERP recipient alone ties the report to that
	// recipient, not to the others the message was sent to: the return
	// path names one recipient, and a forged report could list the rest.
	sentTo := func(norm string) bool {
		if norm == "" {
			return false
		}
		if d.TrustReports || in.Authenticated {
			return true
		}
		if byVERP {
			return norm == verpNorm
		}
		return found && slices.Contains(sm.Rcpts, norm)
	}

	// The recipients the report is about.
	type cand struct {
		rcpt string
		res  bounce.Result
		diag string
	}
	var cands []cand
	switch rep.Kind {
	case dsn.Bounce:
		for _, rc := range rep.Recipients {
			if rc.Action == "" || rc.Action == dsn.Failed {
				cands = append(cands, cand{rcptOf(rc, verp), rc.Result, rc.Diagnostic})
			}
		}
		if len(cands) == 1 && verp != "" {
			// The VERP return path names the address the message was sent
			// to; the report may name another (a forwarding target).
			cands[0].rcpt = verp
		}
	case dsn.Delay:
		for _, rc := range rep.Recipients[:min(len(rep.Recipients), maxReportRcpts)] {
			cands = append(cands, cand{rcptOf(rc, verp), rc.Result, rc.Diagnostic})
		}
	case dsn.Complaint:
		// One recipient: the first the message was sent to, in order of
		// trust.
		var opts []cand
		if verp != "" {
			opts = append(opts, cand{rcpt: verp})
		}
		var first cand // the first block, for its classification
		for i, rc := range rep.Recipients[:min(len(rep.Recipients), maxReportRcpts)] {
			c := cand{rcptOf(rc, ""), rc.Result, rc.Diagnostic}
			if i == 0 {
				first = c
			}
			if c.rcpt != "" {
				opts = append(opts, c)
			}
		}
		if fb := rep.Feedback; fb != nil {
			for _, to := range fb.OriginalRcptTo[:min(len(fb.OriginalRcptTo), maxReportRcpts)] {
				if to = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(to), "<"), ">"); to != "" {
					opts = append(opts, cand{rcpt: to})
				}
			}
		}
		if len(opts) == 0 && found && len(sm.Rcpts) == 1 {
			// A complaint whose recipient was redacted, about a message
			// sent to one recipient.
			first.rcpt = sm.Rcpts[0]
			opts = append(opts, first)
		}
		for i := range opts {
			if opts[i].res == (bounce.Result{}) {
				opts[i].res = first.res // the complaint's own classification
			}
		}
		for _, o := range opts {
			if n, err := addr.Normalize(o.rcpt, false); err == nil && sentTo(n) {
				cands = []cand{o}
				break
			}
		}
		if cands == nil && len(opts) > 0 {
			cands = opts[:1]
		}
	}

	var res []Result
	var recorded, unmatched int
	var seen []string // the normal forms recorded, so that none is recorded twice
	for _, c := range cands {
		if c.rcpt == "" {
			continue
		}
		r := Result{Rcpt: c.rcpt, Kind: kind, Bounce: c.res}
		if kind == Delayed {
			res = append(res, r)
			continue
		}
		n, err := addr.Normalize(c.rcpt, false)
		if err != nil || !sentTo(n) {
			if unmatched < maxReportRcpts {
				unmatched++
				r.Kind, r.Err = Unmatched, ErrUnmatched
				if verpErr != nil && !errors.Is(verpErr, dsn.ErrNotVERP) {
					// Say why the return path tied nothing: a
					// forged or expired tag.
					r.Err = fmt.Errorf("%w (return path %s: %w)", ErrUnmatched, quoted(in.ReturnPath), verpErr)
				}
				res = append(res, r)
			}
			continue
		}
		if slices.Contains(seen, n) || recorded == maxReportRcpts {
			continue
		}
		seen = append(seen, n)
		recorded++
		if kind == "" {
			switch c.res.Category {
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
		e := &Error{Rcpt: r.Rcpt, Result: r.Bounce, Err: reportError(rep, c.diag)}
		if c.diag != "" {
			e.Reply = bounce.ParseReply(c.diag)
		}
		r.Err = e
		res = append(res, r)
	}

	// A report that changes something is handled once: record it, and
	// only then settle it (count for the guard, mark it handled). One that
	// changes nothing (unmatched, a delay notice) is only reported, as
	// often as it comes.
	if recorded == 0 {
		d.mu.Lock()
		for _, r := range res {
			if r.Kind != Delayed {
				d.count(msg.Campaign, r.Rcpt, r.Kind, false)
			}
		}
		d.mu.Unlock()
		d.emitResults(msg, res, now, true, in.Source)
		return res, nil
	}
	key := reportKey(in, verpNorm)
	release, err := d.claimReport(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("deliver: %s: waiting for another copy of it to be recorded: %w", where, err)
	}
	defer release()
	// Across nodes, the State's claim: a copy that another node is
	// recording now is not recorded here.
	rc, claims := st.(ReportClaimer)
	claims = claims && d.ClaimFor >= 0
	holder := ""
	if claims {
		holder = d.nextOp()
		ok, err := rc.Claim(ctx, key, holder, durOr(d.ClaimFor, DefaultClaimFor), now)
		if err != nil {
			return nil, fmt.Errorf("deliver: %s: claiming it for recording: %w", where, err)
		}
		if !ok {
			// Handled, or claimed by another: say which.
			if done, err := st.Handled(ctx, key); err != nil {
				return nil, fmt.Errorf("deliver: %s: checking whether it was handled: %w", where, err)
			} else if done {
				return nil, nil
			}
			return nil, fmt.Errorf("%w (%s)", ErrReportInProgress, where)
		}
	} else if done, err := st.Handled(ctx, key); err != nil {
		return nil, fmt.Errorf("deliver: %s: checking whether it was handled: %w", where, err)
	} else if done {
		return nil, nil
	}
	// A failure before the report is settled releases the claim, so that
	// a copy given again records it at once; a claim whose release fails
	// (ctx is done, the State is down) expires after ClaimFor. Once the
	// report is recorded whole, the claim is kept: its Settle makes the
	// key handled, and when that fails, the claim keeps other copies from
	// recording the report again until it expires.
	keepClaim := false
	if claims {
		defer func() {
			if !keepClaim {
				// The usual failure is a cancelled request (the
				// client hung up): the release must not go with it,
				// or every copy waits ClaimFor. An error leaves the
				// claim to expire.
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				rc.Release(rctx, key, holder)
				cancel()
			}
		}()
	}
	req := SettleRequest{Report: key, ReportFor: d.trackFor(), Guard: d.Guard, Throttle: d.Throttle, Now: now}
	if found {
		req.Campaign = msg.Campaign
	}
	// A report of several recipients may have been recorded in part by an
	// earlier attempt whose Store failed on another recipient: those
	// recipients were marked (settlePart) and are neither recorded nor
	// counted again.
	part := false
	if recorded > 1 {
		if part, err = st.Handled(ctx, partKey(key, "")); err != nil {
			return nil, fmt.Errorf("deliver: %s: checking whether it was handled: %w", where, err)
		}
	}
	var errs []error
	var done []int // the results this call recorded
	for i := range res {
		switch res[i].Kind {
		case Delayed, Unmatched:
			continue
		}
		if part {
			n, _ := addr.Normalize(res[i].Rcpt, false)
			if ok, err := st.Handled(ctx, partKey(key, n)); err != nil {
				return nil, fmt.Errorf("deliver: %s: checking whether %s was recorded: %w", where, quoted(res[i].Rcpt), err)
			} else if ok {
				continue // recorded and counted by an earlier attempt
			}
		}
		e, err := d.record(ctx, res[i].Rcpt, msg.Scope, res[i].Kind, res[i].Bounce, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("recording %s: %w", quoted(res[i].Rcpt), err))
			continue
		}
		res[i].Entry = e
		done = append(done, i)
	}
	if len(errs) > 0 {
		d.emit(d.settlePart(ctx, st, req, res, done))
		return res, fmt.Errorf("deliver: %s: %w", where, errors.Join(errs...))
	}
	for _, i := range done {
		switch res[i].Kind {
		case Bounced:
			req.Bounced++
		case Complained:
			req.Complained++
		}
	}
	keepClaim = true
	sr, err := d.settle(ctx, st, &req, nil, nil, nil, nil)
	if err != nil {
		return res, fmt.Errorf("deliver: %s: recorded, but not marked handled: %w", where, err)
	}
	if sr.Duplicate {
		return nil, nil
	}
	var evs []Event
	d.mu.Lock()
	if req.Campaign != "" {
		d.see(req.Campaign, sr.Campaign)
		evs = changed(req.Campaign, sr, now)
	}
	for _, r := range res {
		if r.Kind != Delayed {
			d.count(msg.Campaign, r.Rcpt, r.Kind, false)
		}
	}
	d.mu.Unlock()

	d.emitResults(msg, res, now, true, in.Source)
	d.emit(evs)
	return res, nil
}

// settlePart marks in st the recipients res[i], i in done, of the report
// req.Report as recorded, each with its count for the guard, when the
// Store failed on others: the report given again then records and counts
// only the others. The mark that a part was recorded comes first, so that
// a recipient is counted either here or, when its own mark failed, by the
// attempt that completes the report. When the State fails, the marks stop
// there, and those recipients are recorded again with the report. It
// returns the events of a campaign that the counts paused or cancelled.
func (d *Deliverer) settlePart(ctx context.Context, st State, req SettleRequest, res []Result, done []int) []Event {
	if len(done) == 0 {
		return nil
	}
	key := req.Report
	req.Report = partKey(key, "")
	if _, err := d.settle(ctx, st, &req, nil, nil, nil, nil); err != nil {
		return nil
	}
	var evs []Event
	for _, i := range done {
		r := req
		n, _ := addr.Normalize(res[i].Rcpt, false)
		r.Report = partKey(key, n)
		switch res[i].Kind {
		case Bounced:
			r.Bounced = 1
		case Complained:
			r.Complained = 1
		}
		sr, err := d.settle(ctx, st, &r, nil, nil, nil, nil)
		if err != nil {
			break
		}
		if r.Campaign != "" && !sr.Duplicate {
			d.mu.Lock()
			d.see(r.Campaign, sr.Campaign)
			d.mu.Unlock()
			evs = append(evs, changed(r.Campaign, sr, req.Now)...)
		}
	}
	return evs
}

// partKey returns the key under which a recipient (rcpt, in normal form)
// of the report of key is marked recorded, or with rcpt "" the mark that
// some recipients of it were (see settlePart).
func partKey(key, rcpt string) string {
	sum := sha256.Sum256([]byte("part\x00" + key + "\x00" + rcpt))
	return "r:" + hex.EncodeToString(sum[:16])
}

// claimReport waits until no other Ingest of this Deliverer is recording
// the report of this key, then claims it until release is called; it
// returns ctx's error when ctx ends first. The State says whether a report
// was recorded once its recording is over; this keeps two copies of one
// report that arrive together (two SMTP sessions, a mailbox and a webhook)
// from both getting past State.Handled before either is marked.
func (d *Deliverer) claimReport(ctx context.Context, key string) (release func(), err error) {
	for {
		d.mu.Lock()
		ch, busy := d.ingesting[key]
		if !busy {
			if d.ingesting == nil {
				d.ingesting = make(map[string]chan struct{})
			}
			ch = make(chan struct{})
			d.ingesting[key] = ch
			d.mu.Unlock()
			return func() {
				d.mu.Lock()
				delete(d.ingesting, key)
				d.mu.Unlock()
				close(ch)
			}, nil
		}
		d.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// reportKey returns the idempotency key of in (see [Incoming.Key]); verp
// is the recipient its return path names, in normal form.
func reportKey(in Incoming, verp string) string {
	h := sha256.New()
	w := func(ss ...string) {
		for _, s := range ss {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	t := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	if in.Key != "" {
		w("key", in.Source, in.Key)
	} else {
		rep := in.Report
		w("report", string(rep.Kind), rep.ReportingMTA, t(rep.ArrivalDate), verp,
			rep.Original.MessageID, rep.Original.ID, t(rep.Original.Date))
		for _, rc := range rep.Recipients {
			w("rcpt", rc.FinalRecipient, rc.OriginalRecipient, string(rc.Action), rc.Status.String(), rc.Diagnostic, t(rc.LastAttempt))
		}
		if fb := rep.Feedback; fb != nil {
			w("feedback", fb.FeedbackType, t(fb.ArrivalDate), fb.SourceIP, fb.OriginalMailFrom)
			w(fb.OriginalRcptTo...)
		}
	}
	var sum [sha256.Size]byte
	return "r:" + hex.EncodeToString(h.Sum(sum[:0])[:16])
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

// reporter names who sent a report, for errors.
func reporter(rep *dsn.Report) string {
	if rep.ReportingMTA != "" {
		return rep.ReportingMTA
	}
	return "an unnamed MTA"
}

// reportError is the error of a recipient of an asynchronous report: who
// reported it and the receiver's diagnostic, each quoted (they come from
// the mail).
func reportError(rep *dsn.Report, diag string) error {
	if diag == "" {
		return fmt.Errorf("reported by %s", quoted(reporter(rep)))
	}
	return fmt.Errorf("reported by %s: %s", quoted(reporter(rep)), quoted(diag))
}

// Unsubscribe records that rcpt unsubscribed from the mail of scope (a
// permanent suppression in the Store), counts it for campaign and emits an
// Unsubscribed event. It is the hook of a List-Unsubscribe handler (RFC
// 8058). It returns the Store's error.
func (d *Deliverer) Unsubscribe(ctx context.Context, rcpt, campaign string, scope suppress.Scope) error {
	now := d.now()
	if _, err := d.record(ctx, rcpt, scope, Unsubscribed, bounce.Result{}, now); err != nil {
		return fmt.Errorf("deliver: unsubscribing %s: %w", quoted(rcpt), err)
	}
	d.mu.Lock()
	d.lazyInit()
	d.count(campaign, rcpt, Unsubscribed, false)
	d.mu.Unlock()
	d.emit([]Event{{Kind: Unsubscribed, Time: now, Campaign: campaign, Rcpt: rcpt, Domain: addr.Domain(rcpt)}})
	return nil
}
