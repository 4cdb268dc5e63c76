package bounce

import "slices"

// Yahoo, AOL and Verizon (verizon.net mail is served by Yahoo since 2017).
// Yahoo writes a bracketed code before the text ("[TSS04]", "[BL21]").
//
// Source: https://senders.yahooinc.com/smtp-error-codes
// (formerly https://postmaster.yahooinc.com/error-codes).
var yahooRules = slices.Concat(
	// [TSS04]/[TSS05]: "temporarily deferred due to unexpected volume or
	// user complaints": Yahoo's reading of the sender's reputation.
	group(ReasonBadReputation, strong, "[tss04]", "[tss05]"),
	// [TS01]-[TS03], [TSS09], [TSS11]: "temporarily deferred due to user
	// complaints", "All messages from [IP] will be permanently deferred";
	// [BL21]-[BL23]: "Connections will not be accepted from [IP], because
	// the ip is in Spamhaus's list".
	group(ReasonBlocked, strong, "[ts01]", "[ts02]", "[ts03]", "[tss09]", "[tss11]",
		"[bl21]", "[bl22]", "[bl23]", "because the ip is in spamhaus",
		"not accepted from ip addresses on spamhaus"),
	// [PH01]: "Email not accepted for policy reasons".
	group(ReasonPolicyViolation, strong, "[ph01]", "not accepted for policy reasons"),
	// "553 5.7.1 [BL21]"... and "headers are not RFC compliant".
	group(ReasonNotCompliantRFC, strong, "headers are not rfc compliant"),
	// "554 delivery error: dd This user doesn't have a yahoo.com account".
	group(ReasonUserUnknown, strong, "dd this user doesn't have a"),
	// "554 30 Sorry, your message ... This mailbox is disabled (554.30)";
	// "... has been disabled or discontinued".
	group(ReasonSuspend, strong, "this mailbox is disabled"),
	// "451 Message temporarily deferred due to unresolvable RFC.5321 from
	// domain": the sender's domain does not resolve.
	group(ReasonRejected, strong, "unresolvable-from-domain"),
)
