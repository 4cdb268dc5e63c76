package bounce

import "slices"

// Cox (cox.net). Cox writes a code after "AUP#" or in parentheses
// ("554 ... AUP#CXBL", "421 cmsmtp blocked ... AUP#CXCNCT").
//
// Source: https://www.cox.com/business/support/cox-postmaster-administration.html
// and its Error Codes table (http://postmaster.cox.net/confluence/display/postmaster/Error+Codes).
var coxRules = slices.Concat(
	// "The sending IP address has been blocked by Cox due to exhibiting
	// spam-like behavior" (CXBL), "temporarily blocked" (CDRBL), and the
	// IPBL codes: "The sending IP is listed in the Spamhaus Zen / Return
	// Path / Invaluement / Cloudmark CSI DNSBL" (one bit per list).
	group(ReasonBlocked, strong, "cxbl", "cdrbl", "ipbl0", "ipbl1",
		// "too many bad commands", "exceeded the threshold of invalid
		// recipients": the sending IP is blocked for a while.
		"too many bad commands from", "too many invalid recipients"),
	// URLBL: "A URL within the body of the message was found on blocklists".
	group(ReasonSpamDetected, strong, "urlbl0", "urlbl1"),
	// CXDNS: "The Reverse DNS (rDNS) lookup for your IP address is failing".
	group(ReasonRequirePTR, strong, "cxdns", "rejected - no rdns", "dns check failure - try again later"),
	// CXSNDR: "Your email failed authentication checks against your sending
	// domain's SPF, DomainKeys, or DKIM policy".
	group(ReasonAuthFailure, strong, "cxsndr"),
	// CXSMTP: "There was a violation of SMTP protocol ... unable to verify
	// that it came from a legitimate email sender".
	group(ReasonRejected, strong, "cxsmtp"),
	// CXCNCT: "a limit to the number of concurrent SMTP connections per IP
	// address"; CXMXRT: "The email sender has exceeded the maximum number of
	// sent email allowed" (a rate: Soft).
	group(ReasonTooManyConn, strong, "cxcnct", "cxmxrt", "message threshold exceeded"),
	// CXTHRT, CXMJ: "Email sending limited/blocked due to suspicious account
	// activity" on the sender's own Cox account.
	group(ReasonSecurityError, strong, "cxthrt", "cxmj"),
	// "attachment extension is forbidden": a file type Cox refuses; "ESMTP
	// no data before greeting": "The sending server has attempted to
	// communicate too soon within the SMTP transaction".
	group(ReasonPolicyViolation, strong, "attachment extension is forbidden", "esmtp no data before greeting"),
	// "ESMTP server temporarily not available": "Our systems are
	// experiencing an issue which is causing a temporary inability to
	// accept new email."
	group(ReasonSystemError, strong, "esmtp server temporarily not available"),
)
