package bounce

// Reason says why a message was not delivered, with the vocabulary of
// Sisimai, the de-facto standard of bounce classification (userunknown,
// mailboxfull, blocked …). The zero value means the reason is not known.
type Reason string

// The reasons. Each constant holds its wire word, used in JSON, logs and SQL.
const (
	ReasonNone            Reason = ""                // not classified
	ReasonUserUnknown     Reason = "userunknown"     // the mailbox does not exist
	ReasonHostUnknown     Reason = "hostunknown"     // the domain does not exist or has no mail host
	ReasonHasMoved        Reason = "hasmoved"        // the recipient has moved (RFC 3463 5.1.6)
	ReasonNotAccept       Reason = "notaccept"       // the domain accepts no mail (null MX, RFC 7505)
	ReasonSuspend         Reason = "suspend"         // the mailbox is disabled or suspended
	ReasonMailboxFull     Reason = "mailboxfull"     // the mailbox is over quota
	ReasonExceedLimit     Reason = "exceedlimit"     // the message exceeds a per-mailbox limit
	ReasonMesgTooBig      Reason = "mesgtoobig"      // the message is too large
	ReasonSystemFull      Reason = "systemfull"      // the receiving system is out of storage
	ReasonExpired         Reason = "expired"         // delivery was given up after retrying too long
	ReasonNetworkError    Reason = "networkerror"    // DNS, routing or connection failure
	ReasonSystemError     Reason = "systemerror"     // an error of the receiving system
	ReasonTooManyConn     Reason = "toomanyconn"     // too many connections
	ReasonSpeeding        Reason = "speeding"        // rate limited
	ReasonMailerError     Reason = "mailererror"     // a local delivery program failed
	ReasonSyntaxError     Reason = "syntaxerror"     // an SMTP syntax error
	ReasonNoRelaying      Reason = "norelaying"      // relaying denied
	ReasonFailedSTARTTLS  Reason = "failedstarttls"  // STARTTLS failed or TLS required
	ReasonBlocked         Reason = "blocked"         // the sending IP or host is blocked (blocklists, PTR…)
	ReasonSpamDetected    Reason = "spamdetected"    // the content was judged spam
	ReasonPolicyViolation Reason = "policyviolation" // a policy of the receiver refused it
	ReasonAuthFailure     Reason = "authfailure"     // SPF, DKIM or DMARC failed
	ReasonBadReputation   Reason = "badreputation"   // the sender's reputation is too low
	ReasonRequirePTR      Reason = "requireptr"      // the sending IP has no valid reverse DNS
	ReasonContentError    Reason = "contenterror"    // the content or headers are invalid
	ReasonVirusDetected   Reason = "virusdetected"   // a virus was found
	ReasonRejected        Reason = "rejected"        // the envelope sender was rejected
	ReasonFiltered        Reason = "filtered"        // a recipient-side filter refused it
	ReasonSecurityError   Reason = "securityerror"   // an authentication or security error
	ReasonNotCompliantRFC Reason = "notcompliantrfc" // the message does not comply with the RFCs
	ReasonOnHold          Reason = "onhold"          // the reason could not be decided yet
	ReasonUndefined       Reason = "undefined"       // a failure whose reason is unknown
	ReasonFeedback        Reason = "feedback"        // a complaint (ARF, RFC 5965)
	ReasonVacation        Reason = "vacation"        // an auto-reply (RFC 3834)
	ReasonDelivered       Reason = "delivered"       // the message was delivered
)

// String returns the wire word of r.
func (r Reason) String() string { return string(r) }

// reasons lists every Reason but ReasonNone.
var reasons = [...]Reason{
	ReasonUserUnknown, ReasonHostUnknown, ReasonHasMoved, ReasonNotAccept, ReasonSuspend,
	ReasonMailboxFull, ReasonExceedLimit, ReasonMesgTooBig, ReasonSystemFull, ReasonExpired,
	ReasonNetworkError, ReasonSystemError, ReasonTooManyConn, ReasonSpeeding, ReasonMailerError,
	ReasonSyntaxError, ReasonNoRelaying, ReasonFailedSTARTTLS, ReasonBlocked, ReasonSpamDetected,
	ReasonPolicyViolation, ReasonAuthFailure, ReasonBadReputation, ReasonRequirePTR,
	ReasonContentError, ReasonVirusDetected, ReasonRejected, ReasonFiltered, ReasonSecurityError,
	ReasonNotCompliantRFC, ReasonOnHold, ReasonUndefined, ReasonFeedback, ReasonVacation,
	ReasonDelivered,
}

// known reports whether r is one of the Reason constants other than ReasonNone.
func (r Reason) known() bool {
	for _, k := range reasons {
		if r == k {
			return true
		}
	}
	return false
}

// Category returns the category that a failure with reason r falls in when
// it is permanent (a 5xx reply); a transient failure (4xx) is never Hard.
// Delivered, vacation and ReasonNone have the zero Category.
func (r Reason) Category() Category { return r.category(true) }
