package bounce

import "strings"

// Classifier decides the [Result] of a reply. Its zero value uses the
// built-in rules; Rules layer the caller's own decisions over them, like the
// bounce-rules file of an MTA.
//
// A Classifier is safe for concurrent use by multiple goroutines once its
// fields are set; it keeps no state between calls.
type Classifier struct {
	// Rules are consulted before the built-in rules, in order; the first
	// whose conditions all hold decides. See [Rule] and [ReadRules].
	Rules []Rule
}

// Input is a reply with the context that sharpens its classification. The
// zero value of each context field means "not known".
type Input struct {
	// Reply is the receiver's reply, or a DSN's Diagnostic-Code and Status
	// (for a bounce mail: Basic and Text from the Diagnostic-Code, Code from
	// the Status field when the Diagnostic-Code has none).
	Reply Reply

	// Command is the SMTP command the reply answered, as Sisimai and
	// Postfix name it: "CONN" (the greeting), "HELO", "EHLO", "STARTTLS",
	// "AUTH", "MAIL", "RCPT", "DATA" (or "BDAT"). Case does not matter. A
	// refusal of MAIL FROM that names an address or gives no cause is
	// about the sender (rejected), a refusal before MAIL about the sending
	// host (blocked), and a "user unknown" after the end of DATA comes
	// from a content filter (filtered). Causes the text names otherwise
	// (authentication, a server fault, an unknown host) are kept.
	Command string

	// Domain is the recipient's domain. User [Rule]s may test it, and
	// with Host it tells whose server answered (see Host).
	Domain string

	// Host is the name of the server that gave the reply (a DSN's
	// Remote-MTA), when known. With Domain it tells whose server
	// answered: a few receivers write words that mean something else on
	// their servers than elsewhere, and their own documented meaning
	// decides there (see [Result].Provider).
	Host string

	// Reason, when set, is a reason the caller found in evidence that
	// bounce does not see, such as a bounce parser's reading of one MTA's
	// wording. It takes the place of the text rules: the command rules
	// about the envelope still apply to it (an unknown address at MAIL is
	// the sender's: rejected), while "user unknown" after DATA is kept,
	// since the caller knows it is not a filter's phrase. The category and
	// advice follow from it as in [ResultFor].
	Reason Reason

	// Err, when not nil, is a sending error that is classified as
	// [Classifier.ClassifyError] does; Reply is then ignored.
	Err error
}

// Classify parses reply with [ParseReply] and classifies it with the default
// rules. It is shorthand for (&Classifier{}).Classify(reply).
func Classify(reply string) Result { return defaultClassifier.Classify(reply) }

// ClassifyReply classifies an already parsed reply with the default rules.
func ClassifyReply(r Reply) Result { return defaultClassifier.ClassifyInput(Input{Reply: r}) }

// ClassifyInput classifies a reply and its context with the default rules.
func ClassifyInput(in Input) Result { return defaultClassifier.ClassifyInput(in) }

var defaultClassifier = &Classifier{}

// Classify parses reply with [ParseReply] and classifies it.
func (c *Classifier) Classify(reply string) Result {
	// The Input and the Result are passed down by reference: on this
	// path, copying them at each call took a quarter of the time of a
	// short reply.
	var in Input
	var res Result
	if !hasNewline(reply) {
		parseSingleTo(&in.Reply, reply)
		if len(c.Rules) == 0 {
			classifyDefault(&in, &res) // what classify comes to
		} else {
			c.classify(&in, &res)
		}
		return res
	}
	if len(c.Rules) == 0 && len(reply) <= MaxReplyText && classifyLines(reply, &res) {
		return res
	}
	in.Reply = ParseReply(reply)
	c.classify(&in, &res)
	return res
}

// classifyLines classifies a multi-line reply as ParseReply and
// ClassifyReply would, without joining its lines into a new string. It
// reports false for the rare replies it leaves to them: those with
// non-ASCII text or with codes only inside the text. It sets *res only when
// it reports true.
func classifyLines(reply string, res *Result) bool {
	var r Reply
	var s string
	r.Type, s = diagnosticType(trimSpace(reply))
	m := builtin()
	var h hits
	sc := m.start()
	hasText := false
	for s != "" {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i+1], s[i+1:]
		} else {
			s = ""
		}
		line = trimSpace(line)
		if line == "" {
			continue
		}
		basic, code, t := parseLine(line)
		if r.Basic == 0 {
			r.Basic = basic
		}
		if r.Code.IsZero() {
			r.Code = code
		}
		if t == "" {
			continue
		}
		if hasText {
			m.space(&sc, &h)
		}
		m.feed(&sc, t, &h)
		hasText = true
	}
	if sc.high >= 0x80 || (r.Basic == 0 && r.Code.IsZero()) {
		return false
	}
	if hasText {
		m.space(&sc, &h)
	}
	in := Input{Reply: r}
	*res = Result{Status: r.Code, ReplyCode: r.Basic}
	if r.success() {
		res.Reason = ReasonDelivered
		return true
	}
	reason, cat, hard, grey := decideHits(&in, &h, m, hasText)
	finishTo(res, reason, cat, hard, r.transient())
	res.Greylisted = grey
	return true
}

// ClassifyReply classifies an already parsed reply.
func (c *Classifier) ClassifyReply(r Reply) Result { return c.ClassifyInput(Input{Reply: r}) }

// ClassifyInput classifies a reply and its context: the caller's Rules
// first, then the built-in text rules, then the enhanced status code, then
// the basic reply code.
func (c *Classifier) ClassifyInput(in Input) Result {
	var res Result
	c.classify(&in, &res)
	return res
}

// classify is ClassifyInput, with the Input and the Result passed by
// reference.
func (c *Classifier) classify(in *Input, res *Result) {
	if in.Err != nil {
		*res = c.classifyError(*in)
		return
	}
	for i := range c.Rules {
		if c.Rules[i].matches(in) {
			*res = c.Rules[i].apply(in)
			return
		}
	}
	classifyDefault(in, res)
}

// transient reports whether the reply is a persistent transient failure: a
// 4xx reply code or a 4.x.x status. A 4xx is never Hard.
func (r *Reply) transient() bool { return (400 <= r.Basic && r.Basic < 500) || r.Code.Class == 4 }

// success reports whether the reply is a positive completion.
func (r *Reply) success() bool {
	if r.Code.Class != 0 {
		return r.Code.Class == 2
	}
	return 200 <= r.Basic && r.Basic < 300
}

// classifyDefault applies the built-in rules.
func classifyDefault(in *Input, res *Result) {
	r := &in.Reply
	*res = Result{Status: r.Code, ReplyCode: r.Basic}
	if r.success() {
		res.Reason = ReasonDelivered
		return
	}
	if in.Reason == "" && (in.Domain != "" || in.Host != "") {
		if p, reason, byCmd := hostReason(in); reason != "" {
			if byCmd {
				reason = byCommand(reason, in.Command, true, true, r.Code)
			}
			finishTo(res, reason, "", false, r.transient())
			res.Provider = p
			return
		}
	}
	reason, cat, hard, grey := decide(in)
	finishTo(res, reason, cat, hard, r.transient())
	res.Greylisted = grey
}

// decide finds the reason of a failure, the category when something other
// than the reason sets it ("" otherwise), whether the status code alone
// makes the failure hard, and whether the reply is a greylisting deferral
// (a transient failure whose text says so).
func decide(in *Input) (reason Reason, cat Category, hard, grey bool) {
	if in.Reason != "" {
		// The caller's evidence is taken as strong text, but not as a
		// generic phrase that the DATA rule reads as a filter's.
		return byCommand(in.Reason, in.Command, true, false, in.Reply.Code), "", false, false
	}
	m := builtin()
	var h hits
	if in.Reply.Text != "" {
		m.scan(in.Reply.Text, &h)
	}
	return decideHits(in, &h, m, in.Reply.Text != "")
}

// grey reports whether a greylisting phrase is among the hits.
func (h *hits) grey(m *matcher) bool {
	for _, ri := range h.rule[:h.n] {
		if m.meta[ri].grey {
			return true
		}
	}
	return false
}

// decideHits is decide for a text already scanned into h; hasText tells
// whether there was any.
func decideHits(in *Input, h *hits, m *matcher, hasText bool) (reason Reason, cat Category, hard, grey bool) {
	r := &in.Reply
	var strongR, weakR, fallR Reason
	var temp, deferred, documented bool
	if h.n > 0 {
		// Most replies with a code alone, and many texts, match no rule.
		grey = r.transient() && h.grey(m)
		strongR, weakR, fallR, temp, deferred, documented = h.best(m)
	}

	codeR, codeHard := codeReason(r.Code)
	basicR := basicReason(r.Basic)
	specific := codeR != "" && !unspecific(codeR)
	// A vague basic code (550, 554, a 4xx) beside text is not read as its
	// default meaning when the text says something. A 5xx whose text
	// says nothing Classify knows is decided by its codes, as if there
	// were no text: "550 Something went wrong" is what "550" is, so that
	// a reply's code and its text never decide two ways. A 4xx with such
	// text stays onhold: it is retried whatever it means, and a bounce
	// parser may know more (a DSN's Action, an MTA's wording).
	textSays := strongR != "" || weakR != "" || fallR != ""
	useBasic := basicR != "" && (!hasText || !vagueBasic(r.Basic) || (!textSays && r.Basic/100 == 5))
	fromText := false

	switch {
	case strongR != "":
		reason, fromText = strongR, true
	case deferred && !textSays && deferrable(r.Code):
		// "451 4.7.1 Please try again later": a deferral that names
		// no cause, which greylisting servers send (milter-greylist,
		// Rspamd, Exim's greylisting ACLs). A 5xx that asks the same
		// is retried as asked, but is no greylisting.
		return ReasonSpeeding, Soft, false, r.transient()
	case specific:
		reason = codeR
	case weakR != "":
		reason, fromText = weakR, true
	case fallR != "" && (codeR == "" || codeR == ReasonOnHold):
		reason, fromText = fallR, true
	case useBasic && (codeR == "" || codeR == ReasonOnHold):
		reason = basicR
	case codeR != "":
		reason = codeR
	case useBasic:
		reason = basicR
	case strings.EqualFold(r.Type, "x-unix"):
		reason = ReasonMailerError
	case hasText || r.Basic != 0:
		reason = ReasonOnHold
	default:
		reason = ReasonUndefined
	}
	if fromText && codeR != "" {
		reason = refine(reason, codeR, r.transient(), h, m)
	}
	// The Azure table's hard codes (a routing loop, a non-compliant
	// mailer) are hard on their own; text that names the condition
	// decides by its reason instead.
	hard = codeHard && reason == codeR && !fromText
	if reason == ReasonOnHold && !hasText && r.Basic == 0 {
		reason = ReasonUndefined // a bare X.0.0: nothing is known
	}
	// A receiver's documented code or phrase (providerRules) says what
	// the refusal is after DATA too: it is not a filter's generic "no
	// such user" (La Poste's "LPN007_416 Invalid recipient"). At the
	// commands before DATA the command rules hold for it as for any text.
	reason = byCommand(reason, in.Command, fromText && strongR != "", fromText && !(documented && reason == strongR), r.Code)
	if temp && reason == strongR {
		cat = Soft // the text says the condition is temporary
	}
	if deferred && fromText && strongR == "" && reason.category(true) == Hard {
		// Only a general phrase names the mailbox ("554 5.7.1 Mailbox
		// unavailable. Try again later"), and the text asks to come
		// back: the receiver does not say the address is gone, so it
		// is retried rather than suppressed. A code or a specific
		// phrase that says so (X.1.1, "no such user") still decides.
		cat = Soft
	}
	if deferred && !hard && reason.category(true) == Soft {
		// A soft failure whose text asks to try again later is
		// retried, 5xx or not: that is no blind retry.
		cat = Soft
	}
	if r.Code.Class == 5 && transientOnly(r.Code) && !fromText && reason == codeR && reason.category(true) == Soft {
		// RFC 3463 calls the condition "useful only as a persistent
		// transient error": a 5.x.x form is a server's mistake, and the
		// condition passes like its 4.x.x form.
		cat = Soft
	}
	return reason, cat, hard, grey
}

// transientOnly reports whether RFC 3463 defines c's subject and detail as
// "useful only as a persistent transient error": X.2.2 mailbox full, X.3.1
// mail system full, X.4.1 no answer from host, X.4.2 bad connection, X.4.3
// directory server failure, X.4.5 mail system congestion.
func transientOnly(c Code) bool {
	switch c.Subject<<8 | c.Detail {
	case 2<<8 | 2, 3<<8 | 1, 4<<8 | 1, 4<<8 | 2, 4<<8 | 3, 4<<8 | 5:
		return true
	}
	return false
}

// deferrable reports whether a status code leaves room for a deferral
// phrase to decide: no code, an X.0.X one, or the general security
// statuses X.7.0 and X.7.1 that greylisting servers give. A code that
// names a cause (a full mailbox, a system error) keeps it.
func deferrable(c Code) bool {
	return c.IsZero() || c.Subject == 0 || (c.Subject == 7 && c.Detail <= 1)
}

// refine settles a reason found in the text against the one the status
// code implies, where the two are close and the code is more precise.
func refine(text, code Reason, transient bool, h *hits, m *matcher) Reason {
	switch {
	case text == ReasonMailboxFull && code == ReasonSystemFull:
		// Which storage: the code says.
		return code
	case text == ReasonHostUnknown && transient && h.has(m, ReasonNetworkError):
		// A DNS failure that may pass is a network error.
		return ReasonNetworkError
	case code == ReasonRejected && (text == ReasonUserUnknown || text == ReasonHostUnknown || text == ReasonSyntaxError):
		// "553 5.1.7 The sender address is invalid": the code says
		// whose address (X.1.7, X.1.8: the sender's; X.7.27: the
		// sender's domain takes no mail), which the text's "address
		// is invalid" does not. The recipient is not at fault.
		return code
	}
	return text
}

// has reports whether any non-veto hit gives reason r.
func (h *hits) has(m *matcher, r Reason) bool {
	for i := 0; i < h.n; i++ {
		if x := &m.rules[h.rule[i]]; x.reason == r && x.kind != veto {
			return true
		}
	}
	return false
}

// unspecific reports whether a reason from a status code says little enough
// that a general text rule may replace it.
func unspecific(r Reason) bool {
	switch r {
	case ReasonOnHold, ReasonUndefined, ReasonSecurityError, ReasonSystemError, ReasonFiltered:
		return true
	}
	return false
}

// vagueBasic reports whether a basic code covers so many conditions that
// unrecognised text beside it should not be read as its default meaning.
func vagueBasic(basic int) bool { return basic == 554 || basic == 550 || (400 <= basic && basic < 500) }

// byCommand adjusts a reason by the SMTP command the reply answered.
func byCommand(reason Reason, cmd string, strongText, fromText bool, code Code) Reason {
	if cmd == "" {
		return reason
	}
	switch {
	case strings.EqualFold(cmd, "MAIL"):
		// The sender was refused: whatever the text says about an
		// address is about the sender's, and a refusal that only a
		// general phrase or a code explains is the sender's too.
		// A refusal the text or code explains otherwise (an
		// authentication requirement, a server fault) keeps its reason.
		switch reason {
		case ReasonUserUnknown, ReasonHostUnknown, ReasonHasMoved, ReasonSuspend, ReasonNotAccept,
			ReasonFiltered, ReasonOnHold, ReasonUndefined:
			return ReasonRejected
		case ReasonBlocked, ReasonPolicyViolation, ReasonSecurityError:
			if !strongText {
				return ReasonRejected
			}
		}
	case strings.EqualFold(cmd, "CONN"), strings.EqualFold(cmd, "HELO"), strings.EqualFold(cmd, "EHLO"):
		// Refused before any address was given: the sending host is.
		// An unknown host stays hostunknown: the connection to the
		// recipient's domain could not be made at all.
		switch reason {
		case ReasonUserUnknown, ReasonHasMoved, ReasonSuspend, ReasonFiltered,
			ReasonOnHold, ReasonUndefined, ReasonSecurityError, ReasonNoRelaying, ReasonRejected:
			return ReasonBlocked
		}
	case strings.EqualFold(cmd, "AUTH"):
		// RFC 4954: AUTH is refused for the client's credentials, so an
		// unknown, disabled or refused account is the sender's own
		// ("535 5.7.8 authentication failed: account disabled"). A
		// server fault or a rate limit keeps its reason.
		switch reason {
		case ReasonUserUnknown, ReasonHostUnknown, ReasonHasMoved, ReasonSuspend, ReasonNotAccept,
			ReasonFiltered, ReasonRejected, ReasonOnHold, ReasonUndefined:
			return ReasonSecurityError
		}
	case strings.EqualFold(cmd, "STARTTLS"):
		switch reason {
		case ReasonOnHold, ReasonUndefined, ReasonSecurityError, ReasonSystemError:
			return ReasonFailedSTARTTLS
		}
	case strings.EqualFold(cmd, "DATA"), strings.EqualFold(cmd, "BDAT"):
		// A "no such user" after the content was sent comes from a filter
		// of the recipient, unless the status says the address is bad.
		if reason == ReasonUserUnknown && fromText && code.Subject != 1 {
			return ReasonFiltered
		}
	}
	return reason
}

// best returns the highest-priority strong, weak and fallback reasons among
// the hits, leaving out the rules that a veto rule disabled; temp tells
// that the strong one is a condition the text calls temporary, deferred
// that a deferral phrase matched, and documented that the strong one is a
// receiver's own documented code or phrase (providerRules).
func (h *hits) best(m *matcher) (strongR, weakR, fallR Reason, temp, deferred, documented bool) {
	rules := h.rule[:h.n]
	if len(rules) == 0 {
		return "", "", "", false, false, false
	}
	meta := m.meta
	// A veto stops the rules of its reason that come after it in the
	// order, not the earlier ones: those are more specific, as the order
	// goes. Postfix's "Recipient address rejected" stops the general
	// "address rejected" (rejected), but not Exim's earlier "Sender verify
	// failed" in a callout reply that quotes the sender's MX saying
	// "Recipient address rejected: User unknown". vetoAt holds the first
	// veto of each reason.
	var vetoed [8]uint8
	var vetoAt [8]int32
	nv := 0
veto:
	for _, ri := range rules {
		r := meta[ri]
		if r.kind != veto {
			continue
		}
		for i := range vetoed[:nv] {
			if vetoed[i] == r.reason {
				vetoAt[i] = min(vetoAt[i], ri)
				continue veto
			}
		}
		if nv < len(vetoed) {
			vetoed[nv], vetoAt[nv] = r.reason, ri
			nv++
		}
	}
	// The best of each kind is the lowest rule index; none is noRule.
	const noRule = 1<<31 - 1
	var bestOf [deferral + 1]int32
	bestOf[strong], bestOf[weak], bestOf[fallback], bestOf[deferral] = noRule, noRule, noRule, noRule
next:
	for _, ri := range rules {
		r := meta[ri]
		if r.kind == veto {
			continue
		}
		for i, v := range vetoed[:nv] {
			if v == r.reason && ri > vetoAt[i] {
				continue next
			}
		}
		if ri < bestOf[r.kind] {
			bestOf[r.kind] = ri
		}
	}
	if bs := bestOf[strong]; bs != noRule {
		strongR, temp, documented = m.rules[bs].reason, m.rules[bs].soft, m.meta[bs].provider
	}
	if bw := bestOf[weak]; bw != noRule {
		weakR = m.rules[bw].reason
	}
	if bf := bestOf[fallback]; bf != noRule {
		fallR = m.rules[bf].reason
	}
	deferred = bestOf[deferral] != noRule
	return strongR, weakR, fallR, temp, deferred, documented
}

// codeReason returns the reason an enhanced status code implies, and
// whether the code alone makes the failure hard.
func codeReason(c Code) (Reason, bool) {
	if c.IsZero() {
		return "", false
	}
	if e := lookupCode(c); e != nil {
		if c.Class == 4 {
			if e.temp != "" {
				return e.temp, false
			}
			return e.reason, false
		}
		return e.reason, e.hard && c.Class == 5
	}
	// QUIRK(Exchange Online): 5.7.606–649 "banned sending IP" and
	// 5.7.700–750 "tenant blocked" lie outside the registry.
	if c.Subject == 7 && c.Detail >= 500 && c.Detail < 800 {
		return ReasonBlocked, false
	}
	switch c.Subject {
	case 1:
		if c.Class == 5 {
			return ReasonUserUnknown, false
		}
	case 2:
		return ReasonFiltered, false
	case 3:
		return ReasonSystemError, false
	case 4:
		return ReasonNetworkError, false
	case 6:
		return ReasonContentError, false
	case 7:
		return ReasonSecurityError, false
	}
	return ReasonOnHold, false
}

// basicReason returns the reason a basic reply code implies on its own
// (RFC 5321 §4.2.3, RFC 4954, RFC 5248, RFC 7504). The categories follow
// from the Azure Communication Services bounce tables: 521, 525, 550 and
// 553 are hard bounces, 551, 552 and 554 soft ones. Where they and the
// RFCs are silent we decide as a large sender would: 556 (RFC 7504, the
// domain accepts no mail) is as hard as 521; the 50x syntax errors and
// 555 are our own client's fault, so Soft and, as 5xx, not retried; an
// unexplained 554 (RFC 5321: "Transaction failed") is Soft and not
// retried, since nothing says that the same message would pass later.
func basicReason(basic int) Reason {
	switch basic {
	case 0:
		return ""
	case 421, 450, 451:
		return ReasonSystemError
	case 452:
		return ReasonSystemFull
	case 454:
		return ReasonSystemError
	case 455, 500, 501, 502, 503, 504, 555:
		return ReasonSyntaxError
	case 521, 556:
		return ReasonNotAccept
	case 523, 524, 538:
		return ReasonFailedSTARTTLS
	case 525:
		return ReasonSuspend
	case 530, 534, 535:
		return ReasonSecurityError
	case 550, 553:
		return ReasonUserUnknown
	case 551:
		return ReasonNoRelaying
	case 552:
		return ReasonMailboxFull
	case 554:
		return ReasonOnHold
	}
	if basic/100 == 4 || basic/100 == 5 {
		return ReasonOnHold
	}
	return ""
}

// finish fills in the category and the advice. cat, when not "", overrides
// the category that the reason implies; hard forces Hard for a permanent
// failure.
func finish(res Result, reason Reason, cat Category, hard, transient bool) Result {
	finishTo(&res, reason, cat, hard, transient)
	return res
}

// finishTo is finish for a Result in place.
func finishTo(res *Result, reason Reason, cat Category, hard, transient bool) {
	res.Reason = reason
	forced := cat == Soft
	if cat == "" {
		cat = reason.category(!transient)
		if hard && !transient {
			cat = Hard
		}
	}
	if transient && cat == Hard {
		cat = Soft
	}
	res.Category = cat
	switch cat {
	case Hard:
		res.Suppress = true
	case Soft:
		// A 5xx is retried only when its condition passes with time;
		// cat forced Soft (the text calls the condition temporary, or
		// a caller's Rule says so) is retried too.
		res.Retry = transient || forced || !permanent(res) || reason.retriedPermanent()
	case Spam:
		res.Retry = transient
	}
}

// permanent reports whether the codes of res say that the failure is
// permanent: a 5xx reply or a 5.x.x status (and no 4xx or 4.x.x, which
// finishTo's callers report as transient).
func permanent(res *Result) bool { return res.ReplyCode/100 == 5 || res.Status.Class == 5 }

// retriedPermanent reports whether a permanent (5xx) failure with reason r
// is still worth retrying. RFC 5321 §4.2.1 says a client should not repeat
// a 5xx request as it was, but the soft bounces that pass with time are
// retried by large senders: Zoho Marketing Automation retries a full
// mailbox or a busy system for 5 days; SendGrid retries a full mailbox, a
// message too big or a server down for 72 hours; Zoho Campaigns resends
// after a mailbox full, a sending limit, server or DNS trouble, time-outs
// and expiry. Where they are silent (systemfull, toomanyconn) we decide as
// a large sender would: storage frees and limits reset, so retry. A server
// error, a refused relay, a syntax or TLS error, a refusal whose cause is
// not known (onhold, undefined) and every Spam reason are not retried
// blindly: resending the same message the same way meets the same answer.
func (r Reason) retriedPermanent() bool {
	switch r {
	case ReasonMailboxFull, ReasonMesgTooBig, ReasonExceedLimit, ReasonSystemFull,
		ReasonSpeeding, ReasonTooManyConn, ReasonNetworkError, ReasonExpired:
		return true
	}
	return false
}

// category returns the category of a failure with reason r; permanent tells
// a 5xx from a 4xx.
func (r Reason) category(permanent bool) Category {
	switch r {
	case ReasonDelivered, ReasonVacation:
		return ""
	case ReasonUserUnknown, ReasonHostUnknown, ReasonHasMoved, ReasonNotAccept, ReasonSuspend:
		if permanent {
			return Hard
		}
		return Soft
	case ReasonBlocked, ReasonSpamDetected, ReasonPolicyViolation, ReasonAuthFailure,
		ReasonBadReputation, ReasonRequirePTR, ReasonContentError, ReasonVirusDetected,
		ReasonRejected, ReasonFiltered, ReasonSecurityError, ReasonNotCompliantRFC, ReasonFeedback:
		return Spam
	case ReasonNone:
		return ""
	}
	return Soft
}
