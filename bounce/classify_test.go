package bounce

import (
	"fmt"
	"strings"
	"testing"
)

// check verifies the invariants of a Result: Hard suppresses and is not
// retried, Spam never suppresses, Soft is retried unless it is a 5xx whose
// reason does not pass with time, a 4xx is never Hard and always retried.
func (r Result) check() error {
	transient := r.ReplyCode/100 == 4 || r.Status.Class == 4
	switch {
	case r.Category == Hard && (!r.Suppress || r.Retry):
		return fmt.Errorf("hard without suppress or with retry")
	case r.Category != Hard && r.Suppress:
		return fmt.Errorf("suppress without hard")
	case r.Category == Soft && !r.Retry && (transient || !permanent(&r) || r.Reason.retriedPermanent()):
		return fmt.Errorf("soft without retry")
	case transient && r.Category == Hard:
		return fmt.Errorf("4xx is hard")
	case transient && r.Category != "" && !r.Retry:
		return fmt.Errorf("4xx without retry")
	case r.Category == "" && (r.Retry || r.Suppress):
		return fmt.Errorf("advice without a failure")
	case r.Category != "" && r.Reason == "":
		return fmt.Errorf("failure without reason")
	}
	return nil
}

// The Azure Communication Services tables of seed 000: every hard code on
// its own is Hard, every soft code Soft or Spam.
var seedHard = []string{
	"521", "525", "550", "553", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.6", "5.1.9", "5.1.10",
	"5.2.1", "5.3.2", "5.4.1", "5.4.4", "5.4.6", "5.7.13", "5.4.310",
}

var seedSoft = []string{
	"551", "552", "554", "5.2.2", "5.2.3", "5.2.121", "5.2.122", "5.3.1", "5.3.3", "5.3.4",
	"5.5.3", "5.6.1", "5.6.2", "5.6.3", "5.6.5", "5.6.6", "5.6.11", "5.7.1", "5.7.2", "5.7.12",
	"5.7.15", "5.7.16", "5.7.17", "5.7.18", "5.7.19", "5.7.20", "5.7.21", "5.7.22", "5.7.23",
	"5.7.24", "5.7.25", "5.7.26", "5.7.27", "5.7.28", "5.7.29", "5.7.30", "5.7.51",
}

func TestSeedHardCodes(t *testing.T) {
	for _, c := range seedHard {
		got := Classify(c)
		if got.Category != Hard || !got.Suppress {
			t.Errorf("Classify(%q) = %+v, want Hard and Suppress", c, got)
		}
		// The same code as a transient failure is never hard.
		if strings.HasPrefix(c, "5") {
			tc := "4" + c[1:]
			if got := Classify(tc); got.Category == Hard || !got.Retry {
				t.Errorf("Classify(%q) = %+v, want not Hard and Retry", tc, got)
			}
		}
	}
}

func TestSeedSoftCodes(t *testing.T) {
	for _, c := range seedSoft {
		got := Classify(c)
		if got.Category != Soft && got.Category != Spam {
			t.Errorf("Classify(%q) = %+v, want Soft or Spam", c, got)
		}
		if got.Suppress {
			t.Errorf("Classify(%q) = %+v, want no Suppress", c, got)
		}
		// 5.7.x policy and authentication codes are Spam.
		if strings.HasPrefix(c, "5.7.") && got.Category != Spam && got.Reason != ReasonMesgTooBig &&
			got.Reason != ReasonFailedSTARTTLS {
			t.Errorf("Classify(%q) = %+v, want Spam", c, got)
		}
	}
}

func TestTextBeatsCode(t *testing.T) {
	tests := []struct {
		in     string
		cat    Category
		reason Reason
	}{
		{"5.2.1", Hard, ReasonSuspend},
		{"550 5.2.1 Mailbox unavailable: your IP 192.0.2.1 is blocked using RBL bl.example.org", Spam, ReasonBlocked},
		{"550 5.2.1 blocked using RBL", Spam, ReasonBlocked},
		{"550 5.1.1 Mailbox full", Soft, ReasonMailboxFull},
		// A general phrase does not beat a specific code.
		{"552 5.2.2 Requested action not taken: mailbox unavailable", Soft, ReasonMailboxFull},
		// It beats an unspecific one.
		{"550 5.7.1 Requested action not taken: mailbox unavailable", Hard, ReasonUserUnknown},
		// A fallback phrase counts only without a meaningful code.
		{"550 <someone@example.com>: Recipient address rejected.", Hard, ReasonUserUnknown},
		{"550 5.7.1 <someone@example.com>: Recipient address rejected: Delivery not authorized", Spam, ReasonSecurityError},
		// Which size limit: the text says when it names the owner of
		// the limit (the system's "fixed maximum", the recipient's
		// "administrative limit"); the bare X.2.3 is the per-mailbox one.
		{"552 5.2.3 Message size exceeds fixed maximum message size", Soft, ReasonMesgTooBig},
		{"552 5.2.3 Message length exceeds administrative limit", Soft, ReasonExceedLimit},
		{"550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient", Soft, ReasonExceedLimit},
		{"552 5.2.3", Soft, ReasonExceedLimit},
		// A size limit is the recipient's only when the text says so.
		{"452 4.2.2 Mailbox full for this recipient", Soft, ReasonMailboxFull},
		{"550 5.1.1 No such user for this recipient", Hard, ReasonUserUnknown},
		// Postfix's "Sender address rejected:" is about the sender,
		// whatever follows; an authentication phrase says more.
		{"550 5.1.0 <sender@example.net>: Sender address rejected: User unknown in local recipient table", Spam, ReasonRejected},
		{"550 5.7.23 <sender@example.net>: Sender address rejected: SPF fail - not authorized", Spam, ReasonAuthFailure},
		// Which storage: the code says.
		{"452 4.4.5 Insufficient disk space; try again later", Soft, ReasonSystemFull},
		// "No such user" under a mailbox-status code: the text names
		// the condition, and both say the address is not usable.
		{"550 5.2.1 <someone@example.com>... User Unknown", Hard, ReasonUserUnknown},
		// "Access denied" names no cause beyond X.7.1's; without a
		// status code it is a block.
		{"550 5.7.1 <someone@example.com>... Access denied", Spam, ReasonSecurityError},
		{"550 Access denied", Spam, ReasonBlocked},
		// The code beats the basic code.
		{"550 5.7.1", Spam, ReasonSecurityError},
		{"550 5.2.2", Soft, ReasonMailboxFull},
	}
	for _, tt := range tests {
		got := Classify(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("Classify(%q) = %s/%s, want %s/%s", tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
	}
}

func TestTransientNeverHard(t *testing.T) {
	for _, in := range []string{
		"450 4.1.1 <someone@example.com>: Recipient address rejected: User unknown",
		"451 4.7.1 Service unavailable; client host blocked using zen.spamhaus.org",
		"421 4.4.2 mailbox disabled",
		"450 user unknown",
		"4.1.10",
		"421",
	} {
		got := Classify(in)
		if got.Category == Hard || got.Suppress || !got.Retry {
			t.Errorf("Classify(%q) = %+v, want not Hard, Retry", in, got)
		}
	}
}

func TestSuccess(t *testing.T) {
	for _, in := range []string{"250 2.0.0 OK queued as 12345", "250 OK", "2.1.5", "251 User not local; will forward"} {
		got := Classify(in)
		if got.Category != "" || got.Retry || got.Suppress || got.Reason != ReasonDelivered {
			t.Errorf("Classify(%q) = %+v, want delivered, not a failure", in, got)
		}
	}
}

func TestNoCode(t *testing.T) {
	tests := []struct {
		in     string
		cat    Category
		reason Reason
	}{
		{"", Soft, ReasonUndefined},
		{"something went wrong", Soft, ReasonOnHold},
		{"User unknown", Hard, ReasonUserUnknown},
		{"550", Hard, ReasonUserUnknown},
		// Text that says nothing known: the code decides, as if bare.
		{"550 Transaction refused for reasons unknown to us", Hard, ReasonUserUnknown},
	}
	for _, tt := range tests {
		got := Classify(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason {
			t.Errorf("Classify(%q) = %s/%s, want %s/%s", tt.in, got.Category, got.Reason, tt.cat, tt.reason)
		}
	}
}

func TestClassifyInputCommand(t *testing.T) {
	tests := []struct {
		cmd, in string
		reason  Reason
	}{
		{"MAIL", "550 5.1.1 <sender@example.net>: unknown user", ReasonRejected},
		{"MAIL", "553 5.1.8 Domain of sender address does not exist", ReasonRejected},
		{"MAIL", "550 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org", ReasonBlocked},
		{"RCPT", "550 5.1.1 unknown user", ReasonUserUnknown},
		{"CONN", "554 mx.example.com ESMTP not accepting messages", ReasonBlocked},
		{"EHLO", "550 Access denied", ReasonBlocked},
		{"ehlo", "550 5.7.1 Relaying denied", ReasonBlocked},
		{"DATA", "550 user unknown", ReasonFiltered},
		{"DATA", "550 5.1.1 user unknown", ReasonUserUnknown},
		{"STARTTLS", "454 4.7.0 something odd happened", ReasonFailedSTARTTLS},
		{"", "550 user unknown", ReasonUserUnknown},
		{"RCPT", "550 5.2.1 <someone@example.com>... User Unknown", ReasonUserUnknown},
		{"MAIL", "550 5.7.1 Access denied", ReasonRejected},
		{"MAIL", "550 5.7.1", ReasonRejected},
		{"MAIL", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", ReasonBlocked},
		// A refusal at MAIL that the text explains otherwise keeps its
		// reason: the sender's address is not at fault.
		{"MAIL", "530 5.7.1 Authentication required", ReasonSecurityError},
		{"MAIL", "451 4.3.0 Internal server error", ReasonSystemError},
		{"MAIL", "554 5.3.0 Local configuration error", ReasonSystemError},
		// An unknown host before the greeting: the connection to the
		// recipient's domain was never made.
		{"CONN", "550 5.1.2 Host unknown", ReasonHostUnknown},
		{"HELO", "550 5.1.2 Host unknown", ReasonHostUnknown},
		{"HELO", "550 Access denied", ReasonBlocked},
	}
	for _, tt := range tests {
		got := ClassifyInput(Input{Reply: ParseReply(tt.in), Command: tt.cmd})
		if got.Reason != tt.reason {
			t.Errorf("ClassifyInput(%q, %q) = %s, want %s", tt.cmd, tt.in, got.Reason, tt.reason)
		}
		if err := got.check(); err != nil {
			t.Errorf("ClassifyInput(%q, %q) = %+v: %v", tt.cmd, tt.in, got, err)
		}
	}
}

func TestMailerErrorType(t *testing.T) {
	got := ClassifyReply(ParseReply("X-Unix; 127"))
	if got.Reason != ReasonMailerError {
		t.Errorf("ClassifyReply(ParseReply(%q)).Reason = %s, want %s", "X-Unix; 127", got.Reason, ReasonMailerError)
	}
}

// Every reason that the text rules can give has at least one phrase that
// gives it.
func TestEveryReasonReachable(t *testing.T) {
	seen := map[Reason]bool{}
	for _, r := range builtinRules {
		if r.kind != veto {
			seen[r.reason] = true
		}
	}
	for _, r := range reasons {
		switch r {
		case ReasonFeedback, ReasonDelivered, ReasonOnHold, ReasonUndefined:
			continue // not said in reply texts
		}
		if !seen[r] {
			t.Errorf("no text rule gives reason %s", r)
		}
	}
}

// Each built-in rule finds its own phrase in a sentence.
func TestEveryRuleMatchesItself(t *testing.T) {
	m := builtin()
	for i, r := range m.rules {
		text := "xx " + strings.ReplaceAll(r.pat, "*", " zz ") + " yy"
		var h hits
		m.scan(text, &h)
		found := false
		for j := 0; j < h.n; j++ {
			if h.rule[j] == int32(i) {
				found = true
			}
		}
		if !found {
			t.Errorf("rule %d %q does not match %q", i, r.pat, text)
		}
	}
}

func TestMultiPartGap(t *testing.T) {
	far := "mailbox " + strings.Repeat("x", maxGap+10) + " full"
	if got := Classify("550 " + far); got.Reason == ReasonMailboxFull {
		t.Errorf("Classify(%q) = %s, parts too far apart must not match", far, got.Reason)
	}
	if got := Classify("550 mailbox of the user is full"); got.Reason != ReasonMailboxFull {
		t.Errorf("Classify(%q) = %s, want mailboxfull", "550 mailbox of the user is full", got.Reason)
	}
}

func TestCaseAndSpaceFolding(t *testing.T) {
	for _, in := range []string{
		"550 USER UNKNOWN", "550 User\r\n\tUnknown", "550 user    unknown", "550 uSeR uNkNoWn",
	} {
		if got := Classify(in); got.Reason != ReasonUserUnknown {
			t.Errorf("Classify(%q) = %s, want userunknown", in, got.Reason)
		}
	}
}

func TestRuleCategoryOfReasons(t *testing.T) {
	for _, r := range reasons {
		c := r.Category()
		switch r {
		case ReasonDelivered, ReasonVacation:
			if c != "" {
				t.Errorf("%s.Category() = %q, want \"\"", r, c)
			}
		case ReasonUserUnknown, ReasonHostUnknown, ReasonHasMoved, ReasonNotAccept, ReasonSuspend:
			if c != Hard {
				t.Errorf("%s.Category() = %q, want hard", r, c)
			}
		default:
			if c != Soft && c != Spam {
				t.Errorf("%s.Category() = %q, want soft or spam", r, c)
			}
		}
	}
}

func TestClassifyLinesAgrees(t *testing.T) {
	for _, tt := range realWorld {
		if a, b := Classify(tt.in), ClassifyReply(ParseReply(tt.in)); a != b {
			t.Errorf("Classify(%q) = %+v, ClassifyReply(ParseReply(%[1]q)) = %+v", tt.in, a, b)
		}
	}
}

func TestBuiltinAllocs(t *testing.T) {
	for _, in := range []string{
		"550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550 5.1.1 double-checking.",
		"550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
		"5.1.1",
		"Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found",
	} {
		n := testing.AllocsPerRun(100, func() { Classify(in) })
		if n != 0 {
			t.Errorf("Classify(%q) allocates %v times, want 0", in, n)
		}
	}
}

func TestResultFor(t *testing.T) {
	tests := []struct {
		reason Reason
		r      Reply
		cat    Category
	}{
		{ReasonUserUnknown, Reply{Basic: 550, Code: Code{5, 1, 1}}, Hard},
		{ReasonUserUnknown, Reply{Basic: 450, Code: Code{4, 1, 1}}, Soft},
		{ReasonFiltered, Reply{Basic: 550}, Spam},
		{ReasonMailerError, Reply{}, Soft},
		{ReasonSuspend, Reply{Code: Code{5, 0, 0}}, Hard},
		{ReasonVacation, Reply{}, ""},
		{ReasonUserUnknown, Reply{Code: Code{2, 1, 5}}, ""},
	}
	for _, tt := range tests {
		got := ResultFor(tt.reason, tt.r)
		if got.Category != tt.cat || got.Status != tt.r.Code || got.ReplyCode != tt.r.Basic {
			t.Errorf("ResultFor(%s, %+v) = %+v, want category %q", tt.reason, tt.r, got, tt.cat)
		}
		if err := got.check(); err != nil {
			t.Errorf("ResultFor(%s, %+v) = %+v: %v", tt.reason, tt.r, got, err)
		}
	}
}

// TestClassifyInputReason checks that a reason the caller decided meets
// the command rules about the envelope, and is kept otherwise.
func TestClassifyInputReason(t *testing.T) {
	tests := []struct {
		cmd, in string
		reason  Reason // Input.Reason
		want    Reason
		cat     Category
	}{
		{"MAIL", "550 5.1.1 no such user here", ReasonUserUnknown, ReasonRejected, Spam},
		{"MAIL", "550 sender refused", ReasonHostUnknown, ReasonRejected, Spam},
		{"MAIL", "550 5.7.1 listed", ReasonBlocked, ReasonBlocked, Spam},
		{"MAIL", "554 failed", ReasonOnHold, ReasonRejected, Spam},
		{"RCPT", "550 5.2.1 no such user here", ReasonUserUnknown, ReasonUserUnknown, Hard},
		{"DATA", "554 delivery error: no such account", ReasonUserUnknown, ReasonUserUnknown, Hard},
		{"CONN", "554 go away", ReasonUndefined, ReasonBlocked, Spam},
		{"", "550 whatever", ReasonMailboxFull, ReasonMailboxFull, Soft},
		{"", "452 4.2.2 over quota", ReasonUserUnknown, ReasonUserUnknown, Soft},
		{"RCPT", "250 2.1.5 ok", ReasonUserUnknown, ReasonDelivered, ""},
	}
	for _, tt := range tests {
		got := ClassifyInput(Input{Reply: ParseReply(tt.in), Command: tt.cmd, Reason: tt.reason})
		if got.Reason != tt.want || got.Category != tt.cat {
			t.Errorf("ClassifyInput(%q, %q, Reason %s) = %s/%s, want %s/%s", tt.cmd, tt.in, tt.reason, got.Category, got.Reason, tt.cat, tt.want)
		}
		if err := got.check(); err != nil {
			t.Errorf("ClassifyInput(%q, %q, Reason %s) = %+v: %v", tt.cmd, tt.in, tt.reason, got, err)
		}
	}
}

// decision is the expected Result of one reply, Retry and Greylisted
// included.
type decision struct {
	in     string
	cat    Category
	reason Reason
	retry  bool
	grey   bool
}

func testDecisions(t *testing.T, tests []decision) {
	t.Helper()
	for _, tt := range tests {
		got := Classify(tt.in)
		if got.Category != tt.cat || got.Reason != tt.reason || got.Retry != tt.retry || got.Greylisted != tt.grey {
			t.Errorf("Classify(%q) = %s/%s retry=%v grey=%v, want %s/%s retry=%v grey=%v", tt.in,
				got.Category, got.Reason, got.Retry, got.Greylisted, tt.cat, tt.reason, tt.retry, tt.grey)
		}
		if err := got.check(); err != nil {
			t.Errorf("Classify(%q) = %+v: %v", tt.in, got, err)
		}
	}
}

// Issue 11 §1: generic mistakes, each generalised by its meaning.
func TestGenericMistakes(t *testing.T) {
	testDecisions(t, []decision{
		// RFC 5321's own text for 421 is a transient server condition,
		// not a block.
		{"421 Service not available, closing transmission channel", Soft, ReasonSystemError, true, false},
		{"421 4.3.2 Service not available, closing transmission channel", Soft, ReasonNotAccept, true, false},
		{"421 mx.example.com Service not available, closing transmission channel", Soft, ReasonSystemError, true, false},
		// A phrase that names a missing mailbox beats Postfix's generic
		// "Recipient address rejected" prefix, whatever the code's
		// subject.
		{"550 5.2.1 <x@example.com>: Recipient address rejected: Mailbox does not exist", Hard, ReasonUserUnknown, false, false},
		{"550 5.2.0 <x@example.com>: Recipient address rejected: No such user", Hard, ReasonUserUnknown, false, false},
		{"550 5.7.1 <x@example.com>: Recipient address rejected: User unknown", Hard, ReasonUserUnknown, false, false},
		{"554 5.7.1 <x@example.com>: Recipient address rejected: Invalid recipient", Hard, ReasonUserUnknown, false, false},
		{"550 <x@example.com>: Recipient address rejected: user unknown in relay recipient table", Hard, ReasonUserUnknown, false, false},
		// A bare deferral with a try-again text is greylisting, not a
		// block: Soft and Greylisted.
		{"451 4.7.1 Please try again later", Soft, ReasonSpeeding, true, true},
		{"451 4.7.1 Try again later", Soft, ReasonSpeeding, true, true},
		{"450 4.7.0 Please come back later", Soft, ReasonSpeeding, true, true},
		{"451 Please try again later", Soft, ReasonSpeeding, true, true},
		{"451 4.0.0 Try later", Soft, ReasonSpeeding, true, true},
		// A named cause beside the try-again text keeps its reason.
		{"451 4.7.1 Service unavailable - try again later; client host blocked using zen.spamhaus.org", Spam, ReasonBlocked, true, false},
		{"452 4.2.2 Mailbox full, please try again later", Soft, ReasonMailboxFull, true, false},
		{"451 4.3.0 Temporary local problem - please try later", Soft, ReasonSystemError, true, false},
		// No 5xx refusal is retried blindly.
		{"553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", Soft, ReasonNoRelaying, false, false},
		{"554 5.7.1 <x@example.com>: Relay access denied", Soft, ReasonNoRelaying, false, false},
		{"550 5.7.1 Unable to relay for x@example.com", Soft, ReasonNoRelaying, false, false},
		// 5.2.3 with a limit the text says is the system's is a message
		// too big; the recipient's own limit stays exceedlimit.
		{"552 5.2.3 Message exceeds local size limit", Soft, ReasonMesgTooBig, true, false},
		{"552 5.2.3 Message size exceeds fixed maximum message size (10485760)", Soft, ReasonMesgTooBig, true, false},
		{"552 5.2.3 Message length exceeds administrative limit", Soft, ReasonExceedLimit, true, false},
	})
}

// Issue 14 item 8: a reply whose text says nothing known is decided as its
// bare code, and no 5xx is retried unless its condition passes with time.
func TestUnknownTextIsCode(t *testing.T) {
	testDecisions(t, []decision{
		{"550 Something went wrong", Hard, ReasonUserUnknown, false, false},
		{"550", Hard, ReasonUserUnknown, false, false},
		{"550 5.0.0 error", Hard, ReasonUserUnknown, false, false},
		{"550 5.0.0", Hard, ReasonUserUnknown, false, false},
		{"553 Nope", Hard, ReasonUserUnknown, false, false},
		{"553", Hard, ReasonUserUnknown, false, false},
		{"521 mx.example.com says goodbye", Hard, ReasonNotAccept, false, false},
		{"521", Hard, ReasonNotAccept, false, false},
		{"525 Computer says no", Hard, ReasonSuspend, false, false},
		{"525", Hard, ReasonSuspend, false, false},
		{"554 Transaction failed", Soft, ReasonSystemError, false, false},
		{"554 5.0.0 Oops", Soft, ReasonOnHold, false, false},
		{"554", Soft, ReasonOnHold, false, false},
		{"551 Elsewhere", Soft, ReasonNoRelaying, false, false},
		{"551", Soft, ReasonNoRelaying, false, false},
		// The seeds' soft reasons that pass with time are retried.
		{"552 Oops", Soft, ReasonMailboxFull, true, false},
		{"552", Soft, ReasonMailboxFull, true, false},
		{"552 5.2.2 Oops", Soft, ReasonMailboxFull, true, false},
		{"552 5.3.4 Oops", Soft, ReasonMesgTooBig, true, false},
		{"550 5.2.2 mailbox full", Soft, ReasonMailboxFull, true, false},
		{"554 5.3.4 Message too big for system", Soft, ReasonMesgTooBig, true, false},
		// An enhanced code that names a cause beats the basic code, with
		// and without text.
		{"550 5.7.1 Something went wrong", Spam, ReasonSecurityError, false, false},
		{"550 5.7.1", Spam, ReasonSecurityError, false, false},
		{"550 5.3.0 Something went wrong", Soft, ReasonSystemError, false, false},
		{"550 5.3.0", Soft, ReasonSystemError, false, false},
		// A 4xx is retried whatever its text.
		{"451 Something went wrong", Soft, ReasonOnHold, true, false},
		{"451 4.3.0 error", Soft, ReasonOnHold, true, false},
	})
	// The text adds nothing: the same decision as the bare codes.
	for _, pair := range [][2]string{
		{"550 Something went wrong", "550"}, {"550 5.0.0 error", "550 5.0.0"}, {"553 Nope", "553"},
		{"521 goodbye", "521"}, {"525 no", "525"}, {"551 no", "551"}, {"552 no", "552"},
		{"556 no", "556"}, {"554 5.0.0 no", "554 5.0.0"}, {"550 5.5.0 no", "550 5.5.0"},
	} {
		a, b := Classify(pair[0]), Classify(pair[1])
		if a.Category != b.Category || a.Reason != b.Reason || a.Retry != b.Retry {
			t.Errorf("Classify(%q) = %+v, Classify(%q) = %+v: want the same decision", pair[0], a, pair[1], b)
		}
	}
}

// A permanent failure is retried only for a condition that passes with
// time; a transient one always.
func TestRetryPermanent(t *testing.T) {
	retried := map[Reason]bool{
		ReasonMailboxFull: true, ReasonMesgTooBig: true, ReasonExceedLimit: true, ReasonSystemFull: true,
		ReasonSpeeding: true, ReasonTooManyConn: true, ReasonNetworkError: true, ReasonExpired: true,
	}
	for _, r := range reasons {
		if got := r.retriedPermanent(); got != retried[r] {
			t.Errorf("%s.retriedPermanent() = %v, want %v", r, got, retried[r])
		}
		res := ResultFor(r, Reply{Basic: 550})
		if res.Category == Soft && res.Retry != retried[r] {
			t.Errorf("ResultFor(%s, 550) = %+v, want Retry %v", r, res, retried[r])
		}
		if res := ResultFor(r, Reply{Basic: 450}); res.Category != "" && !res.Retry {
			t.Errorf("ResultFor(%s, 450) = %+v, want Retry", r, res)
		}
		// A reply without any code is not known to be permanent.
		if res := ResultFor(r, Reply{}); res.Category == Soft && !res.Retry {
			t.Errorf("ResultFor(%s, no code) = %+v, want Retry", r, res)
		}
	}
	testDecisions(t, []decision{
		// Text that calls the condition temporary is retried, 5xx or not.
		{"550 5.2.1 This account has been temporarily suspended. Please try again later.", Soft, ReasonSuspend, true, false},
		// A 5xx that asks to come back later, naming no cause.
		{"550 5.7.1 Please try again later", Soft, ReasonSpeeding, true, false},
		// A soft 5xx that asks to come back later is retried as asked;
		// a hard or spam one is not.
		{"554 5.3.0 Local configuration error, please try again later", Soft, ReasonSystemError, true, false},
		{"550 5.1.1 User unknown, please try again later", Hard, ReasonUserUnknown, false, false},
		{"554 5.7.1 Client host blocked using zen.spamhaus.org, try again later", Spam, ReasonBlocked, false, false},
		// RFC 3463: X.4.3 is "useful only as a persistent transient error".
		{"550 5.4.3 Directory server failure", Soft, ReasonSystemError, true, false},
		{"5.4.3", Soft, ReasonSystemError, true, false},
		// Not retried: the same request meets the same answer.
		{"554 5.3.0 Local configuration error", Soft, ReasonSystemError, false, false},
		{"500 5.5.1 Command unrecognized", Soft, ReasonSyntaxError, false, false},
		{"530 5.7.0 Must issue a STARTTLS command first", Soft, ReasonFailedSTARTTLS, false, false},
		{"554 5.3.0 unknown mailer error 1", Soft, ReasonMailerError, false, false},
		// Retried: the condition passes.
		{"550 5.4.316 Message expired, connection refused", Soft, ReasonExpired, true, false},
		{"552 5.5.3 Too many recipients", Soft, ReasonTooManyConn, true, false},
		{"550 5.2.121 Recipient's hourly message receive limit from specific sender exceeded", Soft, ReasonSpeeding, true, false},
		{"552 5.3.1 Mail system full", Soft, ReasonSystemFull, true, false},
	})
}

// The package doc promises that text saying nothing known does not change
// what the codes decide, and that 4xx replies are retried and never Hard:
// checked over every registry code under the basic codes that carry it.
func TestRegistryUnknownText(t *testing.T) {
	for _, e := range registry {
		for _, basic := range []int{421, 450, 451, 452, 521, 550, 552, 553, 554} {
			class := basic / 100
			c := Code{Class: uint16(class), Subject: e.subject, Detail: e.detail}
			bare := fmt.Sprintf("%d %s", basic, c)
			text := bare + " Something went wrong"
			a, b := Classify(bare), Classify(text)
			if err := b.check(); err != nil {
				t.Errorf("Classify(%q) = %+v: %v", text, b, err)
			}
			if class == 4 {
				if b.Category == Hard || !b.Retry {
					t.Errorf("Classify(%q) = %+v, want not Hard and Retry", text, b)
				}
				continue
			}
			if a.Category != b.Category || a.Reason != b.Reason || a.Retry != b.Retry || a.Suppress != b.Suppress {
				t.Errorf("Classify(%q) = %s/%s retry=%v, Classify(%q) = %s/%s retry=%v: want the same",
					text, b.Category, b.Reason, b.Retry, bare, a.Category, a.Reason, a.Retry)
			}
		}
	}
	for basic := 500; basic < 600; basic++ {
		bare := fmt.Sprint(basic)
		text := bare + " Something went wrong"
		a, b := Classify(bare), Classify(text)
		if a.Category != b.Category || a.Reason != b.Reason || a.Retry != b.Retry {
			t.Errorf("Classify(%q) = %s/%s retry=%v, Classify(%q) = %s/%s retry=%v: want the same",
				text, b.Category, b.Reason, b.Retry, bare, a.Category, a.Reason, a.Retry)
		}
		if b.Retry && !b.Reason.retriedPermanent() {
			t.Errorf("Classify(%q) = %+v: a 5xx retried for a reason that does not pass", text, b)
		}
	}
}

// TestSenderCodes checks that an enhanced code naming the sender's
// address (RFC 3463 X.1.7, X.1.8; RFC 7505's X.7.27), or a text naming
// the sender, decides whose address a text's "invalid address" or "does
// not exist" is about: a refusal of the sender never suppresses the
// recipient.
func TestSenderCodes(t *testing.T) {
	for _, tt := range []struct {
		in     string
		cat    Category
		reason Reason
	}{
		{"553 5.1.7 The sender address is invalid", Spam, ReasonRejected},
		{"550 5.1.7 Invalid address", Spam, ReasonRejected},
		{"550 5.1.8 <s@example.net>: Sender address rejected: Domain not found", Spam, ReasonRejected},
		{"550 5.7.27 Sender address has null MX", Spam, ReasonRejected},
		// Texts that name the sender beside the words of an unknown or
		// disabled account.
		{"550 Unrouteable sender address", Spam, ReasonRejected},
		{"550 The sender's mailbox does not exist", Spam, ReasonRejected},
		{"550 5.1.0 Address rejected s@example.org: sender does not exist", Spam, ReasonRejected},
		{"553 Sorry, your sender address does not exist", Spam, ReasonRejected},
		{"550 5.7.0 Sender rejected: user unknown", Spam, ReasonRejected},
		{"550 rejected: sender's account disabled", Spam, ReasonRejected},
		{"553 sender mailbox not found", Spam, ReasonRejected},
		{"550 5.1.0 Sender address rejected: User does not exist", Spam, ReasonRejected},
		// The recipient's code keeps the text's reading.
		{"550 5.1.1 Invalid address", Hard, ReasonUserUnknown},
		{"550 5.2.1 The email account that you tried to reach is disabled", Hard, ReasonSuspend},
	} {
		if got := Classify(tt.in); got.Category != tt.cat || got.Reason != tt.reason || got.Suppress != (tt.cat == Hard) {
			t.Errorf("Classify(%q) = %s/%s suppress %v, want %s/%s", tt.in, got.Category, got.Reason, got.Suppress, tt.cat, tt.reason)
		}
	}
}
