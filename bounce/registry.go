package bounce

// This file holds the IANA "SMTP Enhanced Status Codes" registry
// (https://www.iana.org/assignments/smtp-enhanced-status-codes), with a title
// and a one-line description per code, a few codes that large receivers use
// outside the registry (marked as such), and what each code means for
// classification.

// codeEntry describes one subject.detail pair; the class (2, 4 or 5) is
// given by the Code itself.
type codeEntry struct {
	subject, detail uint16
	title           string // the registry's title
	desc            string // one line for a person
	ref             string // where it is defined
	vendor          bool   // not in the IANA registry; used by a large receiver

	// reason is the reason the code implies when it is permanent (5.x.x);
	// temp is the reason when it is transient (4.x.x), "" meaning the same.
	reason, temp Reason
	// hard forces Hard for the permanent form even when reason would not
	// give it (the Azure hard-bounce table counts these codes as hard).
	hard bool
}

// subjectTitles are the RFC 3463 §3 subject sub-code titles.
var subjectTitles = [8]string{
	"Other or Undefined Status",
	"Addressing Status",
	"Mailbox Status",
	"Mail System Status",
	"Network and Routing Status",
	"Mail Delivery Protocol Status",
	"Message Content or Media Status",
	"Security or Policy Status",
}

// subjectDescs explain the subjects (RFC 3463 §3), one line each.
var subjectDescs = [8]string{
	"No more is known about the failure than its class.",
	"Something about the sender's or the recipient's address, its syntax or validity.",
	"Something about the recipient's mailbox, which is under the recipient's control.",
	"Something about the destination mail system, under its administrator's control.",
	"Something about the network or routing: DNS, connections, queues.",
	"Something about the SMTP dialogue itself: commands, syntax, limits.",
	"Something about the content of the message: media, conversion, encoding.",
	"A policy or security decision: authorisation, authentication, encryption, filtering.",
}

// registry lists every code of the IANA registry (as of 2024) in subject and
// detail order, followed by the vendor codes.
var registry = []codeEntry{
	{0, 0, "Other undefined Status", "Nothing more is known than the class of the status.", "RFC 3463", false, ReasonOnHold, "", false},

	{1, 0, "Other address status", "Something about an address caused this status.", "RFC 3463", false, ReasonUserUnknown, ReasonOnHold, false},
	{1, 1, "Bad destination mailbox address", "The mailbox (the part left of @) does not exist at the destination.", "RFC 3463", false, ReasonUserUnknown, "", false},
	{1, 2, "Bad destination system address", "The destination domain (the part right of @) does not exist or cannot accept mail.", "RFC 3463", false, ReasonHostUnknown, "", false},
	{1, 3, "Bad destination mailbox address syntax", "The recipient address is syntactically invalid.", "RFC 3463", false, ReasonUserUnknown, "", false},
	{1, 4, "Destination mailbox address ambiguous", "The recipient address matches more than one mailbox at the destination.", "RFC 3463", false, ReasonUserUnknown, "", false},
	{1, 5, "Destination address valid", "The recipient address is valid (used in positive reports).", "RFC 3463", false, ReasonOnHold, "", false},
	{1, 6, "Destination mailbox has moved, No forwarding address", "The mailbox once existed but no longer accepts mail, and there is no forwarding address.", "RFC 3463", false, ReasonHasMoved, "", false},
	{1, 7, "Bad sender's mailbox address syntax", "The sender address is syntactically invalid.", "RFC 3463", false, ReasonRejected, "", false},
	{1, 8, "Bad sender's system address", "The sender's domain does not exist or cannot accept returned mail.", "RFC 3463", false, ReasonRejected, "", false},
	{1, 9, "Message relayed to non-compliant mailer", "The address was valid but the message was relayed to a system that does not speak this protocol.", "RFC 3886", false, ReasonSystemError, "", true},
	{1, 10, "Recipient address has null MX", "The recipient's domain publishes a null MX: it accepts no mail at all.", "RFC 7505", false, ReasonNotAccept, "", false},

	{2, 0, "Other or undefined mailbox status", "The mailbox exists, but something about it caused this status.", "RFC 3463", false, ReasonFiltered, "", false},
	{2, 1, "Mailbox disabled, not accepting messages", "The mailbox exists but is disabled and does not accept messages.", "RFC 3463", false, ReasonSuspend, "", false},
	{2, 2, "Mailbox full", "The recipient's mailbox is over its quota or out of space.", "RFC 3463", false, ReasonMailboxFull, "", false},
	{2, 3, "Message length exceeds administrative limit", "The message is larger than the recipient's per-mailbox limit.", "RFC 3463", false, ReasonExceedLimit, "", false},
	{2, 4, "Mailing list expansion problem", "The recipient is a mailing list that could not be expanded.", "RFC 3463", false, ReasonFiltered, ReasonSystemError, false},

	{3, 0, "Other or undefined mail system status", "Something about the destination system caused this status.", "RFC 3463", false, ReasonSystemError, ReasonOnHold, false},
	{3, 1, "Mail system full", "The destination system is out of storage.", "RFC 3463", false, ReasonSystemFull, "", false},
	{3, 2, "System not accepting network messages", "The destination host accepts no messages (shutdown, load, maintenance, or never).", "RFC 3463, RFC 7504", false, ReasonNotAccept, "", false},
	{3, 3, "System not capable of selected features", "The destination does not support features the message needs.", "RFC 3463", false, ReasonSystemError, "", false},
	{3, 4, "Message too big for system", "The message is larger than the destination system accepts.", "RFC 3463", false, ReasonMesgTooBig, "", false},
	{3, 5, "System incorrectly configured", "The destination system is misconfigured and cannot accept this message.", "RFC 3463", false, ReasonSystemError, "", false},
	{3, 6, "Requested priority was changed", "The message was accepted, but its requested priority was changed.", "RFC 6710", false, ReasonSystemError, "", false},

	{4, 0, "Other or undefined network or routing status", "Something went wrong with the network or routing.", "RFC 3463", false, ReasonNetworkError, ReasonOnHold, false},
	{4, 1, "No answer from host", "The connection to the destination was not answered.", "RFC 3463", false, ReasonUserUnknown, ReasonExpired, false},
	{4, 2, "Bad connection", "The connection was made but the transaction could not be completed (timeout, bad quality).", "RFC 3463", false, ReasonNetworkError, "", false},
	{4, 3, "Directory server failure", "A directory server (such as DNS) was unavailable.", "RFC 3463", false, ReasonSystemError, "", false},
	{4, 4, "Unable to route", "No route to the destination could be found (e.g. the domain has no MX or A record).", "RFC 3463", false, ReasonHostUnknown, ReasonNetworkError, false},
	{4, 5, "Mail system congestion", "The mail system was congested.", "RFC 3463", false, ReasonSystemFull, "", false},
	{4, 6, "Routing loop detected", "The message was forwarded too many times (a routing or forwarding loop).", "RFC 3463", false, ReasonNetworkError, "", true},
	{4, 7, "Delivery time expired", "The message stayed in the queue too long and delivery was given up.", "RFC 3463", false, ReasonExpired, "", false},

	{5, 0, "Other or undefined protocol status", "Something was wrong with the mail protocol.", "RFC 3463", false, ReasonOnHold, "", false},
	{5, 1, "Invalid command", "A command was out of sequence or not supported.", "RFC 3463", false, ReasonSyntaxError, "", false},
	{5, 2, "Syntax error", "A command could not be interpreted.", "RFC 3463", false, ReasonSyntaxError, "", false},
	{5, 3, "Too many recipients", "The message had more recipients than the destination accepts at once.", "RFC 3463", false, ReasonTooManyConn, "", false},
	{5, 4, "Invalid command arguments", "A command had invalid or unsupported arguments.", "RFC 3463", false, ReasonSystemError, ReasonSyntaxError, false},
	{5, 5, "Wrong protocol version", "The two sides could not agree on a protocol version.", "RFC 3463", false, ReasonSystemError, "", false},
	{5, 6, "Authentication Exchange line is too long", "An AUTH response was longer than the server accepts.", "RFC 4954", false, ReasonSyntaxError, "", false},

	{6, 0, "Other or undefined media error", "Something about the content made the message undeliverable.", "RFC 3463", false, ReasonContentError, "", false},
	{6, 1, "Media not supported", "The message's media type is not supported on the path.", "RFC 3463", false, ReasonContentError, "", false},
	{6, 2, "Conversion required and prohibited", "The content must be converted to be delivered, and conversion is not allowed.", "RFC 3463", false, ReasonContentError, "", false},
	{6, 3, "Conversion required but not supported", "The content must be converted, and the system cannot do it.", "RFC 3463", false, ReasonContentError, "", false},
	{6, 4, "Conversion with loss performed", "The message was converted and lost information (a warning).", "RFC 3463", false, ReasonContentError, "", false},
	{6, 5, "Conversion Failed", "A required conversion of the content failed.", "RFC 3463", false, ReasonContentError, "", false},
	{6, 6, "Message content not available", "Content referenced by the message (e.g. a BURL URL) could not be fetched.", "RFC 4468", false, ReasonContentError, "", false},
	{6, 7, "Non-ASCII addresses not permitted for that sender/recipient", "An internationalized address was used where it is not allowed.", "RFC 6531", false, ReasonContentError, "", false},
	{6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", "The server needs to reply with UTF-8, which the client did not allow.", "RFC 6531", false, ReasonContentError, "", false},
	{6, 9, "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected", "A message with UTF-8 headers cannot reach a recipient that lacks SMTPUTF8.", "RFC 6531", false, ReasonContentError, "", false},
	{6, 10, "Duplicate of X.6.8 (deprecated)", "Registered by mistake as a duplicate of X.6.8; do not use.", "RFC 6531", false, ReasonContentError, "", false},

	{7, 0, "Other or undefined security status", "A security or policy problem caused this status.", "RFC 3463", false, ReasonSecurityError, ReasonOnHold, false},
	{7, 1, "Delivery not authorized, message refused", "The sender is not authorized to send to this destination; a policy refused the message.", "RFC 3463", false, ReasonSecurityError, ReasonBlocked, false},
	{7, 2, "Mailing list expansion prohibited", "The sender may not send to this mailing list.", "RFC 3463", false, ReasonSecurityError, ReasonBlocked, false},
	{7, 3, "Security conversion required but not possible", "The message needs a security conversion the system cannot perform.", "RFC 3463", false, ReasonSecurityError, "", false},
	{7, 4, "Security features not supported", "The message requires security features the system does not support.", "RFC 3463", false, ReasonSecurityError, "", false},
	{7, 5, "Cryptographic failure", "A cryptographic operation (decryption, signature) failed.", "RFC 3463", false, ReasonSecurityError, "", false},
	{7, 6, "Cryptographic algorithm not supported", "The message uses a cryptographic algorithm the system does not support.", "RFC 3463", false, ReasonSecurityError, "", false},
	{7, 7, "Message integrity failure", "The message failed an integrity check (it was corrupted or altered).", "RFC 3463", false, ReasonSecurityError, "", false},
	{7, 8, "Authentication credentials invalid", "SMTP AUTH failed: the credentials are wrong.", "RFC 4954", false, ReasonSecurityError, "", false},
	{7, 9, "Authentication mechanism is too weak", "The SASL mechanism used is too weak for this server's policy.", "RFC 4954", false, ReasonSecurityError, "", false},
	{7, 10, "Encryption Needed", "The connection must be encrypted (STARTTLS) first.", "RFC 5248", false, ReasonFailedSTARTTLS, "", false},
	{7, 11, "Encryption required for requested authentication mechanism", "The chosen AUTH mechanism may only be used over an encrypted connection.", "RFC 4954", false, ReasonSecurityError, "", false},
	{7, 12, "A password transition is needed", "The user must change the password before authenticating.", "RFC 4954", false, ReasonSecurityError, "", false},
	{7, 13, "User Account Disabled", "The recipient's account is disabled or suspended.", "RFC 5248", false, ReasonSuspend, "", false},
	{7, 14, "Trust relationship required", "The server needs a trust relationship with the client (e.g. for BURL).", "RFC 5248", false, ReasonSecurityError, "", false},
	{7, 15, "Priority Level is too low", "The message's priority is too low to be accepted now.", "RFC 6710", false, ReasonSecurityError, "", false},
	{7, 16, "Message is too big for the specified priority", "The message is too large for the priority it requested.", "RFC 6710", false, ReasonMesgTooBig, "", false},
	{7, 17, "Mailbox owner has changed", "RRVS: the mailbox changed owner since the date the sender gave.", "RFC 7293", false, ReasonSecurityError, "", false},
	{7, 18, "Domain owner has changed", "RRVS: the domain changed owner since the date the sender gave.", "RFC 7293", false, ReasonSecurityError, "", false},
	{7, 19, "RRVS test cannot be completed", "The Require-Recipient-Valid-Since check could not be done.", "RFC 7293", false, ReasonSecurityError, "", false},
	{7, 20, "No passing DKIM signature found", "The message has no DKIM signature that verifies.", "RFC 7372", false, ReasonAuthFailure, "", false},
	{7, 21, "No acceptable DKIM signature found", "The message has passing DKIM signatures, but none acceptable to the receiver.", "RFC 7372", false, ReasonAuthFailure, "", false},
	{7, 22, "No valid author-matched DKIM signature found", "No passing DKIM signature matches the From address's domain.", "RFC 7372", false, ReasonAuthFailure, "", false},
	{7, 23, "SPF validation failed", "The SPF check of the sender failed.", "RFC 7372", false, ReasonAuthFailure, "", false},
	{7, 24, "SPF validation error", "The SPF check of the sender gave an error.", "RFC 7372", false, ReasonAuthFailure, "", false},
	{7, 25, "Reverse DNS validation failed", "The sending IP address failed a reverse DNS (PTR) check.", "RFC 7372", false, ReasonRequirePTR, "", false},
	{7, 26, "Multiple authentication checks failed", "The message failed more than one authentication check (SPF, DKIM, DMARC).", "RFC 7372", false, ReasonAuthFailure, "", false},
	{7, 27, "Sender address has null MX", "The sender's domain publishes a null MX, so it could not receive a bounce.", "RFC 7505", false, ReasonRejected, "", false},
	{7, 28, "Mail flood detected", "The message looks like part of a flood of similar abusive messages.", "IANA (2019)", false, ReasonSpamDetected, "", false},
	{7, 29, "ARC validation failure", "The message failed Authenticated Received Chain validation.", "RFC 8617", false, ReasonAuthFailure, "", false},
	{7, 30, "REQUIRETLS support required", "The message requires REQUIRETLS, which the next hop does not support.", "RFC 8689", false, ReasonFailedSTARTTLS, "", false},

	// Codes outside the registry that large receivers return.
	{2, 121, "Recipient's hourly receive limit from this sender exceeded", "The recipient received too many messages from this sender in the last hour.", "Exchange Online", true, ReasonSpeeding, "", false},
	{2, 122, "Recipient's hourly receive limit exceeded", "The recipient received too many messages in the last hour.", "Exchange Online", true, ReasonSpeeding, "", false},
	{4, 300, "Message expired", "The message could not be delivered before it expired in the queue.", "Exchange Online", true, ReasonExpired, "", false},
	{4, 310, "DNS domain does not exist", "The recipient's domain does not exist in DNS.", "Exchange Online", true, ReasonHostUnknown, ReasonNetworkError, false},
	{4, 316, "Connection refused", "The destination refused the connection until the message expired.", "Exchange Online", true, ReasonExpired, "", false},
	{4, 317, "STARTTLS required but failed", "The destination did not offer STARTTLS or the TLS handshake failed.", "Exchange Online", true, ReasonFailedSTARTTLS, "", false},
	{7, 51, "Tenant inbound attribution", "The receiving tenant's connector restrictions (IP addresses or certificate) refused the message.", "Exchange Online", true, ReasonSecurityError, "", false},
	{7, 501, "Access denied, spam abuse detected", "The sending account was banned for sending spam.", "Exchange Online", true, ReasonSpamDetected, "", false},
	{7, 506, "Access denied, bad HELO", "The sending server introduced itself with the receiver's own name.", "Exchange Online", true, ReasonBlocked, "", false},
	{7, 507, "Access denied, rejected by recipient", "The recipient's organisation blocked the sending IP address.", "Exchange Online", true, ReasonBlocked, "", false},
	{7, 509, "Access denied, sending domain does not pass DMARC verification", "The From domain's DMARC policy is reject and the message failed DMARC.", "Exchange Online", true, ReasonAuthFailure, "", false},
	{7, 510, "Access denied, the domain does not accept email over IPv6", "The recipient's domain does not accept mail over IPv6.", "Exchange Online", true, ReasonBlocked, "", false},
	{7, 511, "Access denied, banned sender", "The sending IP address is banned.", "Exchange Online", true, ReasonBlocked, "", false},
	{7, 512, "Access denied, message must be RFC 5322 section 3.6.2 compliant", "The message has no valid From header.", "Exchange Online", true, ReasonNotCompliantRFC, "", false},
	{7, 513, "Service unavailable, client host blocked using Customer Block list", "The recipient's organisation blocked the sending IP address.", "Exchange Online", true, ReasonBlocked, "", false},
	{7, 515, "Access denied, sending domain does not meet the required authentication level", "The From domain failed the receiver's SPF/DKIM/DMARC requirements.", "Exchange Online", true, ReasonAuthFailure, "", false},
	{7, 520, "Access denied, organisation policy", "The recipient's organisation does not accept this message.", "Exchange Online", true, ReasonPolicyViolation, "", false},
	{7, 705, "Access denied, tenant has exceeded threshold", "The sending tenant was blocked for sending too much spam.", "Exchange Online", true, ReasonBadReputation, "", false},
	{7, 708, "Access denied, traffic not accepted from this IP", "The sending IP address has a bad reputation.", "Exchange Online", true, ReasonBadReputation, "", false},
}

// codeIndex finds a registry entry by subject and detail: small details are
// looked up directly, the few large vendor details by a short scan.
type codeIndex struct {
	small [8][32]int16 // index+1 into registry, 0 when absent
}

var regIndex = buildCodeIndex()

func buildCodeIndex() *codeIndex {
	x := &codeIndex{}
	for i, e := range registry {
		if e.subject < 8 && e.detail < 32 {
			x.small[e.subject][e.detail] = int16(i + 1)
		}
	}
	return x
}

// lookupCode returns the registry entry of c's subject and detail, or nil.
func lookupCode(c Code) *codeEntry {
	if c.Subject >= 8 {
		return nil
	}
	if c.Detail < 32 {
		if i := regIndex.small[c.Subject][c.Detail]; i > 0 {
			return &registry[i-1]
		}
		return nil
	}
	for i := range registry {
		e := &registry[i]
		if e.subject == c.Subject && e.detail == c.Detail {
			return e
		}
	}
	return nil
}

// Title returns the registered title of c's subject and detail ("Bad
// destination mailbox address" for 5.1.1), or "" when the code is not in the
// IANA registry nor one of the few well-known vendor codes (see [Code.Registered]).
func (c Code) Title() string {
	if e := lookupCode(c); e != nil {
		return e.title
	}
	return ""
}

// Description returns a one-line explanation of c's subject and detail for a
// person, or "" when the code is not known.
func (c Code) Description() string {
	if e := lookupCode(c); e != nil {
		return e.desc
	}
	return ""
}

// Registered reports whether c's subject and detail are in the IANA "SMTP
// Enhanced Status Codes" registry. Vendor codes that [Code.Title] knows, such
// as Exchange Online's 5.4.310, are not registered.
func (c Code) Registered() bool {
	e := lookupCode(c)
	return e != nil && !e.vendor
}

// ClassTitle returns the RFC 3463 title of c's class: "Success",
// "Persistent Transient Failure" or "Permanent Failure"; "" for others.
func (c Code) ClassTitle() string {
	switch c.Class {
	case 2:
		return "Success"
	case 4:
		return "Persistent Transient Failure"
	case 5:
		return "Permanent Failure"
	}
	return ""
}

// SubjectTitle returns the RFC 3463 title of c's subject ("Addressing Status"
// for X.1.X), or "" when the subject is above 7.
func (c Code) SubjectTitle() string {
	if c.Subject < 8 {
		return subjectTitles[c.Subject]
	}
	return ""
}

// SubjectDescription returns a one-line explanation of c's subject for a
// person, or "" when the subject is above 7.
func (c Code) SubjectDescription() string {
	if c.Subject < 8 {
		return subjectDescs[c.Subject]
	}
	return ""
}
