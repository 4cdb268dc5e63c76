package bounce

import "slices"

// GoDaddy (secureserver.net). Replies end with an "IBnnn" code.
//
// Source: https://ca.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685
var godaddyRules = slices.Concat(
	// IB103: "This IP has a poor reputation on Cloudmark Sender
	// Intelligence (CSI)".
	group(ReasonBadReputation, strong, "ib103"),
	// IB104-IB106: "listed on the Spamhaus Block List (SBL) / Exploits Block
	// List (XBL) / Policy Block List (PBL)"; IB110/IB111: "temporarily
	// blocked / blocked for the day, for attempting to send too many
	// messages containing content judged to be spam"; IB112/IB113: the same
	// "for attempting to mail too many invalid recipients"; "554 RBL
	// Reject": GoDaddy's own RBL.
	group(ReasonBlocked, strong, "ib104", "ib105", "ib106", "ib110", "ib111", "ib112", "ib113", "rbl reject"),
	// IB108: "421 Temporarily rejected. Reverse DNS for this IP failed."
	group(ReasonRequirePTR, strong, "ib108"),
	// IB212: "rejected due to content judged to be spam by the internet
	// community"; "Message rejected for spam or virus content".
	group(ReasonSpamDetected, strong, "ib212", "message rejected for spam or virus content"),
	// IB705: "Virus infected message rejected."
	group(ReasonVirusDetected, strong, "ib705"),
	// IB007: "too many sessions from This IP"; IB605: "This message
	// contains too many recipients".
	group(ReasonTooManyConn, strong, "ib007", "ib605"),
	// IB101: "Server temporarily unavailable ... higher than normal email
	// volume"; IB504: "This IP has sent too many messages this hour";
	// IB510: "exceeded the max number of messages per session"; IB607:
	// "too many recipients this hour".
	group(ReasonSpeeding, strong, "ib101", "ib504", "ib510", "ib607"),
	// IB401: "Authentication not allowed on IBSMTP Servers" (the sender
	// used the inbound servers to send).
	group(ReasonSecurityError, strong, "ib401"),
	// IB501/IB502: "Blank From: addresses are not allowed", "IP addresses
	// are not allowed as a From: Address".
	group(ReasonNotCompliantRFC, strong, "ib501", "ib502"),
	// IB506: "From: Domain is invalid".
	group(ReasonRejected, strong, "ib506"),
	// IB508: "Invalid SPF record".
	group(ReasonAuthFailure, strong, "ib508"),
	// "Account storage limit": "The recipient's account has reached its
	// storage limit".
	group(ReasonMailboxFull, strong, "account storage limit"),
)
