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

	// Broadcom's articles on the refusals of Email Security.cloud itself
	// (knowledge.broadcom.com/external/article/N, N cited per entry).
	//
	// 175407: "553 DMARC domain authentication fail", "553-SPF (Sender
	// Policy Framework) domain authentication fail".
	group(ReasonAuthFailure, strong, "domain authentication fail"),
	// 164955: "501 Connection rejected by policy [7.7] 20805, please visit
	// www.messagelabs.com/support ...": "my IP has a negative reputation
	// with Symantec". The bracketed rule number keeps other filters'
	// "connection rejected by policy" out.
	group(ReasonBadReputation, strong, "connection rejected by policy ["),
	// 165165: "553-mail rejected because your IP is in the PBL".
	group(ReasonBlocked, strong, "your ip is in the pbl"),
	// 169652 and 173082: "553 Sorry, your domain has been blocked", "...
	// your email address has been blocked", "... has been blacklisted":
	// the sender's domain or address is on the recipient's own block list,
	// so the sender is refused (the IP address form stays blocked).
	group(ReasonRejected, strong, "your domain has been blocked", "your email address has been blocked",
		"your domain has been blacklisted", "your email address has been blacklisted"),
	// 169652: "550 sender envelope domain not allowed for sender IP address
	// (#5.1.8)": the sending domain is not registered for that IP.
	group(ReasonRejected, strong, "sender envelope domain not allowed"),
	// 169652: "553 Stray linefeeds in message (#5.6.2)": a bare LF in the
	// body, which RFC 5322 forbids.
	group(ReasonContentError, strong, "stray linefeeds in message"),
	// 169652: "550 [192.0.2.1] has detected that this message is not RFC
	// 5322", and the short form "550 Requested action aborted [4]".
	group(ReasonNotCompliantRFC, strong, "message is not rfc 5322", "requested action aborted [4]"),
	// 169652: "Please turn on SMTP Authentication in your mail client".
	group(ReasonSecurityError, strong, "turn on smtp authentication"),
	// 173867: "filtered by Outbound scanning": the anti-spam service took
	// the message for spam. Its "553-Message filtered. Please see the
	// FAQs section on spam" is decided on the service's servers only
	// (host.go); elsewhere "message filtered" stays filtered.
	group(ReasonSpamDetected, strong, "filtered by outbound scanning"),
	// 165163 and 175710: "550-Invalid recipient <...> 550 (#5.1.1)",
	// "553 Recipient mailbox is not allowed": no such address.
	group(ReasonUserUnknown, strong, "recipient mailbox is not allowed"),
)
