package bounce

// Category is the coarse decision about a failed delivery: what a sender does
// about the recipient. The zero value means "not a failure" (delivered, an
// auto-reply, or nothing to decide).
type Category string

// The categories.
const (
	// Hard: the address is bad (the user or the domain does not exist, the
	// mailbox is disabled for good). Suppress the recipient.
	Hard Category = "hard"
	// Soft: the address is not known to be bad. Most soft failures are
	// transient (mailbox full, rate limit, greylisting, timeouts, server
	// errors) and are retried; a permanent one that is not about the
	// address (a refused relay, a protocol error, an unexplained 554) is
	// not: Result.Retry says which. Do not suppress.
	Soft Category = "soft"
	// Spam: a policy, reputation, content or authentication decision of the
	// receiver. The recipient is not at fault: do not suppress the recipient,
	// do not retry blindly, tell the sender.
	Spam Category = "spam"
)

// String returns "hard", "soft", "spam" or "".
func (c Category) String() string { return string(c) }

// Result is the decision about one reply, error or bounced recipient.
type Result struct {
	Category  Category // Hard, Soft, Spam, or "" when not a failure
	Reason    Reason   // why, in Sisimai's vocabulary
	Status    Code     // the enhanced status code given or implied; zero if none
	ReplyCode int      // the basic SMTP reply code (550), 0 if none

	// Retry advises sending again later. It is true for every transient
	// failure (a 4xx reply or a 4.x.x status, even a policy deferral) and
	// never for a hard bounce. A permanent failure (5xx) is not repeated
	// as it was (RFC 5321 §4.2.1) unless its condition passes with time:
	// a full mailbox or system, a message too big, a rate or connection
	// limit, a network error or an expiry, a code that RFC 3463 defines
	// as transient only (5.4.3), or text that calls the condition
	// temporary or asks to try again later. Spam is retried only when
	// transient.
	Retry bool
	// Suppress advises to stop mailing the recipient: true for Hard.
	Suppress bool
	// Greylisted tells that a transient failure is a greylisting
	// deferral (RFC 6647): the receiver defers senders it does not know
	// yet and accepts the same message when it comes back after a few
	// minutes. Its Reason is speeding, as in Sisimai's vocabulary, but it
	// is no rate limit: retry this recipient soon, and do not slow down
	// the other mail to the domain.
	Greylisted bool
	// Provider names the receiver whose own documented meaning of its
	// replies decided Reason, when the reply came from its servers
	// ([Input].Domain or [Input].Host is the receiver's) and its words
	// mean something else there than elsewhere: "docomo" (NTT docomo),
	// "kddi" (au by KDDI), "mimecast", "messagelabs" (Broadcom Email
	// Security.cloud), "tencent" (QQ Mail). It is "" when the general
	// rules decided.
	Provider string
}

// Failed reports whether r is a failure (its category is not the zero value).
func (r Result) Failed() bool { return r.Category != "" }

// ResultFor builds the Result of a failure whose reason is already known
// (for example decided by a bounce parser from the report's structure):
// the category that reason implies, Hard only for a permanent reply, and the
// advice. r supplies the codes; a 4xx reply or 4.x.x status is transient. A
// 2.x.x status or a delivered or vacation reason gives a Result that is not
// a failure.
func ResultFor(reason Reason, r Reply) Result {
	res := Result{Status: r.Code, ReplyCode: r.Basic}
	if r.success() {
		reason = ReasonDelivered
	}
	return finish(res, reason, "", false, r.transient())
}
