package dsn

import (
	"strings"
	"unicode/utf8"

	"github.com/bouncekit/bouncekit/bounce"
	"github.com/bouncekit/bouncekit/internal/addr"
)

// analyse turns what the MIME walk collected into a Report.
func (s *state) analyse() *Report {
	rep := &Report{}
	text := s.textString()
	from := s.idx.from
	subject := decodeWords(s.idx.subject)

	if s.hasFeedback {
		s.complaint(rep)
		rep.Original = s.original("")
		return rep
	}

	// QUIRK: a bounce forwarded inline by a person ("Fwd: …"), each line
	// quoted with "> ": read the quoted text.
	if len(s.status) == 0 && s.nested == 0 && isForward(subject) && strings.Contains(text, "\n> ") {
		if u := unquote(text); len(u) > 0 {
			s.nested++
			s.text, s.html = u, false
			text = string(u)
		}
	}

	if len(s.status) == 0 && sesNotification(rep, text) {
		for i := range rep.Recipients {
			c := causeReport
			if r := &rep.Recipients[i]; r.Result.Reason == "" {
				c = decide(r, nil, "")
			}
			s.causes = append(s.causes, c)
		}
		return rep
	}

	var fam *family
	isReport := len(s.status) > 0 || hasPrefixFold(trimSpace(s.idx.contentType), "multipart/report")
	s.bounceLike = looksLikeBounce(from, subject, s.idx.failed)
	system := isReport || s.bounceLike
	if system || text != "" {
		fam = detect(from, subject, s.top, s.idx.present, text, system)
	}
	if fam == nil && system {
		fam = &famGeneric
	}

	var sec, origText string
	var trs []textRcpt
	if fam != nil {
		sec, origText = fam.section(text)
		if len(s.status) == 0 {
			// QUIRK: delivery-status fields sent as text (a text/plain
			// part, or a multipart without boundaries).
			if i := indexLineFold(sec, "final-recipient:"); i >= 0 {
				var ds, after string
				ds, after = splitStatusText(sec[lineStart(sec, i):])
				rep.Recipients = decodeStatus(rep, []string{ds})
				if len(rep.Recipients) > 0 {
					// Blocks before the fields are the error text; the
					// returned header may follow them.
					if i0 := indexLineFold(sec, "reporting-mta:"); i0 >= 0 && i0 < i {
						i = i0
					}
					sec = sec[:lineStart(sec, i)]
					if origText == "" {
						origText = after
					}
				}
			}
		}
		trs = fam.extract(sec, &s.arena)
	}
	if len(s.status) > 0 {
		rep.MTA = "rfc3464"
		rep.Recipients = decodeStatus(rep, s.status)
	}
	// The returned message's details are read once, when first needed:
	// naming recipients, the To-field guess and rep.Original share them.
	var orig *Original
	original := func() Original {
		if orig == nil {
			o := s.original(origText)
			orig = &o
		}
		return *orig
	}
	rep.Recipients = nameRecipients(rep.Recipients, original)
	if fam != nil && (fam != &famGeneric || len(s.status) == 0) {
		rep.MTA = fam.name
	}
	if len(rep.Recipients) == 0 && len(trs) > 0 {
		// A text that says delivery is still being tried is a delay
		// notice, whatever its codes.
		action := Action("")
		if head := text[:len(text)-len(origText)]; delaySet.present(head) != (markerBits{}) {
			action = Delayed
			// … unless it also says the message was given up.
			if _, at := finalSet.first(head); at >= 0 {
				action = ""
			}
		}
		for _, tr := range trs {
			rep.Recipients = append(rep.Recipients, Recipient{FinalRecipient: tr.addr, Action: action})
		}
	}
	// QUIRK: bounces that name their recipients only in a header field.
	if len(rep.Recipients) == 0 && fam != nil {
		for _, v := range s.top.Values("X-Failed-Recipients") {
			for _, a := range strings.Split(v, ",") {
				if a = stripAngle(a); scanAddress(a) == len(a) && a != "" {
					rep.Recipients = append(rep.Recipients, Recipient{FinalRecipient: a})
				}
			}
		}
	}
	// QUIRK: bounces that name no recipient in their text (a bare
	// transcript, "Delivery report unavailable"): the returned message's
	// To field is the best guess.
	if len(rep.Recipients) == 0 && fam != nil && (fam != &famGeneric || system || len(trs) > 0) {
		if a, _ := findAddress(original().To); a != "" {
			rep.Recipients = append(rep.Recipients, Recipient{FinalRecipient: a})
		}
	}
	// QUIRK: a bounce forwarded inline, each line quoted with "> ".
	if len(rep.Recipients) == 0 && s.nested == 0 && len(s.status) == 0 && strings.Contains(text, "\n> ") {
		if u := unquote(text); len(u) > 0 {
			s.nested++
			s.text, s.html = u, false
			return s.analyse()
		}
	}
	if len(rep.Recipients) == 0 {
		if s.autoReply(rep, from, subject, text) {
			rep.Original = s.original("")
			return rep
		}
		return rep // not a report
	}

	// Fill in each recipient from the text and decide.
	for i := range rep.Recipients {
		r := &rep.Recipients[i]
		var tr *textRcpt
		for j := range trs {
			if strings.EqualFold(trs[j].addr, r.FinalRecipient) || strings.EqualFold(trs[j].addr, r.OriginalRecipient) {
				tr = &trs[j]
				break
			}
		}
		if tr == nil && len(trs) == 1 && len(rep.Recipients) == 1 {
			tr = &trs[0]
		}
		fill(r, tr, sec)
		extra := ""
		if tr != nil {
			extra = tr.diag
		}
		s.causes = append(s.causes, decide(r, fam, extra))
	}
	rep.Kind = kindOf(rep.Recipients)
	rep.Original = original()
	return rep
}

// delaySet holds the sentences of delay notices.
var delaySet = newMarkerSet([]string{
	"has been delayed", "will be retried", "this is a warning message only",
	"has not yet been delivered", "delivery attempts will continue", "still being retried",
	"could not send message for past", "is delayed", "delivery is delayed",
})

// finalSet holds the sentences that end the delivery attempts.
var finalSet = newMarkerSet([]string{
	"envelope expired", "giving up", "gave up", "i'm not going to try again", "has been expired",
	"retry timeout exceeded", "message expired",
})

// statusFields are the field names that open a block of RFC 3464 fields.
var statusFields = []string{
	"reporting-mta:", "final-recipient:", "original-recipient:", "action:", "status:", "arrival-date:",
	"received-from-mta:", "remote-mta:", "diagnostic-code:", "last-attempt-date:", "will-retry-until:",
	"original-envelope-id:", "dsn-gateway:", "x-",
}

// splitStatusText splits text that starts with delivery-status fields
// into those blocks and what follows them (often the returned header).
func splitStatusText(s string) (ds, after string) {
	off := 0
	for off < len(s) {
		// The block starting at off.
		line, _ := nextLine(s[off:])
		t := trimSpace(line)
		isDS := false
		for _, f := range statusFields {
			if hasPrefixFold(t, f) {
				isDS = true
				break
			}
		}
		if !isDS && t != "" {
			return s[:off], s[off:]
		}
		// Skip to the next blank line.
		end := strings.Index(s[off:], "\n\n")
		if end < 0 {
			return s, ""
		}
		off += end + 2
		for off < len(s) && s[off] == '\n' {
			off++
		}
	}
	return s, ""
}

// indexLineFold returns the index of the first line of s that starts with
// prefix (lower-case), ignoring case and indentation, or -1.
func indexLineFold(s, prefix string) int {
	for off := 0; off < len(s); {
		i := indexFold(s[off:], prefix)
		if i < 0 {
			return -1
		}
		i += off
		if trimSpace(s[lineStart(s, i):i]) == "" {
			return i
		}
		off = i + 1
	}
	return -1
}

// isForward reports whether a subject marks a forwarded message.
func isForward(subject string) bool {
	subject = trimSpace(subject)
	for _, p := range [...]string{"fwd:", "fw:", "tr:", "wg:", "rv:", "enc:"} {
		if hasPrefixFold(subject, p) {
			return true
		}
	}
	return false
}

// unquote returns the lines of s quoted with ">", unquoted once, or nil
// when fewer than five lines are quoted.
func unquote(s string) []byte {
	var out []byte
	n := 0
	for s != "" {
		var line string
		line, s = nextLine(s)
		if !strings.HasPrefix(line, ">") {
			continue
		}
		line = strings.TrimPrefix(line[1:], " ")
		out = append(out, line...)
		out = append(out, '\n')
		n++
	}
	if n < 5 {
		return nil
	}
	return out
}

// textString returns the collected text as a string: a view of the text
// buffer, which is not written to once the analysis starts.
func (s *state) textString() string {
	if s.html {
		return stripTags(view(s.text))
	}
	return view(s.text)
}

// looksLikeBounce reports whether the header says the mail is a bounce
// without naming its MTA: a mailer-daemon sender, a bounce subject, or a
// header field only bounces carry.
func looksLikeBounce(from, subject string, failedRecipients bool) bool {
	if _, at := bounceFromSet.first(from); at >= 0 {
		return true
	}
	if _, at := bounceSubjectSet.first(subject); at >= 0 {
		return true
	}
	return failedRecipients
}

var (
	bounceFromSet    = newMarkerSet(bounceFrom)
	bounceSubjectSet = newMarkerSet(bounceSubject)
)

var bounceFrom = []string{"mailer-daemon", "postmaster", "post_master", "mail delivery", "mail administrator", "mdaemon"}

var bounceSubject = []string{
	"undeliver", "delivery status notification", "returned mail", "delivery failure",
	"mail delivery failed", "failure notice", "delivery notification", "non remis",
	"unzustellbar", "nicht zustellbar", "mail system error", "delivery failed",
	"could not send message", "delivery has failed", "delayed mail", "delivery delay",
	"returned to sender", "rejected:", "nondeliverable", "mail not delivered",
	"mail delivery failure", "non-remis", "no se puede entregar", "não entregue", "non recapitabile",
	"onbestelbaar", "niedostarczalna", "недоставлен", "メールエラー", "配信エラー", "エラー通知", "配信不能",
	"未達", "退信", "无法投递",
}

// fill completes r with what the text says about it.
func fill(r *Recipient, tr *textRcpt, sec string) {
	diag := r.Diagnostic
	if tr != nil && tr.diag != "" {
		if diag == "" || (findBasic(diag) < 0 && findBasic(tr.diag) >= 0 && !strings.Contains(tr.diag, diag)) {
			if diag != "" {
				diag = tr.diag + "\n" + diag
			} else {
				diag = tr.diag
			}
		}
	}
	if tr == nil && equalFold(r.DiagnosticType, "x-unix") && isExitStatus(diag) {
		// QUIRK(Sendmail): a local program's bare exit status ("X-Unix;
		// 75"); the transcript's reply line says what it means.
		if l := lastReplyLine(sec); strings.HasSuffix(l, " "+trimSpace(diag)) {
			diag = l
		} else if l != "" {
			diag = l + "\n" + diag
		}
	}
	if diag == "" && tr == nil {
		diag = sec
		if len(diag) > 4096 {
			diag = diag[:4096]
		}
	}
	if r.RemoteMTA == "" {
		r.RemoteMTA = remoteMTA(diag)
	}
	if r.Command == "" {
		src := diag
		if tr != nil && tr.diag != "" {
			src = tr.diag
		}
		r.Command = findCommand(src)
	}
	if len(diag) > maxDiagBytes {
		diag = diag[:maxDiagBytes]
		for len(diag) > 0 && !utf8.RuneStart(diag[len(diag)-1]) {
			diag = diag[:len(diag)-1]
		}
	}
	r.Diagnostic = joinLines(diag)
}

// maxDiagBytes bounds a recipient's diagnostic text.
const maxDiagBytes = 16 << 10

// replyOf finds the SMTP reply in a diagnostic text.
func replyOf(diag string) bounce.Reply {
	i := findBasic(diag)
	// In a quoted session ("Out: 250 2.1.5 Ok … Out: 451 4.3.0 Error")
	// the first failure is the reply that matters.
	for j := i; j >= 0 && diag[j] == '2'; {
		k := findBasic(diag[j+3:])
		if k < 0 {
			break
		}
		j += 3 + k
		if diag[j] != '2' {
			i = j
			break
		}
	}
	// QUIRK(Sendmail V5): "554 <user@example.org>... 550 Host unknown":
	// the code after the address is the failure, the first Sendmail's.
	if i >= 0 && strings.HasPrefix(diag[i+3:], " <") {
		rest := diag[i+3:]
		if k := strings.Index(rest, ">... "); k > 0 && strings.IndexByte(rest[:k], '\n') < 0 {
			if t := rest[k+5:]; len(t) >= 4 && findBasic(t[:4]) == 0 {
				i += 3 + k + 5
			}
		}
	}
	if i < 0 {
		rp := bounce.Reply{Text: diag}
		if c, j := findCode(diag); j >= 0 {
			rp.Code = c
		}
		return rp
	}
	rp := bounce.Reply{Text: diag}
	rp.Basic = int(diag[i]-'0')*100 + int(diag[i+1]-'0')*10 + int(diag[i+2]-'0')
	// The enhanced code on the reply's line, else anywhere after it,
	// else anywhere.
	line, _ := nextLine(diag[i+3:])
	if c, j := findCode(line); j >= 0 {
		rp.Code = c
	} else if c, j := findCode(diag[i:]); j >= 0 {
		rp.Code = c
	} else if c, j := findCode(diag); j >= 0 {
		rp.Code = c
	}
	return rp
}

var remoteMarkers = []string{"host ", "while talking to ", "remote host ", "remote server ", "connect to ", " by "}

// remoteMTA finds the remote host named in a diagnostic.
func remoteMTA(diag string) string {
	for _, m := range remoteMarkers {
		for off := 0; off < len(diag); {
			i := indexFold(diag[off:], m)
			if i < 0 {
				break
			}
			t := diag[off+i+len(m):]
			off += i + len(m)
			j := 0
			for j < len(t) && (isDomainChar(t[j]) || t[j] == ':') {
				j++
			}
			h := strings.TrimRight(t[:j], ".:")
			if m == " by " {
				// "… by mx.example.com. [192.0.2.1]" only.
				r := strings.TrimLeft(t[j:], ". ")
				if r == "" || r[0] != '[' {
					continue
				}
			}
			if strings.IndexByte(h, '.') > 0 {
				return h
			}
		}
	}
	// "mx.example.com [192.0.2.60] did not like our final DATA" (dma),
	// "192.0.2.30 does not like recipient." (qmail).
	for _, m := range [...]string{" did not like ", " does not like "} {
		i := indexFold(diag, m)
		if i <= 0 {
			continue
		}
		pre := trimSpace(diag[:i])
		if strings.HasSuffix(pre, "]") {
			if k := strings.LastIndexByte(pre, '['); k > 0 {
				pre = trimSpace(pre[:k])
			}
		}
		if k := strings.LastIndexAny(pre, " \n\t:"); k >= 0 {
			pre = pre[k+1:]
		}
		if strings.IndexByte(pre, '.') > 0 && scanAddress(pre) == 0 {
			return strings.Trim(pre, "[]")
		}
	}
	return ""
}

var commandMarkers = []struct {
	text string
	cmd  Command
}{
	{"rcpt to", CommandRCPT}, {"rcpt_to", CommandRCPT}, {">>> rcpt", CommandRCPT}, {"smtp:rcpt", CommandRCPT},
	{"does not like recipient", CommandRCPT}, {"rcpt command", CommandRCPT},
	{"mail from", CommandMAIL}, {">>> mail", CommandMAIL}, {"mail_from", CommandMAIL},
	{"end of data", CommandDATA}, {"final data", CommandDATA}, {">>> data", CommandDATA},
	{"after data", CommandDATA}, {"data command", CommandDATA}, {"to data", CommandDATA},
	{"message content", CommandDATA},
	// QUIRK(m-FILTER): a "SMTP command" heading, the command below it.
	// Postfix's smtpd refuses the envelope in these words only.
	{"recipient address rejected", CommandRCPT}, {"sender address rejected", CommandMAIL},
	{"smtp command\ndata", CommandDATA}, {"smtp command\nrcpt", CommandRCPT}, {"smtp command\nmail", CommandMAIL},
	{">>> ehlo", CommandEHLO}, {">>> helo", CommandEHLO}, {"after ehlo", CommandEHLO}, {"after helo", CommandEHLO},
	{"to ehlo", CommandEHLO}, {"to helo", CommandEHLO}, {"ehlo command", CommandEHLO}, {"helo command", CommandEHLO},
	{"initial connection", CommandConn}, {"my name was rejected", CommandEHLO}, {"sender was rejected", CommandMAIL},
	{"starttls", CommandTLS},
	{"connect to", CommandConn}, {"greeting", CommandConn},
}

var commandSet = func() *markerSet {
	pats := make([]string, len(commandMarkers))
	for i, m := range commandMarkers {
		pats[i] = m.text
	}
	m := newMarkerSet(pats)
	m.word = true
	return m
}()

// findCommand returns the SMTP command named last in text: in a quoted
// session the last command is the one that was refused.
func findCommand(text string) Command {
	if p, _ := commandSet.last(text); p >= 0 {
		return commandMarkers[p].cmd
	}
	return ""
}

// decide fills r.Result (and an implied r.Status and r.Action) and
// returns what decided the reason.
// The family's hints are matched against the diagnostic, then against
// extra, the recipient's block of the error text.
func decide(r *Recipient, fam *family, extra string) cause {
	rp := replyOf(r.Diagnostic)
	if !r.Status.IsZero() {
		// The diagnostic quotes the remote server itself; the Status
		// is the reporting MTA's summary of it. Prefer the remote's
		// code when it is precise and of the same class.
		if !rp.Code.IsZero() && rp.Code.Class == r.Status.Class && (rp.Code.Subject != 0 || rp.Code.Detail != 0) {
			r.Status = rp.Code
		} else {
			rp.Code = r.Status
		}
	}
	if rp.Basic == 0 && rp.Code.IsZero() {
		switch r.Action {
		case Failed, "":
			rp.Code = bounce.Code{Class: 5}
		case Delayed:
			rp.Code = bounce.Code{Class: 4}
		case Delivered, Relayed, Expanded:
			rp.Code = bounce.Code{Class: 2}
		}
	}
	if r.Action == "" {
		switch class := max(rp.Code.Class, uint16(rp.Basic/100)); {
		case rp.Code.Class == 2 || rp.Code.IsZero() && class == 2:
			r.Action = Delivered
		case rp.Code.Class == 4 || rp.Code.IsZero() && class == 4:
			r.Action = Delayed
		default:
			r.Action = Failed
		}
	}
	// The failing command, when the report names it, goes to bounce,
	// which holds the rules for what a refusal at each command means.
	// The recipient's domain and the remote host tell bounce whose
	// server answered: a few receivers' words mean something of their own
	// (bounce.Result.Provider), and then neither a family's hint nor a
	// default of this package overrides them.
	res := bounce.ClassifyInput(bounce.Input{Reply: rp, Command: string(r.Command),
		Domain: addr.Domain(r.FinalRecipient), Host: r.RemoteMTA})
	if res.Provider != "" {
		r.Result = res
		if fillStatus(r, rp) {
			return causeAction
		}
		return causeBounce
	}
	reason, weak := fam.hintReason(r.Diagnostic)
	if reason == "" {
		reason, weak = famGeneric.hintReason(r.Diagnostic)
	}
	if reason == "" && extra != "" {
		reason, weak = fam.hintReason(extra)
	}
	hinted := reason != "" && !weak // a family's wording decides
	c := causeBounce
	switch {
	case reason == "" || reason == res.Reason:
	case weak:
		// A notice that delivery was retried or given up yields to
		// any reason package bounce finds.
		if !unspecific(res.Reason) {
			reason = res.Reason
		} else {
			c = causeHint
		}
	case unspecific(res.Reason):
		// bounce finds nothing specific in the reply, text or codes
		// (so neither in the text alone): the hint decides.
		c = causeHint
	default:
		switch tr := textReason(rp); {
		case contradicts(tr, reason):
			// One decision path: where bounce reads a specific reason
			// in the diagnostic, a family's hint does not contradict
			// it; hints decide where bounce finds nothing specific.
			reason, hinted = res.Reason, false
		case tr == bounce.ReasonExpired:
			c = causeExpiry
		default:
			c = causeHint
		}
	}
	if reason == "" && equalFold(r.DiagnosticType, "x-unix") {
		// A local delivery program failed; its words may say why
		// (a full disk or quota), its status code does not.
		switch t := bounce.ClassifyReply(bounce.Reply{Text: r.Diagnostic}).Reason; t {
		case "", bounce.ReasonUndefined, bounce.ReasonOnHold, bounce.ReasonUserUnknown, bounce.ReasonSystemError:
			// QUIRK(procmail, maildrop): "No such user" is the
			// program's, about a local account it could not use.
			reason, c = bounce.ReasonMailerError, causeProgram
		default:
			reason = t
		}
	}
	if reason == "" {
		if reason = implied(r, res.Reason); reason != "" {
			c = causeProgram
			if r.Action == Delayed {
				c = causeAction
			}
		}
	}
	if reason == "" {
		reason = res.Reason
	}
	if reason == bounce.ReasonUserUnknown && r.Command == "" && r.Status.Subject != 1 && !hinted && res.Reason == reason &&
		bounce.ClassifyInput(bounce.Input{Reply: rp, Command: string(CommandDATA)}).Reason == bounce.ReasonFiltered {
		// A report that does not say which command was refused: an
		// "unknown user" without an X.1.X status mostly comes from a
		// filtering appliance after the content was sent, and
		// suppressing the address would be wrong. So it is read as
		// bounce reads it after DATA, which keeps a receiver's own
		// documented text ("The email account that you tried to reach
		// does not exist") an unknown user.
		reason, c = bounce.ReasonFiltered, causeNoCommand
	}
	if reason != "" && reason != res.Reason {
		// A reason dsn decided still meets bounce's command rules.
		res = bounce.ClassifyInput(bounce.Input{Reply: rp, Command: string(r.Command), Reason: reason})
	}
	r.Result = res
	if fillStatus(r, rp) {
		c = causeAction
	}
	return c
}

// fillStatus gives r the status implied by its Result when the report
// gave none, and makes a delivered, relayed or expanded recipient no
// failure, which it reports.
func fillStatus(r *Recipient, rp bounce.Reply) (delivered bool) {
	res := &r.Result
	if r.Status.IsZero() {
		r.Status = res.Status
		// An implied status keeps the class of the action: a final
		// failure is class 5 even when its cause was a timeout.
		want := uint16(5)
		switch r.Action {
		case Delayed:
			want = 4
		case Delivered, Relayed, Expanded:
			want = 2
		}
		if rp.Basic == 0 && rp.Code.IsZero() && !r.Status.IsZero() && r.Status.Class != want {
			r.Status.Class = want
		}
		if r.Status.IsZero() {
			r.Status = rp.Code
		}
		if r.Status.IsZero() && rp.Basic >= 200 && rp.Basic < 600 {
			r.Status = bounce.Code{Class: uint16(rp.Basic / 100)}
		}
	}
	if r.Action == Delivered || r.Action == Relayed || r.Action == Expanded {
		*res = bounce.Result{Reason: bounce.ReasonDelivered, Status: res.Status, ReplyCode: res.ReplyCode}
		return true
	}
	return false
}

// cause says what decided a recipient's reason (see decide), for the
// tests that check that dsn and package bounce take one decision path;
// state.causes holds one per recipient.
type cause uint8

const (
	// causeBounce: bounce.ClassifyInput on the diagnostic, the status
	// and the failing command.
	causeBounce cause = iota
	// causeHint: an MTA family's wording (a hint), where bounce finds
	// nothing specific in the text.
	causeHint
	// causeExpiry: a hint naming the error a given-up message met,
	// where bounce reads only the expiry.
	causeExpiry
	// causeProgram: a local delivery program's failure (Diagnostic-Code
	// type x-unix): mailererror.
	causeProgram
	// causeAction: the report's Action (delayed with no known reason is
	// onhold; delivered, relayed and expanded are no failure).
	causeAction
	// causeNoCommand: "user unknown" in a report that names no command
	// and no X.1.X status: filtered.
	causeNoCommand
	// causeReport: the kind of report (a complaint is feedback, an
	// automatic reply vacation), not a diagnostic.
	causeReport
)

// unspecific reports whether reason says nothing of the cause.
func unspecific(reason bounce.Reason) bool {
	return reason == "" || reason == bounce.ReasonUndefined || reason == bounce.ReasonOnHold
}

// contradicts reports whether a family's hint gives a reason other than
// text, the reason bounce reads in the same text. An expiry is no
// contradiction: a notice that the message was given up after trying
// ("in the queue too long") says when, and the error it quotes, which the
// hint reads, says why.
func contradicts(text, hint bounce.Reason) bool {
	return text != "" && text != hint && (text != bounce.ReasonExpired || hint == bounce.ReasonOnHold)
}

// textReason returns the reason package bounce reads in the text of the
// reply rp, without its codes, or "" when bounce finds nothing specific
// in it. The command is left out too: what a refusal at a command means
// is bounce's rule, applied to whichever reason wins.
func textReason(rp bounce.Reply) bounce.Reason {
	if trimSpace(rp.Text) == "" {
		return ""
	}
	if t := bounce.ClassifyReply(bounce.Reply{Text: rp.Text}).Reason; !unspecific(t) {
		return t
	}
	return ""
}

// implied returns the reason implied by the report itself (its diagnostic
// type or action) when bounce found none; what the failing command implies
// is bounce's to decide. A delayed recipient with no known reason is
// "expired", the word of Sisimai's vocabulary for a delivery that took too
// long, given up or delayed: the report says only that the time passed.
func implied(r *Recipient, got bounce.Reason) bounce.Reason {
	if got != "" && got != bounce.ReasonUndefined && got != bounce.ReasonOnHold {
		return ""
	}
	if equalFold(r.DiagnosticType, "x-unix") {
		return bounce.ReasonMailerError
	}
	if r.Action == Delayed {
		return bounce.ReasonExpired
	}
	return ""
}

// kindOf decides the kind of a report from its recipients' actions.
func kindOf(rs []Recipient) Kind {
	k := Kind("")
	for _, r := range rs {
		switch r.Action {
		case Failed:
			return Bounce
		case Delayed:
			k = Delay
		case Delivered, Relayed, Expanded:
			if k == "" {
				k = Delivery
			}
		}
	}
	if k == "" {
		k = Bounce
	}
	return k
}

// original returns the details of the returned message, read from its
// header in a MIME part or, failing that, from origText, the text after
// the section.
func (s *state) original(origText string) Original {
	raw := s.origRaw
	if !s.origFound && origText != "" {
		raw = headerBlock(origText)
	}
	return makeOriginal(raw, s.p.IDHeader)
}

// stripTags turns HTML into rough text: tags become line breaks where they
// break lines, other tags vanish, and common entities are decoded.
func stripTags(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c == '<' {
			j := strings.IndexByte(h[i:], '>')
			if j < 0 {
				break
			}
			tag := h[i+1 : i+j]
			if hasPrefixFold(tag, "br") || hasPrefixFold(tag, "p") || hasPrefixFold(tag, "/p") ||
				hasPrefixFold(tag, "div") || hasPrefixFold(tag, "/div") || hasPrefixFold(tag, "tr") ||
				hasPrefixFold(tag, "/tr") || hasPrefixFold(tag, "li") || hasPrefixFold(tag, "/h") {
				b.WriteByte('\n')
			} else if hasPrefixFold(tag, "td") || hasPrefixFold(tag, "/td") {
				b.WriteByte(' ')
			}
			if hasPrefixFold(tag, "style") || hasPrefixFold(tag, "script") || hasPrefixFold(tag, "head") {
				end := "</" + strings.ToLower(strings.Fields(tag + " ")[0])
				if k := indexFold(h[i:], end); k >= 0 {
					i += k
					j = strings.IndexByte(h[i:], '>')
					if j < 0 {
						break
					}
				}
			}
			i += j
			continue
		}
		if c == '&' {
			if k := strings.IndexByte(h[i:min(len(h), i+10)], ';'); k > 0 {
				switch h[i : i+k+1] {
				case "&lt;":
					b.WriteByte('<')
				case "&gt;":
					b.WriteByte('>')
				case "&amp;":
					b.WriteByte('&')
				case "&nbsp;":
					b.WriteByte(' ')
				case "&quot;":
					b.WriteByte('"')
				default:
					b.WriteString(h[i : i+k+1])
				}
				i += k
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
