package bounce

import "slices"

// Proofpoint (Proofpoint Protection Server, Essentials, and the gateways
// of the receivers that use it, iCloud among them).
//
// Sources: https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/Administrator_Topics/000_gettingstarted/Understanding_Error_Codes
// (Vircom's copy: https://vircomhelp.freshdesk.com/support/solutions/articles/48000970901),
// https://ipcheck.proofpoint.com (the block lookup its refusals link).
var proofpointRules = slices.Concat(
	// "554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip=...":
	// the sending IP is on Proofpoint's reputation list; "521 5.7.1 ...
	// Blocked by Proofpoint Dynamic Reputation".
	group(ReasonBlocked, strong, "ipcheck.proofpoint", "dnsbl-lookup.cgi", "proofpoint dynamic reputation"),
	// "451 4.7.1 Temporarily blocked by Proofpoint ... try again later".
	group(ReasonBlocked, strong, "temporarily blocked by proofpoint"),
	// "550 5.7.0 Local Policy Violation" / "Message rejected due to local
	// policy": the customer's rules.
	group(ReasonPolicyViolation, strong, "local policy violation"),
	// "550 5.7.1 Message blocked due to spam content in the message".
	group(ReasonSpamDetected, strong, "spam content in the message"),
)
