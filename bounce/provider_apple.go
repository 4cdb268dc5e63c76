package bounce

import "slices"

// iCloud Mail (icloud.com, me.com, mac.com). iCloud writes a bracketed
// code before the text ("554 5.7.1 [CS01] Message rejected due to local
// policy").
//
// Source: https://support.apple.com/en-us/102322 (Postmaster information
// for iCloud Mail).
var appleRules = slices.Concat(
	// [CS01], [HM07], [HM08]: "Message rejected due to local policy".
	group(ReasonPolicyViolation, strong, "[cs01]", "[hm07]", "[hm08]"),
	// [HME1]: "blocked for failing both SPF and DKIM authentication checks".
	group(ReasonAuthFailure, strong, "[hme1]"),
	// [IPTS04]: "Messages from [IP] temporarily deferred due to user
	// complaints": the sending IP.
	group(ReasonBlocked, strong, "[ipts04]"),
	// "550 5.1.1 <someone@icloud.com>: inactive email address", "550
	// 5.1.1 unknown or illegal alias": iCloud's answers for an address
	// it does not have, as iCloud writes them after the address (a
	// general "inactive email" is a suspended mailbox).
	group(ReasonUserUnknown, strong, ">: inactive email address"),
)
