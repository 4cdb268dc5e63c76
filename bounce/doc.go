// Package bounce classifies failed deliveries: it reads an SMTP reply, a
// DSN's diagnostic code or a sender's error and decides what a sender should
// do about the recipient.
//
// The decision is a [Result]: a [Category] (Hard: the address is bad,
// suppress it; Soft: transient, retry later; Spam: a policy, reputation,
// content or authentication decision of the receiver, so neither suppress
// the recipient nor retry blindly, but tell the sender), a [Reason] in
// Sisimai's vocabulary ("userunknown", "mailboxfull", "blocked" …), the
// codes, and the advice Retry and Suppress.
//
//	res := bounce.Classify("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown")
//	// res.Category == bounce.Hard, res.Reason == bounce.ReasonUserUnknown, res.Suppress
//
// Use [Classify] for a reply string, [ClassifyReply] for a parsed [Reply],
// [ClassifyInput] when the SMTP command or the recipient domain is known
// (a bounce parser knows them), and [ClassifyError] for the error a sender
// returned. [ResultFor] gives the category and advice for a reason decided
// elsewhere. A [Classifier] layers the caller's [Rule]s, which [ReadRules]
// reads from JSON, over the built-in ones.
//
// # How a reply is decided
//
//  1. The caller's Rules, in order.
//  2. When the reply is known to come from a receiver whose words mean
//     something of their own on its servers ([Input].Domain or
//     [Input].Host is the receiver's), that receiver's documented
//     meaning, named in [Result].Provider: the Japanese carriers answer
//     a recipient's reception filter with the words of an unknown user
//     (au: "550 : User unknown" without the address; docomo before March
//     2025: Status 5.2.0); Mimecast, Broadcom Email Security.cloud and
//     QQ Mail write a few texts that mean something else elsewhere.
//  3. The built-in text rules: phrases that real receivers write (Gmail,
//     Outlook and Exchange, Yahoo, iCloud, Proofpoint, Mimecast, Barracuda,
//     Cisco, Postfix, Exim, Sendmail, qmail, Japanese carriers). Specific
//     text beats the codes: "550 5.2.1 … blocked using an RBL" is Spam
//     although 5.2.1 alone is Hard. General phrases such as RFC 5321's
//     "mailbox unavailable" count only when the codes say nothing specific.
//  4. The enhanced status code (RFC 3463 and its registry).
//  5. The basic reply code (RFC 5321).
//  6. The SMTP command, when known: a refusal of MAIL FROM that names an
//     address or gives no cause is about the sender (rejected), while one
//     the text explains otherwise (authentication, a server fault) keeps
//     its reason; a refusal before MAIL is about the sending host
//     (blocked), unless the host name could not be resolved (hostunknown);
//     a "user unknown" after DATA without an X.1.X status comes from a
//     filter (filtered). A receiver's own documented code or phrase keeps
//     its meaning at every command. A reason the caller decided itself
//     ([Input].Reason, e.g. from a bounce parser's per-MTA wording) meets
//     the same rules about the envelope.
//
// Text that says nothing Classify knows does not change what the codes
// say: "550 Something went wrong" is decided as "550" is. The basic codes
// follow the Azure Communication Services bounce tables: 521, 525, 550 and
// 553 alone are Hard (and 556, RFC 7504's null MX refusal); 551, 552 and
// 554 alone are Soft. A request to come back later that names no cause
// ("451 4.7.1 Please try again later") is a deferral, usually greylisting:
// Soft, speeding, Greylisted.
//
// A 4xx reply (or a 4.x.x status) is never Hard and is always to be retried,
// even when it is a policy deferral; its Category still says why it failed.
// A 5xx reply is never retried blindly: Retry is set only for a condition
// that passes with time (mailbox or system full, message too big, rate and
// connection limits, network errors, text that calls it temporary or asks
// to try again later), and a Soft 5xx with any other reason (a server
// error, a refused relay, an unexplained 554) is neither retried nor
// suppressed. Hard means Suppress; Spam never suppresses.
//
// The reasons follow Sisimai (https://libsisimai.org) closely, so that
// results can be compared with its labels. Where the Azure Communication
// Services bounce tables disagree with the reason's usual category, the
// table wins for the bare code: 5.1.9 and 5.4.6 on their own are Hard; the RRVS codes
// 5.7.17 and 5.7.18 are securityerror (Spam), and 5.7.27 (the sender's
// null MX) is rejected.
//
// # Codes
//
// [Code] is an RFC 3463 enhanced status code. Its methods [Code.Title] and
// [Code.Description] explain every code of the IANA "SMTP Enhanced Status
// Codes" registry (RFC 3463, 3886, 4468, 4954, 5248, 6531, 6710, 7293,
// 7372, 7505, 8617, 8689) and a few codes that Exchange Online uses outside
// it (5.2.121, 5.4.310, 5.7.509 …); [Code.ClassTitle] and
// [Code.SubjectTitle] explain its parts.
//
// # Leniency
//
// [ParseReply] never fails. It accepts RFC 5321 replies, single and
// multi-line, RFC 3464 Diagnostic-Code values with their diagnostic type
// ("smtp; 550 5.1.1 …"), bare basic or enhanced codes, codes quoted inside
// a text ("host … said: 550 5.1.1 …"), an enhanced code written "#5.1.0",
// and text with no code at all. Text is cut at [MaxReplyText] bytes and the
// text rules read at most 64 KiB, so time and memory stay bounded on hostile
// input. Text rules fold ASCII case, treat runs of white space as one space
// and read typographic apostrophes as "'".
//
// # Concurrency
//
// Every function of the package is safe for concurrent use. A [Classifier]
// is safe for concurrent use by multiple goroutines once its fields are set.
// The built-in rules are compiled once, on first use (5–20 ms measured),
// into an immutable automaton of about 3 MB that reads a reply in one pass;
// Classify allocates nothing, for multi-line replies too (their lines are
// read in place, not joined).
//
// The package never logs and depends only on the standard library and, for
// [ClassifyError], on github.com/emersion/go-smtp's SMTPError.
package bounce
