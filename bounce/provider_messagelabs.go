package bounce

import "slices"

// Symantec Email Security.cloud (formerly MessageLabs, now Broadcom), a
// filtering service in front of many company domains. Its own refusals
// name the filter that fired ("Denied (Mode: normal)"), and Broadcom's
// knowledge base lists the texts its customers meet most.
//
// Sources: https://knowledge.broadcom.com/external/article/162445 (bounces
// returned by MAILER-DAEMON@messagelabs.com, grouped by cause),
// https://knowledge.broadcom.com/external/article/169925 (common spam
// filtering error codes), http://www.symanteccloud.com/nl/nl/supportcentre/information/r_troublshooting.
var messagelabsRules = slices.Concat(
	// "554 Denied (Mode: normal)": listed by Broadcom under "the recipient
	// server finds something suspicious in the message content"; the mode
	// is the strength of the content filter.
	group(ReasonSpamDetected, strong, "denied (mode:"),
	// "552 MS-Office file containing VBA macros found inside of the
	// email": an attachment-type rule of the recipient's organisation. The
	// page lists it under content; it is a rule about what may be
	// attached, not a verdict of spam, so policyviolation (a 552 must not
	// read as a full mailbox).
	group(ReasonPolicyViolation, strong, "containing vba macros"),
	// "550 5.7.1 Message rejected due to content restrictions".
	group(ReasonPolicyViolation, strong, "due to content restrictions"),
	// "554 Rejected due to banned content", listed with "rejected due to
	// spam content".
	group(ReasonSpamDetected, strong, "rejected due to banned content", "rejected due to spam content"),
	// "551 Sender is on domain's blacklist": the sender's address is on
	// the recipient domain's own list, so the sender is refused.
	group(ReasonRejected, strong, "on domain's blacklist"),
)
